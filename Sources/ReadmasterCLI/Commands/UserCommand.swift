import Foundation
import ReadmasterCore
import ReadmasterStore

/// `readmaster user …`: people and their links.
enum UserCommand {
    /// How a parent is related to a student (`user link --relationship`).
    enum Relationship: String, CaseIterable { case mother, father, guardian, grandparent, other }

    static let userArg = ArgumentSpec("USER", help: "email or id")

    static let spec = CommandSpec(
        "user", summary: "create, list, import and manage users",
        subcommands: [
            CommandSpec("create", summary: "create a user (a teacher or parent may create students)",
                        options: [
                            OptionSpec(.email, value: "EMAIL", help: "unique, compared case-insensitively"),
                            OptionSpec(.role, value: "ROLE", help: "the user's role", choices: Role.allCases.map(\.rawValue)),
                            OptionSpec(.firstName, value: "NAME", help: "given name"),
                            OptionSpec(.lastName, value: "NAME", help: "family name"),
                            OptionSpec(.grade, value: "N", help: "grade level 0-12 (students)", aliases: ["grade-level"]),
                            OptionSpec(.language, value: "CODE", help: "preferred language (default en)", aliases: ["preferred-language"]),
                            OptionSpec(.timezone, value: "TZ", help: "IANA time zone (default UTC)"),
                            OptionSpec(.parent, value: "EMAIL", help: "link the new student to this parent", aliases: ["parent-email"]),
                            OptionSpec(.class, value: "CLASS", help: "enroll the new student in this class"),
                            OptionSpec(.passwordStdin, help: "read the password from standard input"),
                            OptionSpec(.generatePassword, help: "generate a password and print it once"),
                        ],
                        examples: ["readmaster user create --email t@x.org --role teacher --first-name Ada --last-name Byron"],
                        handler: create),
            CommandSpec("list", summary: "list the users you may see",
                        options: [OptionSpec(.role, value: "ROLE", help: "only this role", choices: Role.allCases.map(\.rawValue)),
                                  OptionSpec(.search, value: "TEXT", help: "match email or name"),
                                  .listLimit],
                        handler: list),
            CommandSpec("show", summary: "show one user", arguments: [userArg], handler: show),
            CommandSpec("update", summary: "change a user's details",
                        arguments: [userArg],
                        options: [OptionSpec(.email, value: "EMAIL", help: "new email"),
                                  OptionSpec(.firstName, value: "NAME", help: "given name"),
                                  OptionSpec(.lastName, value: "NAME", help: "family name"),
                                  OptionSpec(.grade, value: "N", help: "grade level 0-12", aliases: ["grade-level"]),
                                  OptionSpec(.language, value: "CODE", help: "preferred language", aliases: ["preferred-language"]),
                                  OptionSpec(.timezone, value: "TZ", help: "IANA time zone"),
                                  OptionSpec(.active, value: "BOOL", help: "activate or deactivate", choices: BoolChoice.self)],
                        handler: update),
            CommandSpec("delete", summary: "delete a user (--erase: remove personal data, keep an anonymous audit trail)",
                        arguments: [userArg], options: [OptionSpec(.erase, help: "GDPR erasure: anonymise audit entries too (asks on a terminal, else needs --yes)"),
                                                        OptionSpec(.yes, help: "with --erase: go ahead without asking")],
                        handler: delete),
            ImportRunner<UserInput>.command(
                summary: "create or update users from CSV, TSV, JSON or NDJSON (upsert by email)",
                discussion: "Columns: email, first_name, last_name, role, and optionally password, grade_level, preferred_language, timezone, parent_email. All-or-nothing unless --continue-on-error. Use - for standard input (name its format with --format).",
                examples: ["readmaster user import users.csv", "readmaster user import - --format ndjson < users.ndjson"], handler: importUsers),
            CommandSpec("export", summary: "all of a user's data as one JSON document (data protection)",
                        arguments: [userArg], handler: UserExport.run),
            CommandSpec("link", summary: "link a parent to a student",
                        arguments: [ArgumentSpec("PARENT", help: "parent email or id"), ArgumentSpec("STUDENT", help: "student email or id")],
                        options: [OptionSpec(.relationship, value: "TYPE", help: "default guardian", choices: Relationship.self)],
                        handler: link),
            CommandSpec("unlink", summary: "remove a parent–student link",
                        arguments: [ArgumentSpec("PARENT", help: "parent email or id"), ArgumentSpec("STUDENT", help: "student email or id")],
                        handler: unlink),
            CommandSpec("set-password", summary: "set a password (argon2id)",
                        arguments: [userArg],
                        options: [OptionSpec(.passwordStdin, help: "read the password from standard input"),
                                  OptionSpec(.generatePassword, help: "generate a password and print it once")],
                        handler: setPassword),
            CommandSpec("notifications", summary: "list a user's notifications (default: yours with --as)",
                        arguments: [ArgumentSpec("USER", help: "email or id", optional: true)],
                        options: [OptionSpec(.unread, help: "only unread ones")],
                        handler: notifications),
        ])


