import Foundation

public struct ClassRow: Sendable {
    public let id: UUID
    public let name: String
    public let gradeLevel: Int?
    public let schoolName: String?
    public let academicYear: String?
    public let maxStudents: Int
    public let isActive: Bool
    public let activeStudents: Int
    public let teachers: [String]
}

public struct NewClass: Sendable {
    public var name: String
    public var gradeLevel: Int?
    public var schoolName: String?
    public var academicYear: String?
    public var maxStudents: Int

    public init(name: String, gradeLevel: Int?, schoolName: String?, academicYear: String?, maxStudents: Int) {
        self.name = name
        self.gradeLevel = gradeLevel
        self.schoolName = schoolName
        self.academicYear = academicYear
        self.maxStudents = maxStudents
    }
}

/// Why an enrollment was refused, in words for the person running the command.
public enum EnrollmentProblem: Error, CustomStringConvertible, Equatable {
    case full(className: String, max: Int)
    case activeElsewhere(student: String, className: String)
    case alreadyEnrolled(student: String, className: String)
    case notEnrolled(student: String, className: String)

    public var description: String {
        switch self {
        case let .full(c, max): return "class \(c) is full (\(max) students)"
        case let .activeElsewhere(s, c): return "\(s) is already active in class \(c); remove them there first (or use --move)"
        case let .alreadyEnrolled(s, c): return "\(s) is already in class \(c)"
        case let .notEnrolled(s, c): return "\(s) is not active in class \(c)"
        }
    }
}

/// Queries about classes, their teachers and enrollments (with status history).
public struct ClassRecords {
    public let connection: any Connection

    public init(_ connection: any Connection) { self.connection = connection }

    static let select = """
        SELECT c.id, c.name, c.grade_level, c.school_name, c.academic_year, c.max_students, c.is_active,
               (SELECT count(*) FROM class_enrollments e WHERE e.class_id = c.id AND e.status = 'active') AS active_students
        FROM classes c
        """

    func row(_ r: Row) throws -> ClassRow {
        let id = try r.uuid("id")
        let teachers = try connection.query("""
            SELECT u.email FROM teachers_classes t JOIN users u ON u.id = t.teacher_id WHERE t.class_id = $1 ORDER BY t.is_primary DESC, u.email
            """, [.uuid(id)]).map { try $0.string("email") }
        return ClassRow(id: id, name: try r.string("name"), gradeLevel: try r.optionalInt("grade_level").map(Int.init),
                        schoolName: try r.optionalString("school_name"), academicYear: try r.optionalString("academic_year"),
                        maxStudents: Int(try r.int("max_students")), isActive: try r.bool("is_active"),
                        activeStudents: Int(try r.int("active_students")), teachers: teachers)
    }

    /// A class name that several schools (or years) use: the caller must say which.
    public struct Ambiguous: Error, Sendable {
        public let key: String
        public let candidates: [ClassRow]
    }

    /// By id, by name (case-insensitive), or by SCHOOL/NAME when names repeat across
    /// schools; throws `Ambiguous` when a name matches more than one class.
    public func find(_ key: String) throws -> ClassRow? {
        if let id = UUID(uuidString: key), let r = try connection.queryOne(ClassRecords.select + " WHERE c.id = $1", [.uuid(id)]) {
            return try row(r)
        }
        var found = try connection.query(ClassRecords.select + " WHERE lower(c.name) = lower($1) ORDER BY c.school_name, c.academic_year", [.text(key)])
        if found.isEmpty, let slash = key.lastIndex(of: "/") {
            let school = String(key[..<slash]), name = String(key[key.index(after: slash)...])
            found = try connection.query(ClassRecords.select + " WHERE lower(c.name) = lower($1) AND lower(coalesce(c.school_name, '')) = lower($2) ORDER BY c.academic_year",
                                         [.text(name), .text(school)])
        }
        if found.count > 1 { throw Ambiguous(key: key, candidates: try found.map(row)) }
        return try found.first.map(row)
    }

