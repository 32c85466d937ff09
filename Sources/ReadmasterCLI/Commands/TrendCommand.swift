import Foundation
import ReadmasterCore
import ReadmasterStore

/// `progress trend STUDENT`: a reader's metric over time, as a table with a sparkline on
/// a terminal, as data, or as an SVG line chart (`--format svg`) with the grade-norm
/// band and the goal's aimline.
enum TrendCommand {
    static let spec = CommandSpec(
        "trend", summary: "a student's WCPM or accuracy over time (--format svg draws a chart with norm bands and the goal)",
        arguments: [ArgumentSpec("STUDENT", help: "email or id")],
        options: [OptionSpec("metric", value: "METRIC", help: "what to plot (default wcpm)", choices: ["wcpm", "accuracy"])],
        examples: ["readmaster progress trend ana@school.org --format svg > ana.svg"],
        handler: run)

    static func run(_ inv: Invocation) throws -> Int32 {
        let metric = inv.value("metric") ?? "wcpm"
        let conn = try inv.openDatabase()
        defer { conn.close() }
        let (s, _) = try GoalCommands.student(inv, conn, .readResults)
        let points = try ProgressRecords(conn).points(student: s.id)
        let series: [(Date, Double)] = points.compactMap { p in
            metric == "accuracy" ? p.accuracy.map { (p.date, $0) } : (p.date, p.wcpm)
        }
        if inv.globals.format == .svg {
            let goal = try GoalRecords(conn).list(student: s.id).first { $0.metric == metric && $0.completedAt == nil }
            let chartGoal = goal.flatMap { g -> TrendChart.Goal? in
                guard let b = g.baseline, let start = Timestamp.parse(g.startDate), let due = Timestamp.parse(g.dueDate) else { return nil }
                return TrendChart.Goal(start: start, baseline: b, due: due, target: g.target)
            }
            let title = "\(s.firstName) \(s.lastName) — \(metric == "wcpm" ? "words correct per minute" : "accuracy")"
            inv.out.write(TrendChart(title: title, metric: metric, points: series, grade: s.gradeLevel, goal: chartGoal).svg())
            return ExitCodes.ok
        }
        var t = Table(columns: [.init("date"), .init(metric, numeric: true), .init("percentile", numeric: true)])
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        t.rows = series.map { d, v in
            let season = GradeNorms.Season.of(month: cal.component(.month, from: d))
            let p = metric == "wcpm" ? s.gradeLevel.flatMap { GradeNorms.percentile(wcpm: v, grade: $0, season: season) } : nil
            return [.string(String(Timestamp.format(d).prefix(10))), .double((v * 10).rounded() / 10), p.map(JSONValue.double) ?? .null]
        }
        inv.emit(t)
        if (inv.globals.format ?? .table) == .table, inv.out.isTerminal, !series.isEmpty {
            inv.out.line("\n\(metric) \(TrendChart.sparkline(series.map(\.1)))  \(Int(series.first!.1)) → \(Int(series.last!.1))")
        }
        return ExitCodes.ok
    }
}
