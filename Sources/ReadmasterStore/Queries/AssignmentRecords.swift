import Foundation

/// Assignments of a reading to a student or a class (seed 002: due dates), and the
/// notification each assignee gets.
public struct AssignmentRecords {
    public let connection: any Connection

    public init(_ connection: any Connection) { self.connection = connection }

    /// Who an assignment is for: one student, or a class.
    public enum Target: Sendable {
        case student(UUID), classroom(UUID)

        var column: String {
            switch self {
            case .student: return "student_id"
            case .classroom: return "class_id"
            }
        }

        var id: UUID {
            switch self {
            case let .student(id), let .classroom(id): return id
            }
        }
    }

    /// The same reading already assigned to the same target with the same due date: a
    /// script that runs twice must not assign (and notify) twice.
    public func existing(reading: UUID, to target: Target, due: Date?) throws -> UUID? {
        let sql = "SELECT id FROM assignments WHERE reading_id = $1 AND \(target.column) = $2 AND " + (due == nil ? "due_at IS NULL" : "due_at = $3")
        return try connection.queryOne(sql, [.uuid(reading), .uuid(target.id)] + (due.map { [SQLValue.date($0)] } ?? []))?.uuid("id")
    }

    public func insert(reading: UUID, to target: Target, by: UUID?, due: Date?, note: String?) throws -> UUID {
        let id = UUID()
        var student: SQLValue = .null, classID: SQLValue = .null
        switch target {
        case let .student(s): student = .uuid(s)
        case let .classroom(c): classID = .uuid(c)
        }
        try connection.execute("""
            INSERT INTO assignments (id, reading_id, student_id, class_id, assigned_by, due_at, note, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, [.uuid(id), .uuid(reading), student, classID, by.map(SQLValue.uuid) ?? .null, due.map(SQLValue.date) ?? .null,
                  note.map(SQLValue.text) ?? .null, .date(Date())])
        return id
    }

    public func notify(user: UUID, reading: String, due: Date?, assignment: UUID) throws {
        let when = due.map { " by " + String(Timestamp.format($0).prefix(10)) } ?? ""
        try connection.execute("""
            INSERT INTO notifications (id, user_id, type, title, message, related_entity_id, created_at)
            VALUES ($1, $2, 'assignment', $3, $4, $5, $6)
            """, [.uuid(UUID()), .uuid(user), .text("New reading: \(reading)"), .text("Read \"\(reading)\" aloud\(when)."), .uuid(assignment), .date(Date())])
    }
}
