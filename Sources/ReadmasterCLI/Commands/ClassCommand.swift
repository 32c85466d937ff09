import Foundation
import ReadmasterCore
import ReadmasterStore

/// `readmaster class …`: classes, their teachers and students.
enum ClassCommand {
    static let classArg = ArgumentSpec("CLASS", help: "class name or id")
    static let statusChoices = ["inactive", "completed", "suspended"]

    static let spec = CommandSpec(
        "class", summary: "create classes and manage their teachers and students",
        subcommands: [
            CommandSpec("create", summary: "create a class (a teacher creating one teaches it)",
                        options: [OptionSpec("name", value: "NAME", help: "unique class name, e.g. 3B"),
                                  OptionSpec("grade", value: "N", help: "grade level 0-12"),
                                  OptionSpec("teacher", value: "EMAIL", help: "the class teacher"),
                                  OptionSpec("max-students", value: "N", help: "class size limit (default 30)"),
                                  OptionSpec("school", value: "NAME", help: "school name"),
                                  OptionSpec("year", value: "YEAR", help: "academic year, e.g. 2026-27")],
                        examples: ["readmaster class create --name 3B --grade 3 --teacher t@x.org"],
                        handler: create),
            CommandSpec("list", summary: "list the classes you may see",
                        options: [OptionSpec("limit", value: "N", help: "at most N (default 1000)")], handler: list),
            CommandSpec("show", summary: "show a class", arguments: [classArg], handler: show),
            CommandSpec("update", summary: "change a class",
                        arguments: [classArg],
                        options: [OptionSpec("name", value: "NAME", help: "new name"), OptionSpec("grade", value: "N", help: "grade level 0-12"),
                                  OptionSpec("max-students", value: "N", help: "class size limit"), OptionSpec("school", value: "NAME", help: "school name"),
                                  OptionSpec("year", value: "YEAR", help: "academic year"),
                                  OptionSpec("active", value: "BOOL", help: "activate or archive", choices: ["true", "false"])],
                        handler: update),
            CommandSpec("delete", summary: "delete a class and its enrollments", arguments: [classArg], handler: delete),
            CommandSpec("add-student", summary: "enroll students (at most one active class each; the class size is enforced)",
                        arguments: [classArg, ArgumentSpec("STUDENT", help: "student email or id", repeats: true)],
                        options: [OptionSpec("move", help: "end a student's active enrollment elsewhere first")],
                        examples: ["readmaster class add-student 3B s@x.org"], handler: addStudent),
            CommandSpec("remove-student", summary: "end a student's enrollment (kept in the history)",
                        arguments: [classArg, ArgumentSpec("STUDENT", help: "student email or id")],
                        options: [OptionSpec("status", value: "STATUS", help: "the enrollment's end status (default inactive)", choices: statusChoices)],
                        handler: removeStudent),
            CommandSpec("students", summary: "list a class's students",
                        arguments: [classArg], options: [OptionSpec("all", help: "include ended enrollments")], handler: students),
            CommandSpec("add-teacher", summary: "add a teacher to a class",
                        arguments: [classArg, ArgumentSpec("TEACHER", help: "teacher email or id")], handler: addTeacher),
            CommandSpec("import", summary: "create or update classes from CSV, TSV, JSON or NDJSON (upsert by name)",
                        discussion: "Columns: name, and optionally grade_level, teacher_email, max_students, school_name, academic_year.",
                        arguments: [ArgumentSpec("FILE", help: "the file, or - for standard input", completes: .file)],
                        options: ImportRunner<ClassInput>.options, handler: importClasses),
        ])

