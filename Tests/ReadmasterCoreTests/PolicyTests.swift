import ReadmasterCore
import Testing

@Suite("Role policy")
struct PolicyTests {
    typealias A = Policy.Action
    typealias R = Policy.Relation

    /// The role rules (docs/CONTRACTS.md "Roles"), row by row: (role, action, relation, allowed).
    static let table: [(Role, A, R, Bool)] = [
        // admin: everything except modifying or deleting other admins
        (.admin, .updateUser, .unrelated, true), (.admin, .deleteUser, .unrelated, true),
        (.admin, .updateUser, .otherAdmin, false), (.admin, .deleteUser, .otherAdmin, false),
        (.admin, .readUser, .otherAdmin, true), (.admin, .writeReading, .unrelated, true), (.admin, .updateUser, .own, true),
        // teacher: own classes and the students in them
        (.teacher, .readClass, .teaches, true), (.teacher, .readClass, .unrelated, false),
        (.teacher, .updateClass, .unrelated, false), (.teacher, .enrollStudent, .teaches, true),
        (.teacher, .createStudent, .unrelated, true), (.teacher, .createStaff, .unrelated, false),
        (.teacher, .readUser, .teaches, true), (.teacher, .readUser, .unrelated, false),
        (.teacher, .assignReading, .teaches, true), (.teacher, .assignReading, .unrelated, false),
        (.teacher, .readResults, .teaches, true), (.teacher, .readResults, .unrelated, false),
        (.teacher, .correctResult, .teaches, true), (.teacher, .correctResult, .unrelated, false),
        (.teacher, .writeReading, .unrelated, false), (.teacher, .readQuizAnswerKey, .unrelated, true),
        (.teacher, .deleteUser, .teaches, false),
        // parent: own profile, children they create, linked children's progress
        (.parent, .readUser, .linkedChild, true), (.parent, .readUser, .unrelated, false),
        (.parent, .readResults, .linkedChild, true), (.parent, .readResults, .unrelated, false),
        (.parent, .createStudent, .unrelated, true), (.parent, .updateUser, .own, true),
        (.parent, .updateUser, .linkedChild, false), (.parent, .readClass, .unrelated, false),
        (.parent, .readQuizAnswerKey, .unrelated, false),
        // student: own profile, all readings, own results; never the answer key
        (.student, .readReading, .unrelated, true), (.student, .readUser, .own, true), (.student, .readUser, .unrelated, false),
        (.student, .readResults, .own, true), (.student, .readResults, .unrelated, false),
        (.student, .readQuizAnswerKey, .unrelated, false), (.student, .answerQuiz, .own, true),
        (.student, .writeReading, .unrelated, false), (.student, .createStudent, .unrelated, false),
    ]

    @Test("role × action × relation", arguments: table.indices)
    func rule(_ i: Int) {
        let (role, action, relation, allowed) = Self.table[i]
        #expect(Policy.allows(role, action, relation) == allowed, "\(role) \(action) \(relation)")
    }

    @Test("only admins write readings; nobody but admins touches another admin")
    func invariants() {
        for role in Role.allCases where role != .admin {
            for relation in Policy.Relation.allCases {
                #expect(!Policy.allows(role, .writeReading, relation))
                #expect(!Policy.allows(role, .deleteUser, relation))
            }
        }
    }
}

@Suite("Validation helpers")
struct ValidationTests {
    @Test("emails")
    func emails() {
        #expect(EmailAddress.problem("ana@school.org") == nil)
        #expect(EmailAddress.problem("ana.school.org") == "needs exactly one @")
        #expect(EmailAddress.problem("ana@school") == "has no valid domain after the @")
        #expect(EmailAddress.problem("a na@x.org") == "contains a space")
        #expect(EmailAddress.problem("") == "is empty")
    }

    @Test("Flesch–Kincaid grade")
    func readability() {
        #expect(Readability.syllableCount("cat") == 1)
        #expect(Readability.syllableCount("table") == 2)
        #expect(Readability.syllableCount("make") == 1)
        #expect(Readability.syllableCount("yellow") == 2)
        #expect(Readability.syllableCount("underneath") == 3)
        let easy = Readability.gradeLevel("The cat sat. The dog ran. We had fun.")!
        let hard = Readability.gradeLevel("Photosynthesis transforms electromagnetic radiation into chemical energy, sustaining heterotrophic organisms throughout ecosystems.")!
        #expect(easy < 1 && hard > 12)
    }
}
