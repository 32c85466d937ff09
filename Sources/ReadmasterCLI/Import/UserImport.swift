import Foundation
import Synchronization
import ReadmasterCore
import ReadmasterStore

/// A validated user record from `user create` or `user import`.
struct UserInput: NaturallyKeyed {
    var user: NewUser
    var password: String?
    var parentEmail: String?
    var naturalKey: String { user.email.lowercased() }
    var keyField: String { "email" }

    /// Checks the fields of one record (names as in the import header).
    static func validate(_ f: [String: String]) throws -> UserInput {
        guard let email = f.field("email") else { throw FieldProblem(field: "email", message: "is missing") }
        if let p = EmailAddress.problem(email) { throw FieldProblem(field: "email", message: "\(quoted(email)) \(p)") }
        guard let roleText = f.field("role") else { throw FieldProblem(field: "role", message: "is missing") }
        guard let role = Role(rawValue: roleText.lowercased()) else {
            throw FieldProblem(field: "role", message: "\(quoted(roleText)) is not one of student, parent, teacher, admin")
        }
        guard let first = f.field("first_name") else { throw FieldProblem(field: "first_name", message: "is missing") }
        guard let last = f.field("last_name") else { throw FieldProblem(field: "last_name", message: "is missing") }
        for (k, v) in [("first_name", first), ("last_name", last)] where v.count > 100 {
            throw FieldProblem(field: k, message: "is longer than 100 characters")
        }
        var grade: Int?
        if let g = f.field("grade_level") {
            guard let n = GradeLevel.parse(g) else { throw FieldProblem(field: "grade_level", message: "\(quoted(g)) is not \(GradeLevel.expected)") }
            grade = n
        }
        let language = f.field("preferred_language") ?? "en"
        guard language.count <= 16, language.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }) else {
            throw FieldProblem(field: "preferred_language", message: "\(quoted(language)) is not a language code such as en or pt-BR")
        }
        let timezone = f.field("timezone") ?? "UTC"
        guard TimeZone(identifier: timezone) != nil else { throw FieldProblem(field: "timezone", message: "\(quoted(timezone)) is not a time zone such as Europe/Lisbon") }
        let password = f.field("password")
        if let p = password, p.count < 8 { throw FieldProblem(field: "password", message: "is shorter than 8 characters") }
        let parent = f.field("parent_email")
        if let p = parent {
            if let problem = EmailAddress.problem(p) { throw FieldProblem(field: "parent_email", message: "\(quoted(p)) \(problem)") }
            guard role == .student else { throw FieldProblem(field: "parent_email", message: "only students have parents") }
            guard p.lowercased() != email.lowercased() else { throw FieldProblem(field: "parent_email", message: "is the student's own email") }
        }
        return UserInput(user: NewUser(email: email, role: role, firstName: first, lastName: last, gradeLevel: grade,
                                       preferredLanguage: language, timezone: timezone),
                         password: password, parentEmail: parent)
    }
}

/// Hashes the passwords of a batch on every core (argon2id is deliberately slow).
enum ParallelHasher {
    static func hash(_ items: inout [UserInput]) throws {
        let indices = items.indices.filter { items[$0].password != nil }
        guard !indices.isEmpty else { return }
        let passwords = indices.map { items[$0].password! }
        let results = ResultBox(count: passwords.count)
        DispatchQueue.concurrentPerform(iterations: passwords.count) { i in
            results.set(i, Result { try PasswordHasher.hash(passwords[i]) })
        }
        for (k, i) in indices.enumerated() {
            items[i].user.passwordHash = try results.get(k).get()
            items[i].password = nil
        }
    }

    /// One slot per password, each written by exactly one iteration.
    final class ResultBox: Sendable {
        private let values: Mutex<[Result<String, any Error>?]>
        init(count: Int) { values = Mutex(Array(repeating: nil, count: count)) }
        func set(_ i: Int, _ v: Result<String, any Error>) { values.withLock { $0[i] = v } }
        func get(_ i: Int) -> Result<String, any Error> { values.withLock { $0[i]! } }
    }
}