    /// The class with exactly this name, school and year (the unique key).
    public func find(name: String, school: String?, year: String?) throws -> ClassRow? {
        try connection.queryOne(ClassRecords.select + """
             WHERE lower(c.name) = lower($1) AND lower(coalesce(c.school_name, '')) = lower($2) AND coalesce(c.academic_year, '') = $3
            """, [.text(name), .text(school ?? ""), .text(year ?? "")]).map(row)
    }

    public func create(_ c: NewClass, createdBy: UUID?) throws -> UUID {
        let id = UUID()
        try connection.execute("""
            INSERT INTO classes (id, name, grade_level, school_name, academic_year, max_students, created_by, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
            """, [.uuid(id), .text(c.name), c.gradeLevel.map { .int($0) } ?? .null, c.schoolName.map(SQLValue.text) ?? .null,
                  c.academicYear.map(SQLValue.text) ?? .null, .int(c.maxStudents), createdBy.map(SQLValue.uuid) ?? .null, .date(Date())])
        return id
    }

    public static let importUpsert = Upsert(
        table: "classes", columns: ["id", "name", "grade_level", "school_name", "academic_year", "max_students", "created_at", "updated_at"],
        conflict: "(\(SchemaClassSchools.key))", updates: ["grade_level", "max_students", "updated_at"])

    public func update(_ id: UUID, set changes: [ColumnChange]) throws {
        try connection.updateRow("classes", id: id, changes, allowed: ["name", "grade_level", "school_name", "academic_year", "max_students", "is_active", "description"])
    }

    public func delete(_ id: UUID) throws -> Bool { try connection.execute("DELETE FROM classes WHERE id = $1", [.uuid(id)]) > 0 }

    public func addTeacher(_ teacher: UUID, to classID: UUID, primary: Bool) throws {
        try connection.execute("""
            INSERT INTO teachers_classes (teacher_id, class_id, is_primary, assigned_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (teacher_id, class_id) DO NOTHING
            """, [.uuid(teacher), .uuid(classID), .bool(primary), .date(Date())])
    }

    public func teaches(teacher: UUID, classID: UUID) throws -> Bool {
        try connection.queryOne("SELECT 1 AS x FROM teachers_classes WHERE teacher_id = $1 AND class_id = $2", [.uuid(teacher), .uuid(classID)]) != nil
    }

    /// Enrolls a student, enforcing the class size and one active class per student;
    /// `move` ends an active enrollment elsewhere first. Records the status change.
    /// Whether the user, or a child linked to them, is actively enrolled in the class.
    public func isMember(_ user: UUID, classID: UUID) throws -> Bool {
        try connection.queryOne("""
            SELECT 1 AS x FROM class_enrollments e WHERE e.class_id = $2 AND e.status = 'active'
              AND (e.student_id = $1 OR e.student_id IN (SELECT student_id FROM parents_students WHERE parent_id = $1))
            """, [.uuid(user), .uuid(classID)]) != nil
    }

    /// The class a student is actively enrolled in, if any.
    public func activeClass(of student: UUID) throws -> ClassRow? {
        guard let r = try connection.queryOne("SELECT class_id FROM class_enrollments WHERE student_id = $1 AND status = 'active'",
                                              [.uuid(student)]) else { return nil }
        return try find(try r.uuid("class_id").uuidString)
    }

