import Foundation
import ReadmasterCore
import ReadmasterStore

/// `assess assign`: a teacher gives a reading to students or a whole class, with a due
/// date; each student gets a notification.
enum AssignCommand {
    static let spec = CommandSpec(
        "assign", summary: "assign a reading to students or a class, with a due date",
        arguments: [.reading],
        // Who: students by name, or a whole class (one of the two).
        options: [OptionSpec(.student, value: "EMAIL", help: "a student (repeat for several)"), OptionSpec(.class, value: "CLASS", help: "every active student of this class"),
                  OptionSpec(.due, value: "DATE", help: "due date, YYYY-MM-DD or an ISO-8601 time"),
                  OptionSpec(.note, value: "TEXT", help: "a note for the students")],
        examples: ["readmaster --as t@x.org assess assign \"Maya and the Map\" --class 3B --due 2026-12-01"],
        handler: run)

    static func run(_ inv: Invocation) throws -> Int32 {
        let students = inv.values(.student)
        let className = inv.value(.class)
        guard !students.isEmpty || className != nil else { throw CLIError.usage("assess assign: give --student EMAIL or --class CLASS") }
        guard students.isEmpty || className == nil else { throw CLIError.usage("assess assign: give --student or --class, not both") }
        var due: Date?
        if let d = inv.value(.due) {
            guard let parsed = Timestamp.parse(d) else { throw CLIError.usage("--due \(quoted(d)) is not a date such as 2026-12-01") }
            due = parsed
        }
        return try inv.withSession { conn, acting in
            let users = UserRecords(conn), classes = ClassRecords(conn), assignments = AssignmentRecords(conn)
            let reading = try ReadingCommand.load(inv.arguments[0], ReadingRecords(conn))
            var created: [(String, String)] = [], unchanged: [(String, String)] = []
            try conn.transaction {
                if let className {
                    let c = try ClassCommand.load(className, classes)
                    try ClassCommand.authorize(acting, .assignReading, c, classes, "assign readings to")
                    if let id = try assignments.existing(reading: reading.id, to: .classroom(c.id), due: due) {
                        unchanged.append((id.uuidString.lowercased(), "class \(c.name)"))
                        return
                    }
                    let id = try assignments.insert(reading: reading.id, to: .classroom(c.id), by: acting.user?.id, due: due, note: inv.value(.note))
                    for s in try classes.students(of: c.id, includeInactive: false) {
                        guard let u = try users.find(s.email) else { continue }
                        try assignments.notify(user: u.id, reading: reading.title, due: due, assignment: id)
                    }
                    created.append((id.uuidString.lowercased(), "class \(c.name)"))
                } else {
                    for key in students {
                        let s = try UserCommand.load(key, users)
                        guard s.role == .student else { throw CLIError.badInput("\(s.email) is a \(s.role), not a student") }
                        let relation = try acting.relation(to: s, users)
                        guard acting.may(.assignReading, relation) else {
                            throw CLIError.permissionDenied("\(acting.role.rawValue) \(acting.label) does not teach \(s.email)")
                        }
                        if let id = try assignments.existing(reading: reading.id, to: .student(s.id), due: due) {
                            unchanged.append((id.uuidString.lowercased(), s.email))
                            continue
                        }
                        let id = try assignments.insert(reading: reading.id, to: .student(s.id), by: acting.user?.id, due: due, note: inv.value(.note))
                        try assignments.notify(user: s.id, reading: reading.title, due: due, assignment: id)
                        created.append((id.uuidString.lowercased(), s.email))
                    }
                }
                for (id, _) in created {
                    try Audit.record(conn, actor: acting.auditActor, action: "assignment.create", entityType: "assignment", entityID: id, details: nil)
                }
            }
            var t = Table(columns: [.init("assignment_id"), .init("reading"), .init("assigned_to"), .init("due_at")])
            t.rows = (created + unchanged).map { [.string($0.0), .string(reading.title), .string($0.1), due.map { .string(Timestamp.format($0)) } ?? .null] }
            inv.emit(t)
            if !unchanged.isEmpty {
                inv.note("already assigned with that due date, left as is: \(unchanged.map(\.1).joined(separator: ", "))")
            }
            return ExitCodes.ok
        }
    }
}
