/// What someone acting with `--as` may do, as one table of role × action × relation.
/// The caller works out how the actor relates to the target (their own record, a
/// linked child, a student in a class they teach, …); the policy only decides.
public enum Policy {
    public enum Action: String, Sendable, CaseIterable {
        case readUser, createStudent, createStaff, updateUser, deleteUser, linkParent
        case readClass, createClass, updateClass, deleteClass, enrollStudent
        case readReading, writeReading
        case readQuizAnswerKey, writeQuiz, answerQuiz
        case assignReading, readResults, gradeRecording, correctResult
        case readAudit
    }

    /// How the actor stands to the target of the action.
    public enum Relation: String, Sendable, CaseIterable {
        /// The actor's own user record, or something the actor made.
        case own
        /// A child linked to the acting parent.
        case linkedChild
        /// A student enrolled in a class the acting teacher teaches, or that class.
        case teaches
        /// Another user who is an admin.
        case otherAdmin
        /// Anything else, including targets not yet in any relation (a new class).
        case unrelated
    }

    public static func allows(_ role: Role, _ action: Action, _ relation: Relation) -> Bool {
        switch role {
        case .admin:
            // Everything, except modifying or deleting another admin.
            if relation == .otherAdmin, [.updateUser, .deleteUser, .linkParent].contains(action) { return false }
            return true
        case .teacher:
            switch action {
            case .readReading, .readQuizAnswerKey: return true
            case .createClass, .createStudent: return true
            case .readUser, .updateUser: return relation == .own || relation == .teaches
            case .readClass, .updateClass, .deleteClass, .enrollStudent, .assignReading, .readResults, .gradeRecording, .correctResult:
                return relation == .teaches || relation == .own
            default: return false
            }
        case .parent:
            switch action {
            case .readReading, .createStudent: return true
            case .readUser, .readResults: return relation == .own || relation == .linkedChild
            case .updateUser: return relation == .own
            case .linkParent: return relation == .linkedChild || relation == .own
            default: return false
            }
        case .student:
            switch action {
            case .readReading: return true
            case .readUser, .updateUser, .readResults, .answerQuiz, .gradeRecording: return relation == .own
            default: return false
            }
        }
    }
}
