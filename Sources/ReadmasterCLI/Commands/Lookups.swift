import Foundation
import ReadmasterCore
import ReadmasterStore

// The lookups many commands share: a user, a class (and how the actor stands to it), a
// reading, by what people type. One file, so a change of how names resolve happens once.

extension UserCommand {
    static func load(_ key: String, _ users: UserRecords) throws -> UserRow {
        guard let u = try users.find(key) else { throw CLIError.badInput("no user \(quoted(key))") }
        return u
    }

    /// The user a command names first, looked up in the session, with the actor's right
    /// to `action` on them (by how they stand to each other) checked; `refusal` says
    /// what was refused.
    static func withUser(
        _ inv: Invocation, _ action: Policy.Action, refusal: @escaping (UserRow) -> String,
        _ body: (any Connection, Acting, UserRecords, UserRow) throws -> Int32
    ) throws -> Int32 {
        try inv.withSession { conn, acting in
            let users = UserRecords(conn)
            let u = try load(inv.arguments[0], users)
            try acting.require(action, try acting.relation(to: u, users), refusal(u))
            return try body(conn, acting, users, u)
        }
    }
}

extension ClassCommand {
    /// By name or id. A miss suggests the closest name among the classes the actor may
    /// see (`for`: nil is the owner, who sees all), never another school's.
    static func load(_ key: String, _ classes: ClassRecords, for acting: Acting? = nil) throws -> ClassRow {
        let found: ClassRow?
        do { found = try classes.find(key) } catch let a as ClassRecords.Ambiguous {
            let which = a.candidates.map { "\($0.schoolName ?? "no school")/\($0.name)\($0.academicYear.map { " (\($0))" } ?? "")" }
            throw CLIError.usage("\(a.candidates.count) classes are named \(quoted(key)): \(which.joined(separator: ", ")); name one as SCHOOL/NAME or by id")
        }
        guard let c = found else {
            var message = "no class \(quoted(key))"
            let names = try classes.list(visibleTo: acting?.viewer, limit: 100_000).map(\.name)
            if let s = Suggest.closest(to: key, in: names) ?? names.first(where: { ImportSchema.normalized($0) == ImportSchema.normalized(key) }) {
                message += "; did you mean \(s)?"
            }
            throw CLIError.badInput(message)
        }
        return c
    }

    /// How the actor stands to a class: teaches it, is enrolled in it (or their linked
    /// child is), or neither.
    static func relation(_ acting: Acting, _ c: ClassRow, _ classes: ClassRecords) throws -> Policy.Relation {
        guard let me = acting.user else { return .unrelated }
        if try classes.teaches(teacher: me.id, classID: c.id) { return .teaches }
        if try classes.isMember(me.id, classID: c.id) { return .member }
        return .unrelated
    }

    /// Refuses unless the actor may do `action` on this class; returns how the actor
    /// stands to it, for a caller that decides more by it.
    @discardableResult
    static func authorize(_ acting: Acting, _ action: Policy.Action, _ c: ClassRow, _ classes: ClassRecords, _ verb: String) throws -> Policy.Relation {
        let relation = try relation(acting, c, classes)
        guard acting.may(action, relation) else {
            // A teacher refused a class is refused because it is not theirs.
            let why = acting.may(action, .teaches) ? "does not teach class \(c.name)" : "may not \(verb) class \(c.name)"
            throw CLIError.permissionDenied("\(acting.role.rawValue) \(acting.label) \(why)")
        }
        return relation
    }
}

extension ClassCommand {
    /// The class a command names first, looked up in the session and with the actor's
    /// right to `action` on it checked (`verb` says what was refused).
    static func withClass(
        _ inv: Invocation, _ action: Policy.Action, _ verb: String, _ body: (any Connection, Acting, ClassRecords, ClassRow) throws -> Int32
    ) throws -> Int32 {
        try inv.withSession { conn, acting in
            let classes = ClassRecords(conn)
            let c = try load(inv.arguments[0], classes)
            try authorize(acting, action, c, classes, verb)
            return try body(conn, acting, classes, c)
        }
    }
}

extension ReadingCommand {
    static func load(_ key: String, _ readings: ReadingRecords) throws -> ReadingRow {
        let found = try readings.find(key)
        guard let first = found.first else {
            // Every role may read every passage, so any title may be suggested.
            var message = "no reading with id or title \(quoted(key))"
            if let s = Suggest.closest(to: key, in: try readings.list(.init(), limit: 100_000).map(\.title)) { message += "; did you mean \(quoted(s))?" }
            throw CLIError.badInput(message)
        }
        guard found.count == 1 else {
            throw CLIError.badInput("\(found.count) readings are titled \(quoted(key)) (\(found.map(\.language).joined(separator: ", "))); name one by id")
        }
        return first
    }
}

/// A stored reading as the passage `assess analyze` grades against.
enum ReadingLookup {
    static func find(_ key: String, in conn: any Connection) throws -> AnalyzeCommand.PassageSource {
        let r = try ReadingCommand.load(key, ReadingRecords(conn))
        return .init(text: r.content, ref: .init(id: r.id.uuidString.lowercased(), title: r.title))
    }
}
