import Foundation
import ReadmasterCore
import ReadmasterStore

/// `progress trend STUDENT` or `progress trend --class NAME`: a reader's (or a class's
/// monthly median) metric over time, as a table with a sparkline on a terminal, as data,
/// or as an SVG line chart (`--format svg`) with the grade-norm band and the goal's aimline.
enum TrendCommand {
    static let spec = CommandSpec(
        "trend", summary: "a student's (or a class's monthly median) WCPM or accuracy over time (--format svg draws a chart)",
        arguments: [ArgumentSpec("STUDENT", help: "email or id (or give --class)", optional: true)],
        options: [OptionSpec(.metric, value: "METRIC", help: "what to plot (default wcpm)", choices: Metric.self),
                  OptionSpec(.class, value: "NAME|ID", help: "the class instead of a student: the median of its readings per month")],
        examples: ["readmaster progress trend ana@school.org --format svg > ana.svg",
                   "readmaster progress trend --class 3B --format svg > 3b.svg"],
        specialFormats: [.svg], handler: run)

    /// What a trend plots.
    enum Metric: String, CaseIterable { case wcpm, accuracy }

    static func run(_ inv: Invocation) throws -> Int32 {
        let metric = (inv.choice(.metric, as: Metric.self) ?? .wcpm).rawValue
        if let name = inv.value(.class) {
            guard inv.arguments.isEmpty else { throw CLIError.usage("progress trend: give a STUDENT or --class, not both") }
            return try classTrend(inv, name: name, metric: metric)
        }
        guard !inv.arguments.isEmpty else { throw CLIError.usage("progress trend: give a STUDENT (email or id) or --class NAME") }
        return try inv.withDatabase { conn in
            let (s, _) = try GoalCommands.student(inv, conn, .readResults)
            let points = try ProgressRecords(conn).points(student: s.id)
            let series: [(Date, Double)] = points.compactMap { p in
                metric == "accuracy" ? p.accuracy.map { (p.date, $0) } : (p.date, p.wcpm)
            }
            if inv.globals.format == .svg {
                inv.out.write(try studentChart(conn, s, metric: metric).svg())
                return ExitCodes.ok
            }
            var t = Table(columns: [.init("date"), .init(metric, numeric: true), .init("percentile", numeric: true)])
            t.rows = series.map { d, v in
                [.string(String(Timestamp.format(d).prefix(10))), .double((v * 10).rounded() / 10),
                 percentile(v, at: d, metric: metric, grade: s.gradeLevel)]
            }
            emit(t, values: series.map(\.1), metric: metric, inv)
            return ExitCodes.ok
        }
    }

    /// The class's readings grouped by month; each month plotted at its middle as the
    /// median of that month's readings, with the class grade's norm band.
    static func classTrend(_ inv: Invocation, name: String, metric: String) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let classes = ClassRecords(conn)
            let c = try ClassCommand.load(name, classes)
            try ClassCommand.authorize(acting, .readResults, c, classes, "see the progress of")
            let series = try monthly(conn, c, metric: metric)
            if inv.globals.format == .svg {
                inv.out.write(classChart(c, series, metric: metric).svg())
                return ExitCodes.ok
            }
            var t = Table(columns: [.init("month"), .init("median_\(metric)", numeric: true), .init("readings", numeric: true),
                                    .init("percentile", numeric: true)])
            t.rows = series.map { d, v, n in
                [.string(String(Timestamp.format(d).prefix(7))), .double((v * 10).rounded() / 10), .int(Int64(n)),
                 percentile(v, at: d, metric: metric, grade: c.gradeLevel)]
            }
            emit(t, values: series.map(\.1), metric: metric, inv)
            return ExitCodes.ok
        }
    }

    /// The class's readings by month: each month at its middle, the median and count.
    static func monthly(_ conn: any Connection, _ c: ClassRow, metric: String) throws -> [(Date, Double, Int)] {
        let cal = Calendar.utc
        var months: [Date: [Double]] = [:]
        for p in try ProgressRecords(conn).classPoints(c.id).values.joined() {
            guard let v = metric == "accuracy" ? p.accuracy : p.wcpm else { continue }
            let comps = cal.dateComponents([.year, .month], from: p.date)
            guard let mid = cal.date(from: DateComponents(year: comps.year, month: comps.month, day: 15)) else { continue }
            months[mid, default: []].append(v)
        }
        return months.keys.sorted().map { d -> (Date, Double, Int) in
            let v = months[d]!.sorted()
            let median = v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
            return (d, median, v.count)
        }
    }

    static func classChart(_ c: ClassRow, _ series: [(Date, Double, Int)], metric: String) -> TrendChart {
        let title = "Class \(c.name) — median \(metric == "wcpm" ? "words correct per minute" : "accuracy") per month"
        return TrendChart(title: title, metric: metric, points: series.map { ($0.0, $0.1) }, grade: c.gradeLevel, goal: nil)
    }

    /// A student's chart, with their open goal's aimline.
    static func studentChart(_ conn: any Connection, _ s: UserRow, metric: String) throws -> TrendChart {
        let points = try ProgressRecords(conn).points(student: s.id)
        let series: [(Date, Double)] = points.compactMap { p in
            metric == "accuracy" ? p.accuracy.map { (p.date, $0) } : (p.date, p.wcpm)
        }
        let goal = try GoalRecords(conn).list(student: s.id).first { $0.metric == metric && $0.completedAt == nil }
        let chartGoal = goal.flatMap { g -> TrendChart.Goal? in
            guard let b = g.baseline, let start = Timestamp.parse(g.startDate), let due = Timestamp.parse(g.dueDate) else { return nil }
            return TrendChart.Goal(start: start, baseline: b, due: due, target: g.target)
        }
        let title = "\(s.firstName) \(s.lastName) — \(metric == "wcpm" ? "words correct per minute" : "accuracy")"
        return TrendChart(title: title, metric: metric, points: series, grade: s.gradeLevel, goal: chartGoal)
    }

    /// Percentile against the grade's norms for the season of `date` (WCPM only).
    static func percentile(_ value: Double, at date: Date, metric: String, grade: Int?) -> JSONValue {
        let cal = Calendar.utc
        let season = GradeNorms.Season.of(month: cal.component(.month, from: date))
        guard metric == "wcpm", let grade, let p = GradeNorms.percentile(wcpm: value, grade: grade, season: season) else { return .null }
        return .double(p)
    }

    /// The table, and on a terminal a sparkline of the values under it.
    static func emit(_ table: Table, values: [Double], metric: String, _ inv: Invocation) {
        inv.emit(table)
        if (inv.globals.format ?? .table) == .table, inv.out.isTerminal, let first = values.first, let last = values.last {
            inv.out.line("\n\(metric) \(TrendChart.sparkline(values))  \(Int(first)) → \(Int(last))")
        }
    }
}
