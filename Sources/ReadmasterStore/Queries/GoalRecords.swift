import Foundation

/// Reading goals (seed 004 skill targets): a metric, a target and a due date per student.
public struct GoalRecords {
    public let connection: any Connection

    public init(_ connection: any Connection) { self.connection = connection }

    public struct Goal: Sendable {
        public let id: UUID
        public let metric: String
        public let target: Double
        public let baseline: Double?
        public let startDate: String
        public let dueDate: String
        public let completedAt: Date?
        public let note: String?
    }

    public func add(student: UUID, metric: String, target: Double, baseline: Double?, start: String, due: String, by: UUID?, note: String?) throws -> UUID {
        let id = UUID()
        try connection.execute("""
            INSERT INTO reading_goals (id, student_id, metric, target, baseline, start_date, due_date, created_by, note, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """, [.uuid(id), .uuid(student), .text(metric), .double(target), baseline.map(SQLValue.double) ?? .null, .text(start), .text(due),
                  by.map(SQLValue.uuid) ?? .null, note.map(SQLValue.text) ?? .null, .date(Date())])
        return id
    }

    public func list(student: UUID) throws -> [Goal] {
        try connection.query("""
            SELECT id, metric, target, baseline, start_date, due_date, completed_at, note FROM reading_goals WHERE student_id = $1
            ORDER BY completed_at IS NOT NULL, due_date
            """, [.uuid(student)]).map {
            Goal(id: try $0.uuid("id"), metric: try $0.string("metric"), target: try $0.double("target"), baseline: try $0.optionalDouble("baseline"),
                 startDate: String(try $0.string("start_date").prefix(10)), dueDate: String(try $0.string("due_date").prefix(10)),
                 completedAt: try $0.optionalDate("completed_at"), note: try $0.optionalString("note"))
        }
    }

    public func complete(_ id: UUID, at: Date) throws {
        try connection.execute("UPDATE reading_goals SET completed_at = $2 WHERE id = $1 AND completed_at IS NULL", [.uuid(id), .date(at)])
    }

    public func clear(student: UUID, metric: String?) throws -> Int {
        if let metric {
            return try connection.execute("DELETE FROM reading_goals WHERE student_id = $1 AND metric = $2 AND completed_at IS NULL", [.uuid(student), .text(metric)])
        }
        return try connection.execute("DELETE FROM reading_goals WHERE student_id = $1 AND completed_at IS NULL", [.uuid(student)])
    }

    /// Students of a class by XP, with level and streaks (the class leaderboard).
    public func leaderboard(classID: UUID, limit: Int) throws -> [(email: String, name: String, xp: Int, level: String?, streak: Int, best: Int)] {
        try connection.query("""
            SELECT u.email, u.first_name, u.last_name, coalesce(s.xp, 0) AS xp, l.name AS level, coalesce(s.current_streak, 0) AS streak,
                   coalesce(s.best_streak, 0) AS best
            FROM class_enrollments e JOIN users u ON u.id = e.student_id
            LEFT JOIN user_stats s ON s.user_id = u.id LEFT JOIN reading_levels l ON l.id = s.level_id
            WHERE e.class_id = $1 AND e.status = 'active'
            ORDER BY coalesce(s.xp, 0) DESC, u.last_name, u.first_name LIMIT $2
            """, [.uuid(classID), .int(limit)]).map {
            (try $0.string("email"), "\(try $0.string("first_name")) \(try $0.string("last_name"))", Int(try $0.int("xp")),
             try $0.optionalString("level"), Int(try $0.int("streak")), Int(try $0.int("best")))
        }
    }
}