    static func record(_ u: UserRow) -> [(String, JSONValue)] {
        [("id", .string(u.id.uuidString.lowercased())), ("email", .string(u.email)), ("role", .string(u.role.rawValue)),
         ("first_name", .string(u.firstName)), ("last_name", .string(u.lastName)),
         ("grade_level", u.gradeLevel.map { .int(Int64($0)) } ?? .null), ("preferred_language", .string(u.preferredLanguage)),
         ("timezone", .string(u.timezone)), ("is_active", .bool(u.isActive)), ("has_password", .bool(u.hasPassword)),
         ("created_at", .string(Timestamp.format(u.createdAt)))]
    }

    static func password(_ inv: Invocation) throws -> (plain: String?, generated: Bool) {
        if inv.flag(.passwordStdin) && inv.flag(.generatePassword) {
            throw CLIError.usage("give --password-stdin or --generate-password, not both")
        }
        if inv.flag(.generatePassword) { return (PasswordHasher.generate(), true) }
        if inv.flag(.passwordStdin) {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard var text = String(data: data, encoding: .utf8) else { throw CLIError.badInput("the password on stdin is not UTF-8") }
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            guard text.count >= 8 else { throw CLIError.badInput("the password must have at least 8 characters") }
            return (text, false)
        }
        return (nil, false)
    }

