import Foundation
import ReadmasterCore
import ReadmasterStore

/// `readmaster class …`: classes, their teachers and students.
enum ClassCommand {
    static let classArg = ArgumentSpec("CLASS", help: "class name or id")
    /// How an enrollment ends (`class remove-student --status`).
    enum EnrollmentEnd: String, CaseIterable { case inactive, completed, suspended }

    static let spec = CommandSpec(
        "class", summary: "create classes and manage their teachers and students",
        subcommands: [
            CommandSpec("create", summary: "create a class (a teacher creating one teaches it)",
                        options: [OptionSpec(.name, value: "NAME", help: "unique class name, e.g. 3B"),
                                  OptionSpec(.grade, value: "N", help: "grade level 0-12", aliases: ["grade-level"]),
                                  OptionSpec(.teacher, value: "EMAIL", help: "the class teacher", aliases: ["teacher-email"]),
                                  OptionSpec(.maxStudents, value: "N", help: "class size limit (default 30)"),
                                  OptionSpec(.school, value: "NAME", help: "school name", aliases: ["school-name"]),
                                  OptionSpec(.year, value: "YEAR", help: "academic year, e.g. 2026-27", aliases: ["academic-year"])],
                        examples: ["readmaster class create --name 3B --grade 3 --teacher t@x.org"],
                        handler: create),
            CommandSpec("list", summary: "list the classes you may see, with their school and year",
                        options: [OptionSpec(.school, value: "NAME", help: "only this school's classes"),
                                  OptionSpec(.year, value: "YEAR", help: "only this academic year's, e.g. 2026-27", aliases: ["academic-year"]),
                                  .listLimit], handler: list),
            CommandSpec("show", summary: "show a class", arguments: [classArg], handler: show),
            CommandSpec("update", summary: "change a class",
                        arguments: [classArg],
                        options: [OptionSpec(.name, value: "NAME", help: "new name"), OptionSpec(.grade, value: "N", help: "grade level 0-12", aliases: ["grade-level"]),
                                  OptionSpec(.maxStudents, value: "N", help: "class size limit"), OptionSpec(.school, value: "NAME", help: "school name", aliases: ["school-name"]),
                                  OptionSpec(.year, value: "YEAR", help: "academic year", aliases: ["academic-year"]),
                                  OptionSpec(.active, value: "BOOL", help: "activate or archive", choices: BoolChoice.self)],
                        handler: update),
            CommandSpec("delete", summary: "delete a class and its enrollments (with enrollments: asks on a terminal, else needs --yes)",
                        arguments: [classArg], options: [OptionSpec(.yes, help: "delete even when students are enrolled (their enrollment history goes)")],
                        handler: delete),
            CommandSpec("add-student", summary: "enroll students (at most one active class each; the class size is enforced; - reads emails from stdin)",
                        discussion: "A student already active in the class is left as is (exit 0), so a script can run twice. The class size counts the class's active students after the change.",
                        arguments: [classArg, ArgumentSpec("STUDENT", help: "student email or id, or - for one per line on standard input", repeats: true)],
                        options: [OptionSpec(.move, help: "end a student's active enrollment elsewhere first")],
                        examples: ["readmaster class add-student 3B s@x.org", "cut -d, -f1 3b.csv | readmaster class add-student 3B -"], handler: addStudent),
            ImportRunner<EnrollmentInput>.command(
                "import-students", summary: "enroll students from CSV, TSV, JSON or NDJSON: class, student (email) per row",
                discussion: "Columns: class (name or id) and student (email or id), and optionally move (true to end an active enrollment in another class first; or give --move for every row). A row whose class or student does not exist, or that would overfill a class, is a bad record like any other. Rows already in place are unchanged, so the import can run again.",
                extraOptions: [OptionSpec(.move, help: "end each student's active enrollment elsewhere first")], examples: ["readmaster class import-students enrollments.csv --dry-run"], handler: importStudents),
            CommandSpec("remove-student", summary: "end a student's enrollment (kept in the history)",
                        arguments: [classArg, ArgumentSpec("STUDENT", help: "student email or id")],
                        options: [OptionSpec(.status, value: "STATUS", help: "the enrollment's end status (default inactive)", choices: EnrollmentEnd.self)],
                        handler: removeStudent),
            CommandSpec("students", summary: "list a class's students",
                        arguments: [classArg], options: [OptionSpec(.all, help: "include ended enrollments")], handler: students),
            CommandSpec("add-teacher", summary: "add a teacher to a class",
                        arguments: [classArg, ArgumentSpec("TEACHER", help: "teacher email or id")], handler: addTeacher),
            ImportRunner<ClassInput>.command(
                summary: "create or update classes from CSV, TSV, JSON or NDJSON (upsert by name)",
                discussion: "Columns: name, and optionally grade_level, teacher_email, max_students, school_name, academic_year.",
                handler: importClasses),
        ])

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
        for (o, f) in [(OptionName.name, "name"), (.grade, "grade_level"), (.maxStudents, "max_students"), (.school, "school_name"), (.year, "academic_year"), (.teacher, "teacher_email")] {
            if let v = inv.value(o) { fields[f] = v }
        }
        let input: ClassInput
        do { input = try ClassInput.validate(fields) } catch let p as FieldProblem {
            let option = ["grade_level": "grade", "max_students": "max-students", "school_name": "school", "academic_year": "year", "teacher_email": "teacher"][p.field] ?? p.field
            throw CLIError.usage("class create: --\(option) \(p.message)")
        }
        return try inv.withSession(requiring: .createClass, "may not create classes") { conn, acting in
            let classes = ClassRecords(conn), users = UserRecords(conn)
            let id: UUID = try conn.transaction {
                if try classes.find(name: input.value.name, school: input.value.schoolName, year: input.value.academicYear) != nil {
                    let at = [input.value.schoolName, input.value.academicYear].compactMap { $0 }.joined(separator: ", ")
                    throw CLIError.badInput("a class named \(input.value.name) already exists\(at.isEmpty ? "" : " at \(at)") (names repeat only across schools or years)")
                }
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
    }

    static func list(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let rows = try inv.shown(try ClassRecords(conn).list(visibleTo: acting.viewer, school: inv.value(.school), year: inv.value(.year),
                                                                 limit: try inv.listLimit()))
            var t = Table(columns: [.init("id", droppable: true), .init("name"), .init("school_name"), .init("academic_year"),
                                    .init("grade_level", numeric: true), .init("students", numeric: true),
                                    .init("max_students", numeric: true, droppable: true), .init("teachers", droppable: true), .init("is_active", droppable: true)])
            t.rows = rows.map { c in
                [.string(c.id.uuidString.lowercased()), .string(c.name), c.schoolName.map(JSONValue.string) ?? .null, c.academicYear.map(JSONValue.string) ?? .null,
                 c.gradeLevel.map { .int(Int64($0)) } ?? .null, .int(Int64(c.activeStudents)),
                 .int(Int64(c.maxStudents)), .string(c.teachers.joined(separator: " ")), .bool(c.isActive)]
            }
            inv.emit(t)
            return ExitCodes.ok
        }
    }

