import Foundation
import ReadmasterCore
import ReadmasterStore

/// `readmaster progress …`: how readers stand against the grade norms and grow.
enum ProgressCommand {
    static let spec = CommandSpec(
        "progress", summary: "reading progress against the Hasbrouck & Tindal (2017) grade norms",
        discussion: "Percentiles interpolate the published 10th–90th percentile WCPM of the student's grade in the season of their latest reading (fall Aug–Nov, winter Dec–Feb, spring Mar–Jul). Growth is the least-squares WCPM gained per week, next to the norms' expected weekly growth. At risk: below the 25th percentile, or growing under half the expected rate.",
        subcommands: [
            CommandSpec("student", summary: "one student's progress (--format html: a page with the trend chart, goals and readings)",
                        arguments: [ArgumentSpec("STUDENT", help: "email or id")],
                        examples: ["readmaster progress student ana@school.org --format html > ana.html"],
                        specialFormats: [.html], handler: student),
            CommandSpec("class", summary: "every student of a class, and the class median (--format html: a sortable page; --output DIR: linked pages)",
                        discussion: "--format html writes the class page: every student with name, latest WCPM, percentile band, growth per week, the at-risk flag and a sparkline, sortable by column, and the class trend chart. --output DIR writes index.html (the class), one page per student and one per student's latest reading, linked together, to browse offline.",
                        arguments: [ArgumentSpec("CLASS", help: "class name or id")],
                        options: [OptionSpec(.atRisk, help: "only students at risk"),
                                  OptionSpec(.output, value: "DIR", help: "write the class, student and latest-reading pages into DIR (HTML)", completes: .directory)],
                        examples: ["readmaster progress class 3B --format html > 3b.html", "readmaster progress class 3B --output 3b-pages"],
                        specialFormats: [.html], handler: classReport),
            SchoolCommands.school,
            TrendCommand.spec,
            GoalCommands.goals,
            GoalCommands.leaderboard,
            SchoolCommands.recompute,
        ])

    static func row(_ s: ProgressSummary) -> [(String, JSONValue)] {
        func n(_ v: Double?, _ digits: Double = 10) -> JSONValue { v.map { .double(($0 * digits).rounded() / digits) } ?? .null }
        return [("assessments", .int(Int64(s.assessments))), ("latest_wcpm", n(s.latestWCPM)), ("median_wcpm", n(s.medianWCPM)),
                ("latest_accuracy_pct", n(s.latestAccuracy)), ("comprehension", n(s.latestComprehension)),
                ("season", s.season.map { .string($0.name) } ?? .null), ("percentile", n(s.percentile)),
                ("growth_per_week", n(s.growthPerWeek, 100)), ("expected_growth_per_week", n(s.expectedGrowthPerWeek, 100)),
                ("at_risk", .bool(s.atRisk)), ("risk", s.riskReason.map(JSONValue.string) ?? .null)]
    }

    static func student(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let users = UserRecords(conn)
            let s = try UserCommand.load(inv.arguments[0], users)
            guard s.role == .student else { throw CLIError.badInput("\(s.email) is a \(s.role), not a student") }
            try acting.require(.readResults, try acting.relation(to: s, users), "may not see the progress of \(s.email)")
            if inv.globals.format == .html {
                inv.out.write(try HTMLReports.studentPage(conn, s).html())
                return ExitCodes.ok
            }
            let summary = ProgressSummary(points: try ProgressRecords(conn).points(student: s.id), grade: s.gradeLevel)
            inv.emit(record: [("student", .string(s.email)), ("grade_level", s.gradeLevel.map { .int(Int64($0)) } ?? .null)] + row(summary))
            return ExitCodes.ok
        }
    }

    static func classReport(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let classes = ClassRecords(conn)
            let c = try ClassCommand.load(inv.arguments[0], classes)
            try ClassCommand.authorize(acting, .readResults, c, classes, "see the progress of")
            if let dir = inv.value(.output) {
                let files = try HTMLReports.writeClassSite(conn, c, to: dir)
                inv.note("wrote \(files.count) pages to \(dir): open \(URL(fileURLWithPath: dir).appendingPathComponent("index.html").path)")
                return ExitCodes.ok
            }
            if inv.globals.format == .html {
                inv.out.write(try HTMLReports.classPage(conn, c).html())
                return ExitCodes.ok
            }
            let points = try ProgressRecords(conn).classPoints(c.id)
            let roster = try classes.students(of: c.id, includeInactive: false)
            let users = UserRecords(conn)
            var table: Table?
            var latest: [Double] = []
            for member in roster {
                guard let u = try users.find(member.email) else { continue }
                let summary = ProgressSummary(points: points[u.id] ?? [], grade: u.gradeLevel ?? c.gradeLevel)
                if let w = summary.latestWCPM { latest.append(w) }
                if inv.flag(.atRisk), !summary.atRisk { continue }
                let fields = [("student", JSONValue.string(u.email)), ("name", .string("\(u.firstName) \(u.lastName)"))] + row(summary)
                // On a narrow terminal the name stays; the detail columns go first.
                let detail: Set<String> = ["student", "median_wcpm", "latest_accuracy_pct", "comprehension", "season", "expected_growth_per_week", "risk"]
                if table == nil { table = Table(columns: fields.map { Table.Column($0.0, numeric: $0.1.isNumber, droppable: detail.contains($0.0)) }) }
                table!.rows.append(fields.map(\.1))
            }
            inv.emit(table ?? Table(columns: [.init("student")]))
            latest.sort()
            if !latest.isEmpty {
                inv.note("class \(c.name): \(roster.count) students, median latest WCPM \(String(format: "%.1f", latest[latest.count / 2]))")
            }
            return ExitCodes.ok
        }
    }
}

extension JSONValue {
    var isNumber: Bool {
        switch self {
        case .int, .double: return true
        default: return false
        }
    }
}
