import Foundation

/// Everything readmaster holds about one person, section by section, for
/// `user export` (seed 002, data protection). A new table that holds personal data
/// gets a section here.
public struct UserDataExport {
    public let connection: any Connection

    public init(_ connection: any Connection) { self.connection = connection }

    static let sections: [(name: String, sql: String)] = [
        ("parents", "SELECT u.email, ps.relationship_type, ps.linked_at FROM parents_students ps JOIN users u ON u.id = ps.parent_id WHERE ps.student_id = $1"),
        ("children", "SELECT u.email, ps.relationship_type, ps.linked_at FROM parents_students ps JOIN users u ON u.id = ps.student_id WHERE ps.parent_id = $1"),
        ("enrollments", "SELECT c.name AS class, e.status, e.enrolled_at, e.ended_at FROM class_enrollments e JOIN classes c ON c.id = e.class_id WHERE e.student_id = $1"),
        ("classes_taught", "SELECT c.name AS class, t.assigned_at FROM teachers_classes t JOIN classes c ON c.id = t.class_id WHERE t.teacher_id = $1"),
        ("assessments", """
            SELECT a.id, rd.title AS reading, a.status, a.assessment_date, a.audio_path, a.audio_duration_s, r.wcpm, r.accuracy, r.confidence,
                   r.engine_version, r.analysis
            FROM assessments a JOIN readings rd ON rd.id = a.reading_id LEFT JOIN assessment_results r ON r.assessment_id = a.id
            WHERE a.student_id = $1 ORDER BY a.assessment_date
            """),
        ("quiz_answers", "SELECT q.question_text, s.selected_option_id, s.is_correct, s.answered_at FROM student_quiz_answers s JOIN quiz_questions q ON q.id = s.question_id WHERE s.student_id = $1"),
        ("goals", "SELECT metric, target, baseline, start_date, due_date, completed_at FROM reading_goals WHERE student_id = $1"),
        ("notifications", "SELECT type, title, message, is_read, created_at FROM notifications WHERE user_id = $1"),
        ("achievements", "SELECT a.code, a.name, ua.awarded_at FROM user_achievements ua JOIN achievements a ON a.id = ua.achievement_id WHERE ua.user_id = $1"),
        ("audit_log", "SELECT action, entity_type, entity_id, created_at FROM audit_log WHERE actor_id = $1 ORDER BY id"),
    ]


    /// Each section's rows for the user, in order.
    public func sections(of user: UUID) throws -> [(name: String, rows: [Row])] {
        try UserDataExport.sections.map { ($0.name, try connection.query($0.sql, [.uuid(user)])) }
    }
}
