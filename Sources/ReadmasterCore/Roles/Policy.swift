/// What someone acting with `--as` may do, as one table of role × action × relation,
/// and which records each role sees in lists. This is the only place that decides by
/// role: commands work out how the actor relates to the target (their own record, a
/// linked child, a student in a class they teach, …) and ask; record queries translate
/// `visibility(of:)` into SQL. No `--as` means the database owner, who may do everything.
public enum Policy {
    public enum Action: String, Sendable, CaseIterable {
        // People
        case readUser, createStudent, createStaff, createAdmin, updateUser, deleteUser, linkParent
        case readNotifications
        // Classes
        case readClass, createClass, updateClass, deleteClass, enrollStudent
        /// A class's leaderboard; `readClassmateContacts` decides whether it names classmates
        /// by email or by first name only.
        case readLeaderboard, readClassmateContacts
        // Readings and quizzes
        case readReading, writeReading
        case readQuizAnswerKey, writeQuiz, answerQuiz
        /// Let a student answer a quiz question again (answers are otherwise final).
        case resetQuizAnswer
        // Assessments
        case assignReading, readResults, gradeRecording, correctResult
        /// The queue of unsure results waiting for a teacher.
        case reviewResults
        /// Grade every student's queued recordings (`assess worker`).
        case runWorker
        // Reports
        case readSchoolReport, recomputeProgress
        // The database itself
        case readSchema, changeSchema, seedDatabase
        /// Only connect (`db wait`): every role.
        case checkConnection
    }

    /// How the actor stands to the target of the action.
    public enum Relation: String, Sendable, CaseIterable {
        /// The actor's own user record, or something the actor made.
        case own
        /// A child linked to the acting parent.
        case linkedChild
        /// A student enrolled in a class the acting teacher teaches, or that class.
        case teaches
        /// A class the acting student (or the acting parent's linked child) is actively
        /// enrolled in.
        case member
        /// Another user who is an admin.
        case otherAdmin
        /// Anything else, including targets not yet in any relation (a new class), and
        /// actions with no target (the schema, the whole database).
        case unrelated
    }

    /// Which rows of users, classes and assessments a role sees when it lists them.
    public enum Visibility: String, Sendable, CaseIterable {
        /// Every row.
        case all
        /// The actor's own rows, and the students (and their classes and results) of the
        /// classes the actor teaches.
        case taughtStudents
        /// The actor's own rows, and their linked children's.
        case linkedChildren
        /// The actor's own rows only.
        case own
    }

    public static func visibility(of role: Role) -> Visibility {
        switch role {
        case .admin: return .all
        case .teacher: return .taughtStudents
        case .parent: return .linkedChildren
        case .student: return .own
        }
    }

    /// A student a parent creates is linked to that parent at once (seed 000 §4.4: parents
    /// register their children).
    public static func linksCreatedStudent(_ role: Role) -> Bool { role == .parent }

    /// A teacher who creates a class teaches it (otherwise they could not use it).
    public static func teachesCreatedClass(_ role: Role) -> Bool { role == .teacher }

    public static func allows(_ role: Role, _ action: Action, _ relation: Relation) -> Bool {
        switch role {
        case _ where action == .checkConnection:
            return true
        case .admin:
            // Everything, except modifying or deleting another admin.
            if relation == .otherAdmin, [.updateUser, .deleteUser, .linkParent].contains(action) { return false }
            return true
        case .teacher:
            switch action {
            case .readReading, .readQuizAnswerKey: return true
            case .createClass, .createStudent: return true
            case .readUser, .updateUser: return relation == .own || relation == .teaches
            case .readNotifications: return relation == .own
            case .readClass, .updateClass, .deleteClass, .enrollStudent, .assignReading, .readResults, .gradeRecording, .correctResult,
                 .readLeaderboard, .readClassmateContacts, .resetQuizAnswer:
                return relation == .teaches || relation == .own
            // Their own classes only: the record queries narrow the rows.
            case .reviewResults, .readSchoolReport: return true
            default: return false
            }
        case .parent:
            switch action {
            case .readReading, .createStudent: return true
            case .readUser, .readResults: return relation == .own || relation == .linkedChild
            case .updateUser, .readNotifications: return relation == .own
            case .linkParent: return relation == .linkedChild || relation == .own
            // Their children's classes (name, grade, teachers; not the roster).
            case .readClass: return relation == .member
            default: return false
            }
        case .student:
            switch action {
            case .readReading: return true
            case .readUser, .updateUser, .readResults, .answerQuiz, .gradeRecording, .readNotifications: return relation == .own
            // Their class (not its roster) and its leaderboard, by first names only.
            case .readClass, .readLeaderboard: return relation == .member
            default: return false
            }
        }
    }
}