    static func show(_ inv: Invocation) throws -> Int32 {
        return try withClass(inv, .readClass, "see") { _, _, _, c in
            inv.emit(record: record(c))
            return ExitCodes.ok
        }
    }

    static func update(_ inv: Invocation) throws -> Int32 {
        return try withClass(inv, .updateClass, "change") { conn, acting, classes, c in
            var changes: [(column: String, value: SQLValue)] = []
            if let v = inv.value(.name) {
                guard !v.trimmingWhitespace().isEmpty, v.count <= 100 else { throw CLIError.usage("--name must have 1 to 100 characters") }
                changes.append(("name", .text(v.trimmingWhitespace())))
            }
            if let g = try inv.int(.grade, in: 0...12) { changes.append(("grade_level", .int(g))) }
            if let m = try inv.int(.maxStudents, in: 1...1000) {
                guard m >= c.activeStudents else { throw CLIError.badInput("class \(c.name) has \(c.activeStudents) students; --max-students \(m) is too small") }
                changes.append(("max_students", .int(m)))
            }
            if let v = inv.value(.school) { changes.append(("school_name", .text(v))) }
            if let v = inv.value(.year) { changes.append(("academic_year", .text(v))) }
            if let v = inv.choice(.active, as: BoolChoice.self) { changes.append(("is_active", .bool(v == .yes))) }
            return try RecordUpdate.finish(inv, conn, acting, command: "class", id: c.id, changes: changes,
                                           write: { try classes.update(c.id, set: changes) }, reread: { record(try load(c.id.uuidString, classes)) })
        }
    }

