import Foundation
import ReadmasterCore

/// Materialises monthly progress (median WCPM and accuracy per student per month) into
/// progress_tracking, incrementally: only students with readings graded or corrected
/// since the last run are recomputed.
public struct ProgressTracking {
    public let connection: any Connection
    static let markerKey = "progress_recompute_at"

    public init(_ connection: any Connection) { self.connection = connection }

    static let upsert = Upsert(
        table: "progress_tracking",
        columns: ["id", "student_id", "metric", "period", "period_start", "period_end", "value", "sample_count", "last_calculated_at"],
        conflict: "(student_id, metric, period, period_start)", updates: ["period_end", "value", "sample_count", "last_calculated_at"])

    /// Returns (students recomputed, rows written).
    public func recompute(full: Bool) throws -> (students: Int, rows: Int) {
        try connection.transaction(immediate: true) {
            let last = full ? nil : try connection.queryOne("SELECT value FROM system_configurations WHERE key = $1", [.text(ProgressTracking.markerKey)])
                .flatMap { try $0.json("value") }.flatMap { try? JSONParser.parse($0) }.flatMap { v -> Date? in
                    if case let .string(s) = v { return Timestamp.parse(s) }
                    return nil
                }
            let started = Date()
            let students: [UUID] = try connection.query(last == nil
                ? "SELECT DISTINCT student_id FROM assessments WHERE status = 'completed'"
                : """
                  SELECT DISTINCT a.student_id FROM assessments a JOIN assessment_results r ON r.assessment_id = a.id
                  WHERE a.updated_at >= $1 OR r.created_at >= $1
                     OR r.id IN (SELECT result_id FROM result_corrections WHERE created_at >= $1)
                  """, last.map { [.date($0)] } ?? []).map { try $0.uuid("student_id") }
            let cal = Calendar.utc
            var rows: [[SQLValue]] = []
            let records = ProgressRecords(connection)
            let stamp = SQLValue.text(Timestamp.format(started))
            for s in students {
                var months: [Date: [ProgressSummary.Point]] = [:]
                for p in try records.points(student: s) {
                    let start = cal.date(from: cal.dateComponents([.year, .month], from: p.date))!
                    months[start, default: []].append(p)
                }
                for (start, points) in months {
                    let end = cal.date(byAdding: DateComponents(month: 1, day: -1), to: start)!
                    let day = { (d: Date) in SQLValue.text(String(Timestamp.format(d).prefix(10))) }
                    let wcpm = points.map(\.wcpm).sorted()
                    rows.append([.uuid(UUID()), .uuid(s), .text("wcpm"), .text("month"), day(start), day(end), .double(wcpm[wcpm.count / 2]), .int(points.count), stamp])
                    let acc = points.compactMap(\.accuracy).sorted()
                    if !acc.isEmpty {
                        rows.append([.uuid(UUID()), .uuid(s), .text("accuracy"), .text("month"), day(start), day(end), .double(acc[acc.count / 2]), .int(acc.count), stamp])
                    }
                }
                if rows.count >= 5000 {
                    try ProgressTracking.upsert.run(rows, on: connection)
                    rows.removeAll(keepingCapacity: true)
                }
            }
            try ProgressTracking.upsert.run(rows, on: connection)
            let written = rows.count
            try connection.execute("""
                INSERT INTO system_configurations (key, value, description, updated_at) VALUES ($1, $2, 'last progress recompute', $3)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """, [.text(ProgressTracking.markerKey), .json(JSONValue.string(Timestamp.format(started)).serialized()), .date(started)])
            _ = written
            let total = Int(try connection.queryOne("SELECT count(*) AS c FROM progress_tracking WHERE last_calculated_at = $1", [stamp])?.int("c") ?? 0)
            return (students.count, total)
        }
    }
}
