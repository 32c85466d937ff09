import Foundation
import ReadmasterCore
import ReadmasterStore

/// `progress goals …` and `progress leaderboard`.
enum GoalCommands {
    /// What a goal measures.
    enum Metric: String, CaseIterable { case wcpm, accuracy, comprehension }

    static let goals = CommandSpec(
        "goals", summary: "reading goals with an aimline: set, list, clear",
        subcommands: [
            CommandSpec("set", summary: "set a goal: a metric to reach by a date (baseline: the latest value)",
                        arguments: [ArgumentSpec("STUDENT", help: "email or id")],
                        options: [OptionSpec(.metric, value: "METRIC", help: "what to improve (default wcpm)", choices: Metric.self),
                                  OptionSpec(.target, value: "N", help: "the value to reach"),
                                  OptionSpec(.due, value: "DATE", help: "YYYY-MM-DD"),
                                  OptionSpec(.note, value: "TEXT", help: "a note")],
                        examples: ["readmaster progress goals set ana@school.org --target 110 --due 2027-06-01"], handler: set),
            CommandSpec("list", summary: "a student's goals: aimline value today, on track or not, completed",
                        arguments: [ArgumentSpec("STUDENT", help: "email or id")], handler: list),
            CommandSpec("clear", summary: "remove a student's open goals",
                        arguments: [ArgumentSpec("STUDENT", help: "email or id")],
                        options: [OptionSpec(.metric, value: "METRIC", help: "only this metric's", choices: Metric.self)], handler: clear),
        ])

    static let leaderboard = CommandSpec(
        "leaderboard", summary: "a class's students by XP, with level and streaks",
        arguments: [ArgumentSpec("CLASS", help: "class name or id")],
        options: [OptionSpec(.limit, value: "N", help: "at most N (default 10)")], handler: runLeaderboard)

    static func student(_ inv: Invocation, _ conn: any Connection, _ action: Policy.Action) throws -> (UserRow, Acting) {
        let acting = try Acting.resolve(inv, conn)
        let users = UserRecords(conn)
        let s = try UserCommand.load(inv.arguments[0], users)
        guard s.role == .student else { throw CLIError.badInput("\(s.email) is a \(s.role), not a student") }
        try acting.require(action, try acting.relation(to: s, users),
                           action == .readResults ? "may not see the goals of \(s.email)" : "may not set goals for \(s.email)")
        return (s, acting)
    }

    static func latest(_ metric: String, _ points: [ProgressSummary.Point]) -> Double? {
        switch metric {
        case "accuracy": return points.last(where: { $0.accuracy != nil })?.accuracy
        case "comprehension": return points.last(where: { $0.comprehension != nil })?.comprehension
        default: return points.last?.wcpm
        }
    }

    static func set(_ inv: Invocation) throws -> Int32 {
        let metric = (inv.choice(.metric, as: Metric.self) ?? .wcpm).rawValue
        guard let t = inv.value(.target), let target = Double(t), target > 0 else { throw CLIError.usage("progress goals set: --target takes a positive number") }
        guard let due = inv.value(.due), let dueDate = Timestamp.parse(due), due.count == 10 else {
            throw CLIError.usage("progress goals set: --due takes a date such as 2027-06-01")
        }
        let today = String(Timestamp.format(Date()).prefix(10))
        guard due > today else { throw CLIError.usage("progress goals set: --due \(due) is not after today (\(today))") }
        _ = dueDate
        return try inv.withDatabase { conn in
            let (s, acting) = try student(inv, conn, .correctResult)
            let baseline = latest(metric, try ProgressRecords(conn).points(student: s.id))
            let id = try conn.transaction { () -> UUID in
                let id = try GoalRecords(conn).add(student: s.id, metric: metric, target: target, baseline: baseline, start: today, due: due,
                                                   by: acting.user?.id, note: inv.value(.note))
                try Audit.record(conn, actor: acting.auditActor, action: "goal.set", entityType: "reading_goal", entityID: id.uuidString.lowercased(), details: nil)
                return id
            }
            inv.emit(record: [("id", .string(id.uuidString.lowercased())), ("student", .string(s.email)), ("metric", .string(metric)),
                              ("baseline", baseline.map(JSONValue.double) ?? .null), ("target", .double(target)), ("start_date", .string(today)),
                              ("due_date", .string(due))])
            return ExitCodes.ok
        }
    }