    static func delete(_ inv: Invocation) throws -> Int32 {
        return try withClass(inv, .deleteClass, "delete") { conn, acting, classes, c in
            let history = try classes.students(of: c.id, includeInactive: true).count
            if history > 0 { try inv.confirm("class \(c.name) has \(history) enrollment\(history == 1 ? "" : "s") (\(c.activeStudents) active); deleting it deletes them") }
            try acting.audited(conn, "class.delete", "class", c.id, details: JSONValue.object([("name", .string(c.name))]).serialized()) {
                _ = try classes.delete(c.id)
            }
            inv.note("deleted class \(c.name)")
            return ExitCodes.ok
        }
    }

    static func addStudent(_ inv: Invocation) throws -> Int32 {
        return try withClass(inv, .enrollStudent, "enroll students in") { conn, acting, classes, c in
            let users = UserRecords(conn)
            let move = inv.flag(.move)
            var keys = Array(inv.arguments.dropFirst())
            if keys == ["-"] {
                let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                keys = text.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
            }
            var added = 0, already = 0
            try conn.transaction {
                var current = c
                var adding: [UserRow] = []
                for key in keys {
                    let s = try UserCommand.load(key, users)
                    guard s.role == .student else { throw CLIError.badInput("\(s.email) is a \(s.role), not a student") }
                    if try classes.activeClass(of: s.id)?.id == c.id { already += 1 } else { adding.append(s) }
                }
                // The size after the change, counted once, so the message says what it would be.
                if c.activeStudents + adding.count > c.maxStudents {
                    throw CLIError.badInput("class \(c.name) holds at most \(c.maxStudents) students; it has \(c.activeStudents) active, and adding \(adding.count) would make \(c.activeStudents + adding.count); nothing was changed")
                }
                for s in adding {
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
                    added += 1
                }
            }
            inv.note("class \(c.name): added \(added) student\(added == 1 ? "" : "s")" + (already > 0 ? "; \(already) already enrolled" : ""))
            return ExitCodes.ok
        }
    }

    static func removeStudent(_ inv: Invocation) throws -> Int32 {
        return try withClass(inv, .enrollStudent, "remove students from") { conn, acting, classes, c in
            let users = UserRecords(conn)
            let end = inv.choice(.status, as: EnrollmentEnd.self) ?? .inactive
            let s = try UserCommand.load(inv.arguments[1], users)
            try acting.audited(conn, "class.remove_student", "class", c.id, details: JSONValue.object([("student", .string(s.id.uuidString.lowercased()))]).serialized()) {
                do { try classes.unenroll(student: s.id, email: s.email, from: c, status: end.rawValue, by: acting.user?.id) } catch let p as EnrollmentProblem {
                    throw CLIError.badInput("\(p)")
                }
            }
            inv.note("class \(c.name): \(s.email) is now \(end.rawValue)")
            return ExitCodes.ok
        }
    }

    static func students(_ inv: Invocation) throws -> Int32 {
        return try withClass(inv, .readClassmateContacts, "see the roster of") { _, _, classes, c in
            var t = Table(columns: [.init("email"), .init("first_name"), .init("last_name"), .init("grade_level", numeric: true), .init("status"), .init("enrolled_at")])
            t.rows = try classes.students(of: c.id, includeInactive: inv.flag(.all)).map { s in
                [.string(s.email), .string(s.firstName), .string(s.lastName), s.grade.map { .int(Int64($0)) } ?? .null, .string(s.status),
                 .string(Timestamp.format(s.enrolledAt))]
            }
            inv.emit(t)
            return ExitCodes.ok
        }
    }

    static func addTeacher(_ inv: Invocation) throws -> Int32 {
        return try withClass(inv, .updateClass, "change") { conn, acting, classes, c in
            let users = UserRecords(conn)
            let t = try teacher(inv.arguments[1], users)
            try acting.audited(conn, "class.add_teacher", "class", c.id, details: JSONValue.object([("teacher", .string(t.id.uuidString.lowercased()))]).serialized()) {
                try classes.addTeacher(t.id, to: c.id, primary: c.teachers.isEmpty)
            }
            inv.note("class \(c.name): \(t.email) teaches it")
            return ExitCodes.ok
        }
    }