    public func enroll(student: UUID, email: String, in c: ClassRow, move: Bool, by actor: UUID?) throws {
        if let active = try connection.queryOne("""
            SELECT e.id, e.class_id, c.name FROM class_enrollments e JOIN classes c ON c.id = e.class_id
            WHERE e.student_id = $1 AND e.status = 'active'
            """, [.uuid(student)]) {
            if try active.uuid("class_id") == c.id { throw EnrollmentProblem.alreadyEnrolled(student: email, className: c.name) }
            guard move else { throw EnrollmentProblem.activeElsewhere(student: email, className: try active.string("name")) }
            try setStatus(enrollment: try active.uuid("id"), from: "active", to: "inactive", by: actor)
        }
        let count = try connection.queryOne("SELECT count(*) AS c FROM class_enrollments WHERE class_id = $1 AND status = 'active'",
                                            [.uuid(c.id)])?.int("c") ?? 0
        guard count < c.maxStudents else { throw EnrollmentProblem.full(className: c.name, max: c.maxStudents) }
        let id = UUID()
        let now = Date()
        try connection.execute("INSERT INTO class_enrollments (id, class_id, student_id, status, enrolled_at) VALUES ($1, $2, $3, 'active', $4)",
                               [.uuid(id), .uuid(c.id), .uuid(student), .date(now)])
        try connection.execute("INSERT INTO enrollment_events (enrollment_id, from_status, to_status, changed_by, changed_at) VALUES ($1, NULL, 'active', $2, $3)",
                               [.uuid(id), actor.map(SQLValue.uuid) ?? .null, .date(now)])
    }

    /// Ends a student's active enrollment in the class with `status` (inactive, completed, suspended).
    public func unenroll(student: UUID, email: String, from c: ClassRow, status: String, by actor: UUID?) throws {
        guard let e = try connection.queryOne("SELECT id FROM class_enrollments WHERE student_id = $1 AND class_id = $2 AND status = 'active'",
                                              [.uuid(student), .uuid(c.id)]) else {
            throw EnrollmentProblem.notEnrolled(student: email, className: c.name)
        }
        try setStatus(enrollment: try e.uuid("id"), from: "active", to: status, by: actor)
    }

    func setStatus(enrollment: UUID, from: String, to: String, by actor: UUID?) throws {
        let now = Date()
        try connection.execute("UPDATE class_enrollments SET status = $2, ended_at = $3 WHERE id = $1",
                               [.uuid(enrollment), .text(to), to == "active" ? .null : .date(now)])
        try connection.execute("INSERT INTO enrollment_events (enrollment_id, from_status, to_status, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5)",
                               [.uuid(enrollment), .text(from), .text(to), actor.map(SQLValue.uuid) ?? .null, .date(now)])
    }

    /// Students of a class with their enrollment status (all statuses, active first).
    public func students(of classID: UUID, includeInactive: Bool) throws -> [(email: String, firstName: String, lastName: String, grade: Int?, status: String, enrolledAt: Date)] {
        try connection.query("""
            SELECT u.email, u.first_name, u.last_name, u.grade_level, e.status, e.enrolled_at
            FROM class_enrollments e JOIN users u ON u.id = e.student_id
            WHERE e.class_id = $1 \(includeInactive ? "" : "AND e.status = 'active'")
            ORDER BY CASE WHEN e.status = 'active' THEN 0 ELSE 1 END, u.last_name, u.first_name
            """, [.uuid(classID)]).map {
            (try $0.string("email"), try $0.string("first_name"), try $0.string("last_name"), try $0.optionalInt("grade_level").map(Int.init),
             try $0.string("status"), try $0.date("enrolled_at"))
        }
    }

    /// Classes visible to a viewer (nil: all).
    public func list(visibleTo viewer: Viewer?, school: String? = nil, year: String? = nil, limit: Int) throws -> [ClassRow] {
        var f = Filters()
        f.restrict(to: viewer) { $0.classes("c.id", me: $1) }
        f.add(school.map(SQLValue.text)) { "lower(c.school_name) = lower(\($0))" }
        f.add(year.map(SQLValue.text)) { "c.academic_year = \($0)" }
        let sql = ClassRecords.select + f.whereSQL + " ORDER BY c.school_name, c.academic_year, c.name LIMIT \(f.bind(.int(limit)))"
        return try connection.query(sql, f.params).map(row)
    }
}