    static func load(_ key: String, _ classes: ClassRecords) throws -> ClassRow {
        guard let c = try classes.find(key) else { throw CLIError.badInput("no class \(key)") }
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

    /// Refuses unless the actor may do `action` on this class.
    static func authorize(_ acting: Acting, _ action: Policy.Action, _ c: ClassRow, _ classes: ClassRecords, _ verb: String) throws {
        let relation = try relation(acting, c, classes)
        guard acting.may(action, relation) else {
            // A teacher refused a class is refused because it is not theirs.
            let why = acting.may(action, .teaches) ? "does not teach class \(c.name)" : "may not \(verb) class \(c.name)"
            throw CLIError.permissionDenied("\(acting.role.rawValue) \(acting.label) \(why)")
        }
    }

    static func record(_ c: ClassRow) -> [(String, JSONValue)] {
        [("id", .string(c.id.uuidString.lowercased())), ("name", .string(c.name)), ("grade_level", c.gradeLevel.map { .int(Int64($0)) } ?? .null),
         ("school_name", c.schoolName.map(JSONValue.string) ?? .null), ("academic_year", c.academicYear.map(JSONValue.string) ?? .null),
         ("max_students", .int(Int64(c.maxStudents))), ("students", .int(Int64(c.activeStudents))), ("is_active", .bool(c.isActive)),
         ("teachers", .array(c.teachers.map(JSONValue.string)))]
    }

    static func teacher(_ key: String, _ users: UserRecords) throws -> UserRow {
        let t = try UserCommand.load(key, users)
        guard t.role == .teacher else { throw CLIError.badInput("\(t.email) is a \(t.role), not a teacher") }
        return t
    }

    static func create(_ inv: Invocation) throws -> Int32 {
        var fields: [String: String] = [:]
        for (o, f) in [("name", "name"), ("grade", "grade_level"), ("max-students", "max_students"), ("school", "school_name"), ("year", "academic_year"), ("teacher", "teacher_email")] {
            if let v = inv.value(o) { fields[f] = v }
        }
        let input: ClassInput
        do { input = try ClassInput.validate(fields) } catch let p as FieldProblem {
            let option = ["grade_level": "grade", "max_students": "max-students", "school_name": "school", "academic_year": "year", "teacher_email": "teacher"][p.field] ?? p.field
            throw CLIError.usage("class create: --\(option) \(p.message)")
        }
        let conn = try inv.openDatabase()
        defer { conn.close() }
        let acting = try Acting.resolve(inv, conn)
        try acting.require(.createClass, .unrelated, "may not create classes")
        let classes = ClassRecords(conn), users = UserRecords(conn)
        let id: UUID = try conn.transaction {
            if try classes.find(input.value.name) != nil { throw CLIError.badInput("a class named \(input.value.name) already exists") }
            let id = try classes.create(input.value, createdBy: acting.user?.id)
            var teacherIDs: [UUID] = []
            if let t = input.teacherEmail { teacherIDs.append(try teacher(t, users).id) }
            if let me = acting.user, Policy.teachesCreatedClass(me.role), !teacherIDs.contains(me.id) { teacherIDs.append(me.id) }
            for (i, t) in teacherIDs.enumerated() { try classes.addTeacher(t, to: id, primary: i == 0) }
            try Audit.record(conn, actor: acting.auditActor, action: "class.create", entityType: "class", entityID: id.uuidString.lowercased(), details: nil)
            return id
        }
        inv.emit(record: record(try load(id.uuidString, classes)))
        return ExitCodes.ok
    }

    static func list(_ inv: Invocation) throws -> Int32 {
        let conn = try inv.openDatabase()
        defer { conn.close() }
        let acting = try Acting.resolve(inv, conn)
        let rows = try ClassRecords(conn).list(visibleTo: acting.viewer, limit: try inv.int("limit", in: 1...10_000_000) ?? 1000)
        var t = Table(columns: [.init("id"), .init("name"), .init("grade_level", numeric: true), .init("students", numeric: true),
                                .init("max_students", numeric: true), .init("teachers"), .init("is_active")])
        t.rows = rows.map { c in
            [.string(c.id.uuidString.lowercased()), .string(c.name), c.gradeLevel.map { .int(Int64($0)) } ?? .null, .int(Int64(c.activeStudents)),
             .int(Int64(c.maxStudents)), .string(c.teachers.joined(separator: " ")), .bool(c.isActive)]
        }
        inv.emit(t)
        return ExitCodes.ok
    }

    static func show(_ inv: Invocation) throws -> Int32 {
        let conn = try inv.openDatabase()
        defer { conn.close() }
        let acting = try Acting.resolve(inv, conn)
        let classes = ClassRecords(conn)
        let c = try load(inv.arguments[0], classes)
        try authorize(acting, .readClass, c, classes, "see")
        inv.emit(record: record(c))
        return ExitCodes.ok
    }

    static func update(_ inv: Invocation) throws -> Int32 {
        let conn = try inv.openDatabase()
        defer { conn.close() }
        let acting = try Acting.resolve(inv, conn)
        let classes = ClassRecords(conn)
        let c = try load(inv.arguments[0], classes)
        try authorize(acting, .updateClass, c, classes, "change")
        var changes: [(column: String, value: SQLValue)] = []
        if let v = inv.value("name") {
            guard !v.trimmingWhitespace().isEmpty, v.count <= 100 else { throw CLIError.usage("--name must have 1 to 100 characters") }
            changes.append(("name", .text(v.trimmingWhitespace())))
        }
        if let g = try inv.int("grade", in: 0...12) { changes.append(("grade_level", .int(g))) }
        if let m = try inv.int("max-students", in: 1...1000) {
            guard m >= c.activeStudents else { throw CLIError.badInput("class \(c.name) has \(c.activeStudents) students; --max-students \(m) is too small") }
            changes.append(("max_students", .int(m)))
        }
        if let v = inv.value("school") { changes.append(("school_name", .text(v))) }
        if let v = inv.value("year") { changes.append(("academic_year", .text(v))) }
        if let v = inv.value("active") { changes.append(("is_active", .bool(v == "true"))) }
        guard !changes.isEmpty else { throw CLIError.usage("class update: nothing to change (see `readmaster class update --help`)") }
        try acting.audited(conn, "class.update", "class", c.id, details: Acting.changed(changes)) {
            try classes.update(c.id, set: changes)
        }
        inv.emit(record: record(try load(c.id.uuidString, classes)))
        return ExitCodes.ok
    }

    static func delete(_ inv: Invocation) throws -> Int32 {
        let conn = try inv.openDatabase()
        defer { conn.close() }
        let acting = try Acting.resolve(inv, conn)
        let classes = ClassRecords(conn)
        let c = try load(inv.arguments[0], classes)
        try authorize(acting, .deleteClass, c, classes, "delete")
        try acting.audited(conn, "class.delete", "class", c.id, details: JSONValue.object([("name", .string(c.name))]).serialized()) {
            _ = try classes.delete(c.id)
        }
        inv.note("deleted class \(c.name)")
        return ExitCodes.ok
    }

    static func addStudent(_ inv: Invocation) throws -> Int32 {
        let conn = try inv.openDatabase()
        defer { conn.close() }
        let acting = try Acting.resolve(inv, conn)
        let classes = ClassRecords(conn), users = UserRecords(conn)
        let c = try load(inv.arguments[0], classes)
        try authorize(acting, .enrollStudent, c, classes, "enroll students in")
        let move = inv.flag("move")
        try conn.transaction {
            var current = c
            for key in inv.arguments.dropFirst() {
                let s = try UserCommand.load(key, users)
                guard s.role == .student else { throw CLIError.badInput("\(s.email) is a \(s.role), not a student") }
                // Moving takes the student out of another class: that class's teacher's
                // (or an admin's) decision, not the receiving teacher's.
                if move, let from = try classes.activeClass(of: s.id), from.id != current.id {
                    try authorize(acting, .enrollStudent, from, classes, "move students out of")
                }
                do { try classes.enroll(student: s.id, email: s.email, in: current, move: move, by: acting.user?.id) } catch let p as EnrollmentProblem {
                    throw CLIError.badInput("\(p); nothing was changed")
                }
                try Audit.record(conn, actor: acting.auditActor, action: "class.add_student", entityType: "class", entityID: c.id.uuidString.lowercased(),
                                 details: JSONValue.object([("student", .string(s.id.uuidString.lowercased()))]).serialized())
                current = try load(c.id.uuidString, classes)
            }
        }
        inv.note("class \(c.name): added \(inv.arguments.count - 1) student\(inv.arguments.count == 2 ? "" : "s")")
        return ExitCodes.ok
    }

    static func removeStudent(_ inv: Invocation) throws -> Int32 {
        let conn = try inv.openDatabase()
        defer { conn.close() }
        let acting = try Acting.resolve(inv, conn)
        let classes = ClassRecords(conn), users = UserRecords(conn)
        let c = try load(inv.arguments[0], classes)
        try authorize(acting, .enrollStudent, c, classes, "remove students from")
        let s = try UserCommand.load(inv.arguments[1], users)
        try acting.audited(conn, "class.remove_student", "class", c.id, details: JSONValue.object([("student", .string(s.id.uuidString.lowercased()))]).serialized()) {
            do { try classes.unenroll(student: s.id, email: s.email, from: c, status: inv.value("status") ?? "inactive", by: acting.user?.id) } catch let p as EnrollmentProblem {
                throw CLIError.badInput("\(p)")
            }
        }
        inv.note("class \(c.name): \(s.email) is now \(inv.value("status") ?? "inactive")")
        return ExitCodes.ok
    }

    static func students(_ inv: Invocation) throws -> Int32 {
        let conn = try inv.openDatabase()
        defer { conn.close() }
        let acting = try Acting.resolve(inv, conn)
        let classes = ClassRecords(conn)
        let c = try load(inv.arguments[0], classes)
        try authorize(acting, .readClassmateContacts, c, classes, "see the roster of")
        var t = Table(columns: [.init("email"), .init("first_name"), .init("last_name"), .init("grade_level", numeric: true), .init("status"), .init("enrolled_at")])
        t.rows = try classes.students(of: c.id, includeInactive: inv.flag("all")).map { s in
            [.string(s.email), .string(s.firstName), .string(s.lastName), s.grade.map { .int(Int64($0)) } ?? .null, .string(s.status),
             .string(Timestamp.format(s.enrolledAt))]
        }
        inv.emit(t)
        return ExitCodes.ok
    }

    static func addTeacher(_ inv: Invocation) throws -> Int32 {
        let conn = try inv.openDatabase()
        defer { conn.close() }
        let acting = try Acting.resolve(inv, conn)
        let classes = ClassRecords(conn), users = UserRecords(conn)
        let c = try load(inv.arguments[0], classes)
        try authorize(acting, .updateClass, c, classes, "change")
        let t = try teacher(inv.arguments[1], users)
        try acting.audited(conn, "class.add_teacher", "class", c.id, details: JSONValue.object([("teacher", .string(t.id.uuidString.lowercased()))]).serialized()) {
            try classes.addTeacher(t.id, to: c.id, primary: c.teachers.isEmpty)
        }
        inv.note("class \(c.name): \(t.email) teaches it")
        return ExitCodes.ok
    }

    static func importClasses(_ inv: Invocation) throws -> Int32 {
        let conn = try inv.openDatabase()
        defer { conn.close() }
        let acting = try Acting.resolve(inv, conn)
        try acting.require(.createStaff, .unrelated, "may not import classes")
        let classes = ClassRecords(conn), users = UserRecords(conn)
        var teachers: [(String, String)] = []
        var runner = ImportRunner<ClassInput>(
            entity: "class", inv: inv, connection: conn,
            validate: { try ClassInput.validate($0.fields) },
            write: { batch in
                let now = Date()
                try ClassRecords.importUpsert.run(batch.map { i in
                    [.uuid(UUID()), .text(i.value.name), i.value.gradeLevel.map { .int($0) } ?? .null, i.value.schoolName.map(SQLValue.text) ?? .null,
                     i.value.academicYear.map(SQLValue.text) ?? .null, .int(i.value.maxStudents), .date(now), .date(now)]
                }, on: conn)
                for i in batch { if let t = i.teacherEmail { teachers.append((i.value.name, t)) } }
            })
        if !acting.isOwner {
            runner.authorize = { item in
                if let existing = try classes.find(item.value.name) {
                    try authorize(acting, .updateClass, existing, classes, "change")
                } else {
                    try acting.require(.createClass, "may not create classes")
                }
            }
        }
        runner.finish = { written in
            for (name, email) in teachers {
                let t = try teacher(email, users)
                let c = try load(name, classes)
                try classes.addTeacher(t.id, to: c.id, primary: c.teachers.isEmpty)
            }
            try Audit.record(conn, actor: acting.auditActor, action: "class.import", entityType: "class", entityID: nil,
                             details: JSONValue.object([("records", .int(Int64(written)))]).serialized())
        }
        return try runner.run(path: inv.arguments[0])
    }
}

/// A validated class record from `class create` or `class import`.
struct ClassInput: NaturallyKeyed {
    var value: NewClass
    var teacherEmail: String?
    var naturalKey: String { value.name.lowercased() }
    var keyField: String { "name" }

