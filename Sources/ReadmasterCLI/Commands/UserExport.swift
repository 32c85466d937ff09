import Foundation
import ReadmasterCore
import ReadmasterStore

/// `user export USER`: everything readmaster holds about one person, as one JSON
/// document (seed 002, data protection).
enum UserExport {
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

    static func run(_ inv: Invocation) throws -> Int32 {
        let conn = try inv.openDatabase()
        defer { conn.close() }
        let acting = try Acting.resolve(inv, conn)
        let users = UserRecords(conn)
        let u = try UserCommand.load(inv.arguments[0], users)
        try acting.require(.readUser, try acting.relation(to: u, users), "may not export the data of \(u.email)")
        var doc: [(String, JSONValue)] = [("exported_at", .string(Timestamp.format(Date()))), ("user", .object(UserCommand.record(u)))]
        for section in sections {
            let rows = try conn.query(section.sql, [.uuid(u.id)])
            doc.append((section.name, .array(rows.map { row in .object(zip(row.columns, row.values).map { ($0, json($1)) }) })))
        }
        inv.out.line(JSONValue.object(doc).serialized(pretty: true))
        return ExitCodes.ok
    }

    static func json(_ v: SQLValue) -> JSONValue {
        switch v {
        case .null: return .null
        case let .int(i): return .int(i)
        case let .double(d): return .double(d)
        case let .bool(b): return .bool(b)
        case let .json(j): return (try? JSONParser.parse(j)) ?? .string(j)
        case let .text(t):
            if t.hasPrefix("{"), let parsed = try? JSONParser.parse(t) { return parsed }
            return .string(t)
        default: return v.textForm.map(JSONValue.string) ?? .null
        }
    }
}