    static func create(_ inv: Invocation) throws -> Int32 {
        var fields: [String: String] = [:]
        for (option, field) in [(OptionName.email, "email"), (.role, "role"), (.firstName, "first_name"), (.lastName, "last_name"),
                                (.grade, "grade_level"), (.language, "preferred_language"), (.timezone, "timezone"), (.parent, "parent_email")] {
            if let v = inv.value(option) { fields[field] = v }
        }
        var input: UserInput
        do { input = try UserInput.validate(fields) } catch let p as FieldProblem {
            let option = p.field.replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: "grade-level", with: "grade")
                .replacingOccurrences(of: "preferred-language", with: "language").replacingOccurrences(of: "parent-email", with: "parent")
            throw CLIError.usage("user create: --\(option) \(p.message)")
        }
        let (plain, generated) = try password(inv)
        if let plain { input.user.passwordHash = try PasswordHasher.hash(plain) }
        return try inv.withSession { conn, acting in
            let users = UserRecords(conn)
            let newRole = input.user.role
            try acting.require(Self.createAction(newRole), "may not create \(newRole.rawValue) accounts")
            let classes = ClassRecords(conn)
            let enrollIn = try inv.value(.class).map { try ClassCommand.load($0, classes) }
            if let c = enrollIn {
                guard newRole == .student else { throw CLIError.usage("user create: --class is for students") }
                try ClassCommand.authorize(acting, .enrollStudent, c, classes, "enroll students in")
            }
            let id: UUID = try conn.transaction {
                if try users.find(input.user.email) != nil { throw CLIError.badInput("a user with email \(input.user.email) already exists") }
                let id = try users.create(input.user)
                if let c = enrollIn {
                    do { try classes.enroll(student: id, email: input.user.email, in: c, move: false, by: acting.user?.id) } catch let p as EnrollmentProblem {
                        throw CLIError.badInput("\(p); the user was not created")
                    }
                }
                // A parent creating a child links to it; --parent links to someone else.
                if let parentKey = input.parentEmail {
                    let parent = try load(parentKey, users)
                    guard parent.role == .parent else { throw CLIError.badInput("--parent \(parentKey) is a \(parent.role), not a parent") }
                    try users.link(parent: parent.id, child: id, relationship: Relationship.guardian.rawValue)
                } else if let me = acting.user, Policy.linksCreatedStudent(me.role), newRole == .student {
                    try users.link(parent: me.id, child: id, relationship: Relationship.guardian.rawValue)
                }
                try Audit.record(conn, actor: acting.auditActor, action: "user.create", entityType: "user", entityID: id.uuidString.lowercased(),
                                 details: JSONValue.object([("role", .string(newRole.rawValue))]).serialized())
                return id
            }
            var out = record(try load(id.uuidString, users))
            if generated, let plain { out.append(("password", .string(plain))) }
            inv.emit(record: out)
            if generated { inv.note("the generated password is shown once; it is stored only as an argon2id hash") }
            return ExitCodes.ok
        }
    }

    static func list(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let role = try inv.value(.role).map { r -> Role in
                guard let role = Role(rawValue: r) else {
                    throw CLIError.usage("--role takes \(Role.allCases.map(\.rawValue).joined(separator: ", ")), not \(quoted(r))")
                }
                return role
            }
            let rows = try inv.shown(try UserRecords(conn).list(visibleTo: acting.viewer, role: role,
                                                                search: inv.value(.search), limit: try inv.listLimit()))
            var t = Table(columns: [.init("id"), .init("email"), .init("role"), .init("first_name"), .init("last_name"),
                                    .init("grade_level", numeric: true), .init("is_active")])
            t.rows = rows.map { u in
                [.string(u.id.uuidString.lowercased()), .string(u.email), .string(u.role.rawValue), .string(u.firstName), .string(u.lastName),
                 u.gradeLevel.map { .int(Int64($0)) } ?? .null, .bool(u.isActive)]
            }
            inv.emit(t)
            return ExitCodes.ok
        }
    }

    static func show(_ inv: Invocation) throws -> Int32 {
        return try withUser(inv, .readUser, refusal: { u in "may not see \(u.email)" }) { conn, acting, users, u in
            var out = record(u)
            if u.role == .parent {
                out.append(("children", .array(try users.children(of: u.id).map { .object([("email", .string($0.email)), ("relationship", .string($0.relationship))]) })))
            }
            if u.role == .student {
                out.append(("parents", .array(try users.parents(of: u.id).map { .object([("email", .string($0.email)), ("relationship", .string($0.relationship))]) })))
            }
            inv.emit(record: out)
            return ExitCodes.ok
        }
    }

    static func update(_ inv: Invocation) throws -> Int32 {
        return try withUser(inv, .updateUser, refusal: { u in "may not change \(u.role) \(u.email)" }) { conn, acting, users, u in
            var changes: [(column: String, value: SQLValue)] = []
            if let e = inv.value(.email) {
                if let p = EmailAddress.problem(e) { throw CLIError.usage("--email \(quoted(e)) \(p)") }
                changes.append(("email", .text(e)))
            }
            if let v = inv.value(.firstName) { changes.append(("first_name", .text(v))) }
            if let v = inv.value(.lastName) { changes.append(("last_name", .text(v))) }
            if let g = try inv.int(.grade, in: 0...12) { changes.append(("grade_level", .int(g))) }
            if let v = inv.value(.language) { changes.append(("preferred_language", .text(v))) }
            if let v = inv.value(.timezone) {
                guard TimeZone(identifier: v) != nil else { throw CLIError.usage("--timezone \(quoted(v)) is not a time zone such as Europe/Lisbon") }
                changes.append(("timezone", .text(v)))
            }
            if let v = inv.choice(.active, as: BoolChoice.self) { changes.append(("is_active", .bool(v == .yes))) }
            return try RecordUpdate.finish(inv, conn, acting, command: "user", id: u.id, changes: changes,
                                           write: { try users.update(u.id, set: changes) }, reread: { record(try load(u.id.uuidString, users)) })
        }
    }

    static func delete(_ inv: Invocation) throws -> Int32 {
        return try withUser(inv, .deleteUser, refusal: { u in "may not delete \(u.role) \(u.email)" }) { conn, acting, users, u in
            let erase = inv.flag(.erase)
            if erase { try inv.confirm("erasing \(u.email) removes their name, email and links for good") }
            let anonymous = "erased-user-" + String(SHA256.hex(u.id.uuidString).prefix(12))
            try conn.transaction {
                if erase { try users.erase(u, label: anonymous) } else { _ = try users.delete(u.id) }
                try Audit.record(conn, actor: acting.auditActor, action: erase ? "user.erase" : "user.delete", entityType: "user",
                                 entityID: erase ? anonymous : u.id.uuidString.lowercased(), details: nil)
            }
            inv.note(erase ? "erased \(u.email): personal data and links removed; audit entries now say \(anonymous)" : "deleted \(u.email)")
            return ExitCodes.ok
        }
    }

    static func importUsers(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession(requiring: .createStaff, "may not import users") { conn, acting in
            let users = UserRecords(conn)
            var links: [(String, String)] = []
            var runner = ImportRunner<UserInput>(
                schema: .user, inv: inv, connection: conn,
                validate: { try UserInput.validate($0.fields) },
                write: { batch in
                    var items = batch
                    try ParallelHasher.hash(&items)
                    let stamp = SQLValue.text(Timestamp.format(Date()))
                    try UserRecords.importUpsert.run(items.map { UserRecords.importRow($0.user, stamp: stamp) }, on: conn)
                    for i in items { if let p = i.parentEmail { links.append((p, i.user.email)) } }
                })
            // Each row passes the check `user create` or `user update` would make: an import
            // must not demote another admin that `user update` may not touch.
            if !acting.isOwner {
                runner.authorize = { item in
                    if let existing = try users.find(item.user.email) {
                        try acting.require(.updateUser, try acting.relation(to: existing, users), "may not change \(existing.role.rawValue) \(existing.email)")
                    } else {
                        try acting.require(Self.createAction(item.user.role), "may not create \(item.user.role.rawValue) accounts")
                    }
                }
            }
            runner.classify = { items in
                let existing = try users.find(emails: items.map(\.user.email))
                return items.map { item in
                    guard let u = existing[item.user.email.lowercased()] else { return .created }
                    let n = item.user
                    let same = u.role == n.role && u.firstName == n.firstName && u.lastName == n.lastName && u.gradeLevel == n.gradeLevel
                        && u.preferredLanguage == n.preferredLanguage && u.timezone == n.timezone && n.passwordHash == nil && item.password == nil
                    return same ? .unchanged : .updated
                }
            }
            // A parent may come later in the same file: such a row waits for the end, and is a
            // reject (like any bad row) when no parent of that email turned up.
            var parentsInFile = Set<String>()
            var parentInDatabase: [String: Bool] = [:]
            runner.holdUntilEnd = { item in
                if item.user.role == .parent { parentsInFile.insert(item.user.email.lowercased()) }
                guard let p = item.parentEmail?.lowercased() else { return false }
                if parentInDatabase[p] == nil { parentInDatabase[p] = try users.find(p).map { $0.role == .parent } ?? false }
                return parentInDatabase[p] == false
            }
            runner.resolve = { item in
                guard let p = item.parentEmail, !parentsInFile.contains(p.lowercased()) else { return nil }
                return FieldProblem(field: "parent_email", message: "\(p) is not a parent in the database or in this file")
            }
            runner.finish = { written in
                for (parent, child) in links {
                    guard let p = try users.find(parent), p.role == .parent else {
                        throw CLIError.badInput("parent_email \(parent) (for \(child)) is not a parent in the database or the file; nothing was written")
                    }
                    _ = try users.link(parentEmail: parent, childEmail: child)
                }
                try Audit.record(conn, actor: acting.auditActor, action: "user.import", entityType: "user", entityID: nil,
                                 details: JSONValue.object([("records", .int(Int64(written))), ("links", .int(Int64(links.count)))]).serialized())
            }
            return try runner.run(path: inv.arguments[0])
        }
    }

    static func link(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let users = UserRecords(conn)
            let parent = try load(inv.arguments[0], users), child = try load(inv.arguments[1], users)
            guard parent.role == .parent else { throw CLIError.badInput("\(parent.email) is a \(parent.role), not a parent") }
            guard child.role == .student else { throw CLIError.badInput("\(child.email) is a \(child.role), not a student") }
            try acting.require(.linkParent, try acting.relation(to: child, users) == .linkedChild ? .linkedChild : .unrelated,
                               "may not link \(parent.email) to \(child.email)")
            try acting.audited(conn, "user.link", "user", child.id, details: JSONValue.object([("parent", .string(parent.id.uuidString.lowercased()))]).serialized()) {
                try users.link(parent: parent.id, child: child.id, relationship: (inv.choice(.relationship, as: Relationship.self) ?? .guardian).rawValue)
            }
            inv.note("linked \(parent.email) to \(child.email)")
            return ExitCodes.ok
        }
    }

    static func unlink(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let users = UserRecords(conn)
            let parent = try load(inv.arguments[0], users), child = try load(inv.arguments[1], users)
            try acting.require(.linkParent, .unrelated, "may not unlink \(parent.email) from \(child.email)")
            let removed = try conn.transaction { () -> Bool in
                let r = try users.unlink(parent: parent.id, child: child.id)
                if r {
                    try Audit.record(conn, actor: acting.auditActor, action: "user.unlink", entityType: "user", entityID: child.id.uuidString.lowercased(),
                                     details: JSONValue.object([("parent", .string(parent.id.uuidString.lowercased()))]).serialized())
                }
                return r
            }
            guard removed else { throw CLIError.badInput("\(parent.email) is not linked to \(child.email)") }
            inv.note("unlinked \(parent.email) from \(child.email)")
            return ExitCodes.ok
        }
    }

    static func setPassword(_ inv: Invocation) throws -> Int32 {
        let (plain, generated) = try password(inv)
        guard let plain else { throw CLIError.usage("user set-password: give --password-stdin or --generate-password") }
        return try withUser(inv, .updateUser, refusal: { u in "may not set the password of \(u.email)" }) { conn, acting, users, u in
            let hash = try PasswordHasher.hash(plain)
            try acting.audited(conn, "user.set_password", "user", u.id) {
                try users.update(u.id, set: [("password_hash", .text(hash))])
            }
            if generated { inv.emit(record: [("email", .string(u.email)), ("password", .string(plain))]) }
            inv.note("password set for \(u.email)")
            return ExitCodes.ok
        }
    }

    /// The policy action that creating an account of this role needs.
    static func createAction(_ role: Role) -> Policy.Action {
        switch role {
        case .student: return .createStudent
        case .parent, .teacher: return .createStaff
        case .admin: return .createAdmin
        }
    }

    static func notifications(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let users = UserRecords(conn)
            guard let key = inv.arguments.first ?? acting.user?.email else { throw CLIError.usage("user notifications: name the user (or use --as)") }
            let u = try load(key, users)
            let relation = try acting.relation(to: u, users)
            try acting.require(.readNotifications, relation, "may not read the notifications of \(u.email)")
            var t = Table(columns: [.init("id"), .init("created_at"), .init("type"), .init("title"), .init("message"), .init("is_read")])
            t.rows = try users.notifications(of: u.id, unreadOnly: inv.flag(.unread)).map { n in
                [.string(n.id), .string(Timestamp.format(n.createdAt)), .string(n.type), .string(n.title), .string(n.message), .bool(n.isRead)]
            }
            inv.emit(t)
            return ExitCodes.ok
        }
    }
}
