import Foundation
import ReadmasterCore

/// A user as commands show it (never the password hash).
public struct UserRow: Sendable {
    public let id: UUID
    public let email: String
    public let role: Role
    public let firstName: String
    public let lastName: String
    public let gradeLevel: Int?
    public let preferredLanguage: String
    public let timezone: String
    public let isActive: Bool
    public let hasPassword: Bool
    public let createdAt: Date
}

/// What `user create` / `user import` write.
public struct NewUser: Sendable {
    public var email: String
    public var role: Role
    public var firstName: String
    public var lastName: String
    public var gradeLevel: Int?
    public var preferredLanguage: String
    public var timezone: String
    public var passwordHash: String?

    public init(email: String, role: Role, firstName: String, lastName: String, gradeLevel: Int?,
                preferredLanguage: String = "en", timezone: String = "UTC", passwordHash: String? = nil) {
        self.email = email
        self.role = role
        self.firstName = firstName
        self.lastName = lastName
        self.gradeLevel = gradeLevel
        self.preferredLanguage = preferredLanguage
        self.timezone = timezone
        self.passwordHash = passwordHash
    }
}

/// Queries about users, parent links and what an acting user may see.
public struct UserRecords {
    public let connection: any Connection

    public init(_ connection: any Connection) { self.connection = connection }

    static let columns = "id, email, role, first_name, last_name, grade_level, preferred_language, timezone, is_active, password_hash IS NOT NULL AS has_password, created_at"

    static func row(_ r: Row) throws -> UserRow {
        UserRow(id: try r.uuid("id"), email: try r.string("email"), role: try role(r.string("role")), firstName: try r.string("first_name"),
                lastName: try r.string("last_name"), gradeLevel: try r.optionalInt("grade_level").map(Int.init),
                preferredLanguage: try r.string("preferred_language"), timezone: try r.string("timezone"),
                isActive: try r.bool("is_active"), hasPassword: try r.bool("has_password"), createdAt: try r.date("created_at"))
    }

    /// The stored role; the schema's CHECK allows only the four, so anything else is a
    /// database this version cannot read.
    static func role(_ text: String) throws -> Role {
        guard let role = Role(rawValue: text) else { throw StoreError.decode(column: "users.role", expected: "a role", found: text) }
        return role
    }

    /// By id or email (case-insensitive).
    public func find(_ key: String) throws -> UserRow? {
        if let id = UUID(uuidString: key),
           let r = try connection.queryOne("SELECT \(UserRecords.columns) FROM users WHERE id = $1", [.uuid(id)]) {
            return try UserRecords.row(r)
        }
        return try connection.queryOne("SELECT \(UserRecords.columns) FROM users WHERE lower(email) = lower($1)", [.text(key)]).map(UserRecords.row)
    }

    /// The users with these emails, by lowercased email, in one query per 500 emails
    /// (an import classifies a batch of rows at once).
    public func find(emails: [String]) throws -> [String: UserRow] {
        var found: [String: UserRow] = [:]
        var start = 0
        while start < emails.count {
            let chunk = emails[start..<min(start + 500, emails.count)].map { $0.lowercased() }
            let placeholders = chunk.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
            for r in try connection.query("SELECT \(UserRecords.columns) FROM users WHERE lower(email) IN (\(placeholders))", chunk.map(SQLValue.text)) {
                let u = try UserRecords.row(r)
                found[u.email.lowercased()] = u
            }
            start += 500
        }
        return found
    }

    /// Inserts a user; a clash on email is a constraint error the caller reports.
    public func create(_ u: NewUser) throws -> UUID {
        let id = UUID()
        let now = Date()
        try connection.execute("""
            INSERT INTO users (id, email, role, first_name, last_name, grade_level, preferred_language, timezone, password_hash, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
            """, [.uuid(id), .text(u.email), .text(u.role.rawValue), .text(u.firstName), .text(u.lastName), u.gradeLevel.map { .int($0) } ?? .null,
                  .text(u.preferredLanguage), .text(u.timezone), u.passwordHash.map(SQLValue.text) ?? .null, .date(now)])
        return id
    }

    /// The insert-or-update used by imports: keyed by email, never changing an id.
    public static let importUpsert = Upsert(
        table: "users",
        columns: ["id", "email", "role", "first_name", "last_name", "grade_level", "preferred_language", "timezone", "password_hash", "created_at", "updated_at"],
        conflict: "((lower(email)))",
        updates: ["role", "first_name", "last_name", "grade_level", "preferred_language", "timezone", "password_hash", "updated_at"])

    /// `stamp` is the batch's timestamp, formatted once (`.text(Timestamp.format(now))`).
    public static func importRow(_ u: NewUser, stamp: SQLValue) -> [SQLValue] {
        [.uuid(UUID()), .text(u.email), .text(u.role.rawValue), .text(u.firstName), .text(u.lastName), u.gradeLevel.map { .int($0) } ?? .null,
         .text(u.preferredLanguage), .text(u.timezone), u.passwordHash.map(SQLValue.text) ?? .null, stamp, stamp]
    }

    public func update(_ id: UUID, set changes: [ColumnChange]) throws {
        try connection.updateRow("users", id: id, changes, allowed: ["first_name", "last_name", "grade_level", "preferred_language", "timezone", "is_active", "role", "email", "password_hash"])
    }