    static func validate(_ f: [String: String]) throws -> ClassInput {
        func v(_ k: String) -> String? {
            guard let s = f[k]?.trimmingWhitespace(), !s.isEmpty else { return nil }
            return s
        }
        guard let name = v("name") else { throw FieldProblem(field: "name", message: "is missing") }
        guard name.count <= 100 else { throw FieldProblem(field: "name", message: "is longer than 100 characters") }
        var grade: Int?
        if let g = v("grade_level") ?? v("grade") {
            guard let n = Int(g), (0...12).contains(n) else { throw FieldProblem(field: "grade_level", message: "\(quoted(g)) is not a grade from 0 to 12") }
            grade = n
        }
        var max = 30
        if let m = v("max_students") {
            guard let n = Int(m), (1...1000).contains(n) else { throw FieldProblem(field: "max_students", message: "\(quoted(m)) is not a number from 1 to 1000") }
            max = n
        }
        let teacher = v("teacher_email")
        if let t = teacher, let p = EmailAddress.problem(t) { throw FieldProblem(field: "teacher_email", message: "\(quoted(t)) \(p)") }
        return ClassInput(value: NewClass(name: name, gradeLevel: grade, schoolName: v("school_name"), academicYear: v("academic_year"), maxStudents: max),
                          teacherEmail: teacher)
    }
}