    static func importClasses(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession(requiring: .createStaff, "may not import classes") { conn, acting in
            let classes = ClassRecords(conn), users = UserRecords(conn)
            var teachers: [(NewClass, String)] = []
            var runner = ImportRunner<ClassInput>(
                schema: .class, inv: inv, connection: conn,
                validate: { record in
                    let input = try ClassInput.validate(record.fields)
                    // A teacher who does not exist is this row's problem (a reject), not the import's.
                    if let t = input.teacherEmail {
                        guard let u = try users.find(t) else { throw FieldProblem(field: "teacher_email", message: "no user \(t)") }
                        guard u.role == .teacher else { throw FieldProblem(field: "teacher_email", message: "\(u.email) is a \(u.role), not a teacher") }
                    }
                    return input
                },
                write: { batch in
                    let now = Date()
                    try ClassRecords.importUpsert.run(batch.map { i in
                        [.uuid(UUID()), .text(i.value.name), i.value.gradeLevel.map { .int($0) } ?? .null, i.value.schoolName.map(SQLValue.text) ?? .null,
                         i.value.academicYear.map(SQLValue.text) ?? .null, .int(i.value.maxStudents), .date(now), .date(now)]
                    }, on: conn)
                    for i in batch { if let t = i.teacherEmail { teachers.append((i.value, t)) } }
                })
            runner.classify = { items in try items.map(classify) }
            func classify(_ item: ClassInput) throws -> ImportChange {
                guard let c = try classes.find(name: item.value.name, school: item.value.schoolName, year: item.value.academicYear) else { return .created }
                let v = item.value
                let same = c.gradeLevel == v.gradeLevel && c.schoolName == v.schoolName && c.academicYear == v.academicYear && c.maxStudents == v.maxStudents
                    && (item.teacherEmail.map { t in c.teachers.contains { $0.lowercased() == t.lowercased() } } ?? true)
                return same ? .unchanged : .updated
            }
            if !acting.isOwner {
                runner.authorize = { item in
                    if let existing = try classes.find(name: item.value.name, school: item.value.schoolName, year: item.value.academicYear) {
                        try authorize(acting, .updateClass, existing, classes, "change")
                    } else {
                        try acting.require(.createClass, "may not create classes")
                    }
                }
            }
            runner.finish = { written in
                for (value, email) in teachers {
                    let t = try teacher(email, users)
                    guard let c = try classes.find(name: value.name, school: value.schoolName, year: value.academicYear) else { continue }
                    try classes.addTeacher(t.id, to: c.id, primary: c.teachers.isEmpty)
                }
                try Audit.record(conn, actor: acting.auditActor, action: "class.import", entityType: "class", entityID: nil,
                                 details: JSONValue.object([("records", .int(Int64(written)))]).serialized())
            }
            return try runner.run(path: inv.arguments[0])
        }
    }

