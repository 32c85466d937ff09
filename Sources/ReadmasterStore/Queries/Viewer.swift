import Foundation
import ReadmasterCore

/// Who is listing records, and which rows the policy lets them see
/// (`Policy.visibility(of:)`). Record queries turn it into SQL conditions here, so the
/// rule each role follows is written once.
public struct Viewer: Sendable {
    public let id: UUID
    public let visibility: Policy.Visibility

    public init(id: UUID, visibility: Policy.Visibility) {
        self.id = id
        self.visibility = visibility
    }

    /// A condition on a user-id column (`u.id`, `a.student_id`): the users this viewer
    /// sees. `me` is the placeholder bound to `id`. Nil: no condition.
    func users(_ column: String, me: String) -> String? {
        switch visibility {
        case .all: return nil
        case .own: return "\(column) = \(me)"
        case .linkedChildren:
            return "(\(column) = \(me) OR \(column) IN (SELECT student_id FROM parents_students WHERE parent_id = \(me)))"
        case .taughtStudents:
            return """
                (\(column) = \(me) OR \(column) IN (SELECT e.student_id FROM class_enrollments e JOIN teachers_classes t ON t.class_id = e.class_id
                                                   WHERE t.teacher_id = \(me) AND e.status = 'active'))
                """
        }
    }

    /// A condition on a class-id column: the classes this viewer sees (a teacher's own,
    /// a student's own, a parent's children's).
    func classes(_ column: String, me: String) -> String? {
        switch visibility {
        case .all: return nil
        case .taughtStudents: return "\(column) IN (SELECT class_id FROM teachers_classes WHERE teacher_id = \(me))"
        case .own: return "\(column) IN (SELECT class_id FROM class_enrollments WHERE student_id = \(me) AND status = 'active')"
        case .linkedChildren:
            return """
                \(column) IN (SELECT e.class_id FROM class_enrollments e JOIN parents_students p ON p.student_id = e.student_id
                              WHERE p.parent_id = \(me) AND e.status = 'active')
                """
        }
    }
}