    public func delete(_ id: UUID) throws -> Bool {
        try connection.execute("DELETE FROM users WHERE id = $1", [.uuid(id)]) > 0
    }

    /// GDPR erasure: the user's rows go, and audit entries that named them keep only an
    /// anonymous label.
    public func erase(_ user: UserRow, label: String) throws {
        try connection.execute("UPDATE audit_log SET actor = $2, actor_id = NULL WHERE actor_id = $1 OR lower(actor) = lower($3)",
                               [.uuid(user.id), .text(label), .text(user.email)])
        try connection.execute("UPDATE audit_log SET details = NULL WHERE entity_type = 'user' AND entity_id = $1",
                               [.text(user.id.uuidString.lowercased())])
        _ = try delete(user.id)
    }

    public func link(parent: UUID, child: UUID, relationship: String) throws {
        try connection.execute("""
            INSERT INTO parents_students (parent_id, student_id, relationship_type, linked_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (parent_id, student_id) DO UPDATE SET relationship_type = excluded.relationship_type
            """, [.uuid(parent), .uuid(child), .text(relationship), .date(Date())])
    }

    /// Links by email, for imports (`parent_email` column).
    public func link(parentEmail: String, childEmail: String) throws -> Bool {
        try connection.execute("""
            INSERT INTO parents_students (parent_id, student_id, relationship_type, linked_at)
            SELECT p.id, s.id, 'guardian', $3 FROM users p, users s WHERE lower(p.email) = lower($1) AND lower(s.email) = lower($2)
            ON CONFLICT (parent_id, student_id) DO NOTHING
            """, [.text(parentEmail), .text(childEmail), .date(Date())]) >= 0
    }

    public func unlink(parent: UUID, child: UUID) throws -> Bool {
        try connection.execute("DELETE FROM parents_students WHERE parent_id = $1 AND student_id = $2", [.uuid(parent), .uuid(child)]) > 0
    }

    public func isLinked(parent: UUID, child: UUID) throws -> Bool {
        try connection.queryOne("SELECT 1 AS x FROM parents_students WHERE parent_id = $1 AND student_id = $2", [.uuid(parent), .uuid(child)]) != nil
    }

    /// Whether the teacher teaches a class the student is actively enrolled in.
    public func teaches(teacher: UUID, student: UUID) throws -> Bool {
        try connection.queryOne("""
            SELECT 1 AS x FROM class_enrollments e JOIN teachers_classes t ON t.class_id = e.class_id
            WHERE t.teacher_id = $1 AND e.student_id = $2 AND e.status = 'active'
            """, [.uuid(teacher), .uuid(student)]) != nil
    }

    /// Users visible to a viewer (`nil`: everyone), filtered by role and a search term.
    public func list(visibleTo viewer: Viewer?, role: Role?, search: String?, limit: Int) throws -> [UserRow] {
        var f = Filters()
        f.restrict(to: viewer) { $0.users("u.id", me: $1) }
        f.add(role.map { .text($0.rawValue) }) { "u.role = \($0)" }
        f.add(search.map { .text("%" + $0.lowercased() + "%") }) { "(lower(u.email) LIKE \($0) OR lower(u.first_name) LIKE \($0) OR lower(u.last_name) LIKE \($0))" }
        let cols = UserRecords.columns.split(separator: ",").map { "u." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        let sql = "SELECT \(cols) FROM users u" + f.whereSQL + " ORDER BY u.last_name, u.first_name, u.email LIMIT \(f.bind(.int(limit)))"
        return try connection.query(sql, f.params).map(UserRecords.row)
    }

    public func children(of parent: UUID) throws -> [(email: String, relationship: String)] {
        try connection.query("""
            SELECT u.email, ps.relationship_type FROM parents_students ps JOIN users u ON u.id = ps.student_id
            WHERE ps.parent_id = $1 ORDER BY u.email
            """, [.uuid(parent)]).map { (try $0.string("email"), try $0.string("relationship_type")) }
    }

    public func parents(of child: UUID) throws -> [(email: String, relationship: String)] {
        try connection.query("""
            SELECT u.email, ps.relationship_type FROM parents_students ps JOIN users u ON u.id = ps.parent_id
            WHERE ps.student_id = $1 ORDER BY u.email
            """, [.uuid(child)]).map { (try $0.string("email"), try $0.string("relationship_type")) }
    }

    /// A notification as `user notifications` lists it.
    public struct Notification: Sendable {
        public let id: String
        public let type: String
        public let title: String
        public let message: String
        public let isRead: Bool
        public let createdAt: Date
    }

    /// A user's notifications, newest first.
    public func notifications(of user: UUID, unreadOnly: Bool) throws -> [Notification] {
        try connection.query("""
            SELECT id, type, title, message, is_read, created_at FROM notifications WHERE user_id = $1\(unreadOnly ? " AND is_read = false" : "")
            ORDER BY created_at DESC
            """, [.uuid(user)]).map {
            Notification(id: try $0.string("id"), type: try $0.string("type"), title: try $0.string("title"), message: try $0.string("message"),
                         isRead: try $0.bool("is_read"), createdAt: try $0.date("created_at"))
        }
    }
}