    static func importStudents(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let classes = ClassRecords(conn), users = UserRecords(conn)
            var classCache: [String: ClassRow?] = [:]
            // Active students per class as this file changes them, so "full" counts the file.
            var active: [UUID: Int] = [:]
            func findClass(_ key: String) throws -> ClassRow? {
                if let c = classCache[key.lowercased()] { return c }
                do {
                    let c = try classes.find(key)
                    classCache[key.lowercased()] = c
                    return c
                } catch let a as ClassRecords.Ambiguous {
                    throw FieldProblem(field: "class", message: "\(a.candidates.count) classes are named \(quoted(key)) (in \(a.candidates.map { $0.schoolName ?? "no school" }.joined(separator: ", "))); write SCHOOL/NAME")
                }
            }
            let moveAll = inv.flag(.move)
            var runner = ImportRunner<EnrollmentInput>(
                schema: .enrollment, inv: inv, connection: conn,
                validate: { record in
                    let f = record.fields
                    let classKey = f["class"]!.trimmingWhitespace(), studentKey = f["student"]!.trimmingWhitespace()
                    guard let c = try findClass(classKey) else {
                        var message = "no class \(quoted(classKey))"
                        if let s = Suggest.closest(to: classKey, in: try classes.list(visibleTo: nil, limit: 100_000).map(\.name)) { message += "; did you mean \(s)?" }
                        throw FieldProblem(field: "class", message: message)
                    }
                    guard let s = try users.find(studentKey) else { throw FieldProblem(field: "student", message: "no user \(quoted(studentKey))") }
                    guard s.role == .student else { throw FieldProblem(field: "student", message: "\(s.email) is a \(s.role), not a student") }
                    var move = moveAll
                    if let m = f["move"]?.trimmingWhitespace().lowercased(), !m.isEmpty {
                        guard let b = ["true": true, "yes": true, "1": true, "false": false, "no": false, "0": false][m] else {
                            throw FieldProblem(field: "move", message: "\(quoted(m)) is not true or false")
                        }
                        move = move || b
                    }
                    let from = try classes.activeClass(of: s.id)
                    if let from, from.id != c.id, !move {
                        throw FieldProblem(field: "student", message: "\(s.email) is active in class \(from.name); give move=true (or --move) to move them")
                    }
                    if from?.id != c.id {
                        let now = try active[c.id] ?? classes.find(c.id.uuidString)?.activeStudents ?? 0
                        guard now < c.maxStudents else {
                            throw FieldProblem(field: "class", message: "class \(c.name) is full: \(now) of \(c.maxStudents) places taken, counting this file's earlier rows")
                        }
                        active[c.id] = now + 1
                        if let from { active[from.id] = (try active[from.id] ?? classes.find(from.id.uuidString)?.activeStudents ?? 1) - 1 }
                    }
                    return EnrollmentInput(classRow: c, student: s, from: from)
                },
                write: { batch in
                    for e in batch where e.from?.id != e.classRow.id {
                        let current = try classes.find(e.classRow.id.uuidString) ?? e.classRow
                        do { try classes.enroll(student: e.student.id, email: e.student.email, in: current, move: true, by: acting.user?.id) } catch let p as EnrollmentProblem {
                            throw CLIError.badInput("\(p); nothing was written")
                        }
                        try Audit.record(conn, actor: acting.auditActor, action: "class.add_student", entityType: "class", entityID: e.classRow.id.uuidString.lowercased(),
                                         details: JSONValue.object([("student", .string(e.student.id.uuidString.lowercased()))]).serialized())
                    }
                })
            runner.classify = { batch in batch.map { e in e.from == nil ? .created : e.from!.id == e.classRow.id ? .unchanged : .updated } }
            runner.authorize = { e in
                try authorize(acting, .enrollStudent, e.classRow, classes, "enroll students in")
                if let from = e.from, from.id != e.classRow.id { try authorize(acting, .enrollStudent, from, classes, "move students out of") }
            }
            return try runner.run(path: inv.arguments[0])
        }
    }
}

/// A validated row of `class import-students`.
struct EnrollmentInput: NaturallyKeyed {
    let classRow: ClassRow
    let student: UserRow
    /// The class the student is active in now, if any.
    let from: ClassRow?
    var naturalKey: String { student.email.lowercased() }
    var keyField: String { "student" }
}

/// A validated class record from `class create` or `class import`.
struct ClassInput: NaturallyKeyed {
    var value: NewClass
    var teacherEmail: String?
    var naturalKey: String { [value.name.lowercased(), value.schoolName?.lowercased() ?? "", value.academicYear ?? ""].joined(separator: "\u{1F}") }
    var keyField: String { "name" }

    static func validate(_ f: [String: String]) throws -> ClassInput {
        guard let name = f.field("name") else { throw FieldProblem(field: "name", message: "is missing") }
        guard name.count <= 100 else { throw FieldProblem(field: "name", message: "is longer than 100 characters") }
        var grade: Int?
        if let g = f.field("grade_level") ?? f.field("grade") {
            guard let n = GradeLevel.parse(g) else { throw FieldProblem(field: "grade_level", message: "\(quoted(g)) is not \(GradeLevel.expected)") }
            grade = n
        }
        var max = 30
        if let m = f.field("max_students") {
            guard let n = Int(m), (1...1000).contains(n) else { throw FieldProblem(field: "max_students", message: "\(quoted(m)) is not a number from 1 to 1000") }
            max = n
        }
        let teacher = f.field("teacher_email")
        if let t = teacher, let p = EmailAddress.problem(t) { throw FieldProblem(field: "teacher_email", message: "\(quoted(t)) \(p)") }
        return ClassInput(value: NewClass(name: name, gradeLevel: grade, schoolName: f.field("school_name"), academicYear: f.field("academic_year"), maxStudents: max),
                          teacherEmail: teacher)
    }
}