    static func list(_ inv: Invocation) throws -> Int32 {
        return try inv.withDatabase { conn in
            let (s, _) = try student(inv, conn, .readResults)
            let points = try ProgressRecords(conn).points(student: s.id)
            let goals = GoalRecords(conn)
            let now = Date()
            var t = Table(columns: [.init("metric"), .init("baseline", numeric: true), .init("target", numeric: true), .init("due_date"),
                                    .init("latest", numeric: true), .init("aimline_today", numeric: true), .init("status")])
            for g in try goals.list(student: s.id) {
                let current = latest(g.metric, points)
                var status = "no readings yet"
                var aim: Double?
                if g.completedAt != nil {
                    status = "completed"
                } else if let c = current, c >= g.target {
                    // Met: completed now, so every report after this sees it done.
                    try goals.complete(g.id, at: now)
                    status = "completed"
                } else if let b = g.baseline, let start = Timestamp.parse(g.startDate), let due = Timestamp.parse(g.dueDate) {
                    // Whole days, so on the day a goal is set the aimline is its baseline.
                    let days = (now.timeIntervalSince(start) / 86_400).rounded(.down)
                    let f = min(1, max(0, days / max((due.timeIntervalSince(start) / 86_400).rounded(), 1)))
                    aim = b + (g.target - b) * f
                    if let c = current { status = c >= aim! ? "on_track" : "off_track" }
                }
                t.rows.append([.string(g.metric), g.baseline.map { .double(($0 * 10).rounded() / 10) } ?? .null, .double(g.target), .string(g.dueDate),
                               current.map { .double(($0 * 10).rounded() / 10) } ?? .null, aim.map { .double(($0 * 10).rounded() / 10) } ?? .null, .string(status)])
            }
            inv.emit(t)
            return ExitCodes.ok
        }
    }

    static func clear(_ inv: Invocation) throws -> Int32 {
        return try inv.withDatabase { conn in
            let (s, acting) = try student(inv, conn, .correctResult)
            let n = try conn.transaction { () -> Int in
                let n = try GoalRecords(conn).clear(student: s.id, metric: inv.choice(.metric, as: Metric.self)?.rawValue)
                try Audit.record(conn, actor: acting.auditActor, action: "goal.clear", entityType: "user", entityID: s.id.uuidString.lowercased(),
                                 details: JSONValue.object([("goals", .int(Int64(n)))]).serialized())
                return n
            }
            inv.note("removed \(n) open goal\(n == 1 ? "" : "s") of \(s.email)")
            return ExitCodes.ok
        }
    }

    static func runLeaderboard(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let classes = ClassRecords(conn)
            let c = try ClassCommand.load(inv.arguments[0], classes)
            let contacts = try ClassCommand.authorize(acting, .readLeaderboard, c, classes, "see the leaderboard of")
            let contactsShown = acting.may(.readClassmateContacts, contacts)
            var t = Table(columns: [.init("rank", numeric: true), .init("student")] + (contactsShown ? [.init("name")] : [])
                          + [.init("xp", numeric: true), .init("level"), .init("streak", numeric: true), .init("best_streak", numeric: true, droppable: true)])
            for (i, r) in try GoalRecords(conn).leaderboard(classID: c.id, limit: try inv.int(.limit, in: 1...1000) ?? 10).enumerated() {
                // Students see first names only, not classmates' emails.
                let who = contactsShown ? r.email : r.name.split(separator: " ").first.map(String.init) ?? r.name
                t.rows.append([.int(Int64(i + 1)), .string(who)] + (contactsShown ? [.string(r.name)] : []) + [.int(Int64(r.xp)), r.level.map(JSONValue.string) ?? .null, .int(Int64(r.streak)), .int(Int64(r.best))])
            }
            inv.emit(t)
            return ExitCodes.ok
        }
    }
}
