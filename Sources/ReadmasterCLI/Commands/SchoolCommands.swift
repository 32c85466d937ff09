import Foundation
import ReadmasterCore
import ReadmasterStore

/// `progress school` and `progress recompute`.
enum SchoolCommands {
    static let school = CommandSpec(
        "school", summary: "every class: students, readings, median WCPM and percentile, share at risk",
        options: [OptionSpec(.school, value: "NAME", help: "only classes of this school")], handler: runSchool)

    static let recompute = CommandSpec(
        "recompute", summary: "materialise monthly progress into progress_tracking (incremental unless --full)",
        options: [OptionSpec(.full, help: "recompute every student")], handler: runRecompute)

    static func runSchool(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession(requiring: .readSchoolReport, "may not see school reports") { conn, acting in
            let classes = ClassRecords(conn), progress = ProgressRecords(conn), users = UserRecords(conn)
            var t = Table(columns: [.init("class"), .init("school"), .init("grade_level", numeric: true), .init("students", numeric: true),
                                    .init("readings", numeric: true), .init("median_wcpm", numeric: true), .init("median_percentile", numeric: true),
                                    .init("at_risk_pct", numeric: true)])
            for c in try classes.list(visibleTo: acting.viewer, limit: 100_000)
            where inv.value(.school).map({ c.schoolName?.lowercased() == $0.lowercased() }) ?? true {
                let points = try progress.classPoints(c.id)
                var latest: [Double] = [], percentiles: [Double] = [], atRisk = 0, readings = 0
                for member in try classes.students(of: c.id, includeInactive: false) {
                    guard let u = try users.find(member.email) else { continue }
                    let summary = ProgressSummary(points: points[u.id] ?? [], grade: u.gradeLevel ?? c.gradeLevel)
                    readings += summary.assessments
                    if let w = summary.latestWCPM { latest.append(w) }
                    if let p = summary.percentile { percentiles.append(p) }
                    if summary.atRisk { atRisk += 1 }
                }
                func median(_ v: [Double]) -> JSONValue {
                    guard !v.isEmpty else { return .null }
                    let s = v.sorted()
                    return .double((s[s.count / 2] * 10).rounded() / 10)
                }
                t.rows.append([.string(c.name), c.schoolName.map(JSONValue.string) ?? .null, c.gradeLevel.map { .int(Int64($0)) } ?? .null,
                               .int(Int64(c.activeStudents)), .int(Int64(readings)), median(latest), median(percentiles),
                               c.activeStudents > 0 ? .double((Double(atRisk) / Double(c.activeStudents) * 1000).rounded() / 10) : .null])
            }
            inv.emit(t)
            return ExitCodes.ok
        }
    }

    static func runRecompute(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession(requiring: .recomputeProgress, "may not recompute progress") { conn, acting in
            let started = Date()
            let (students, rows) = try ProgressTracking(conn).recompute(full: inv.flag(.full))
            inv.emit(record: [("students", .int(Int64(students))), ("rows", .int(Int64(rows))),
                              ("seconds", .double((Date().timeIntervalSince(started) * 100).rounded() / 100))])
            return ExitCodes.ok
        }
    }
}
