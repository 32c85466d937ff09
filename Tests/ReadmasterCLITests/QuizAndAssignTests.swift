import Foundation
import ReadmasterTestSupport
import Testing

@Suite("readmaster quiz and assess assign, end to end")
struct QuizAndAssignTests {
    static func school(_ backend: Backend) throws -> CLI {
        let cli = try CLI.migrated(backend)
        try cli.run("reading", "import", BinaryRunner.packageRoot.appendingPathComponent("examples/passages").path)
        for (email, role) in [("t@x.org", "teacher"), ("t2@x.org", "teacher"), ("s@x.org", "student"), ("s2@x.org", "student")] {
            try cli.run("user", "create", "--email", email, "--role", role, "--first-name", "F", "--last-name", "L")
        }
        try cli.run("class", "create", "--name", "3B", "--teacher", "t@x.org")
        try cli.run("class", "add-student", "3B", "s@x.org", "s2@x.org")
        return cli
    }

    @Test("import the example quiz; students never see the key; take it from stdin and get a score", arguments: Backend.allCases)
    func quiz(backend: Backend) throws {
        let cli = try Self.school(backend)
        let imported = try cli.run("quiz", "import", BinaryRunner.packageRoot.appendingPathComponent("examples/quiz.json").path)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM quiz_questions") == 4)
        #expect(try cli.run("quiz", "import", BinaryRunner.packageRoot.appendingPathComponent("examples/quiz.json").path).status == 0)
        #expect(try cli.count("SELECT count(*) AS c FROM quiz_questions") == 4)

        let asStudent = try cli.run("quiz", "list", "Maya and the Map", "--format", "json", as: "s@x.org")
        #expect(asStudent.status == 0 && !asStudent.stdout.contains("correct_option_id"))
        let asTeacher = try cli.run("quiz", "list", "Maya and the Map", "--format", "json", as: "t@x.org")
        #expect(asTeacher.stdout.contains("correct_option_id"))
        #expect(try cli.run("quiz", "export", as: "s@x.org").status == 77)

        let wrong = try cli.run("quiz", "take", "Maya and the Map", stdin: "z\n", as: "s@x.org")
        #expect(wrong.status == 65 && wrong.stderr.contains("'z' is not one of a, b, c"))
        let short = try cli.run("quiz", "take", "Maya and the Map", stdin: "a\n", as: "s@x.org")
        #expect(short.status == 65 && short.stderr.contains("before question 2"))
        #expect(try cli.count("SELECT count(*) AS c FROM student_quiz_answers") == 0, "a broken attempt stores nothing")
        let taken = try cli.run("quiz", "take", "Maya and the Map", "--json", stdin: "a\nc\nc\n", as: "s@x.org")
        #expect(taken.status == 0, "\(taken.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(taken.stdout.utf8)) as? [String: Any]
        #expect(result?["correct_answers"] as? Int == 2 && result?["questions"] as? Int == 3)
        #expect(abs((result?["comprehension_score"] as? Double ?? 0) - 66.7) < 0.01)
        #expect(try cli.count("SELECT count(*) AS c FROM student_quiz_answers") == 3)
        // Two correct answers: 10 XP, one day of activity, a streak of one.
        #expect(try cli.count("SELECT xp AS c FROM user_stats s JOIN users u ON u.id = s.user_id WHERE u.email = 's@x.org'") == 10)
        #expect(try cli.count("SELECT current_streak AS c FROM user_stats s JOIN users u ON u.id = s.user_id WHERE u.email = 's@x.org'") == 1)
        #expect(try cli.count("SELECT quiz_answers AS c FROM daily_activity d JOIN users u ON u.id = d.user_id WHERE u.email = 's@x.org'") == 3)
        // Answers are final: a second attempt would let a student learn the key.
        let again = try cli.run("quiz", "take", "Maya and the Map", stdin: "b\nb\nb\n", as: "s@x.org")
        #expect(again.status == 65 && again.stderr.contains("answers are final"))
        #expect(try cli.count("SELECT count(*) AS c FROM student_quiz_answers") == 3)
        #expect(try cli.run("quiz", "take", "Maya and the Map", stdin: "a\n", as: "t@x.org").status == 65)

        let added = try cli.run("quiz", "add", "The Garden Snail", "--question", "When do snails eat?", "--option", "a=at night", "--option", "b=at noon", "--correct", "a", "--json")
        #expect(added.status == 0, "\(added.stderr)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any])?["id"] as? String)
        #expect(try cli.run("quiz", "answer", id, "a", "--student", "s2@x.org").stdout.contains("true"))
        #expect(try cli.run("quiz", "update", id, "--correct", "z").status == 2)
        #expect(try cli.run("quiz", "add", "The Garden Snail", "--question", "Q?", "--option", "a=x", "--correct", "a").status == 2)
        #expect(try cli.run("quiz", "delete", id).status == 0)
        let bad = try cli.run("quiz", "import", "-", "--input-format", "ndjson", stdin: #"{"reading": "Nope", "question": "Q", "options": "a=x|b=y", "correct": "a"}"# + "\n")
        #expect(bad.status == 65 && bad.stderr.contains("field reading: no reading 'Nope'"))
    }

    @Test("assign to a class notifies its students; a teacher cannot assign outside their classes", arguments: Backend.allCases)
    func assign(backend: Backend) throws {
        let cli = try Self.school(backend)
        let r = try cli.run("assess", "assign", "Maya and the Map", "--class", "3B", "--due", "2026-12-01", "--note", "Read twice", as: "t@x.org")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM assignments") == 1)
        #expect(try cli.count("SELECT count(*) AS c FROM notifications WHERE type = 'assignment'") == 2)
        let inbox = try cli.run("user", "notifications", "--format", "csv", as: "s@x.org")
        #expect(inbox.status == 0 && inbox.stdout.contains("New reading: Maya and the Map"))
        #expect(try cli.run("user", "notifications", "s@x.org", as: "s2@x.org").status == 77)
        let refused = try cli.run("assess", "assign", "Maya and the Map", "--class", "3B", as: "t2@x.org")
        #expect(refused.status == 77 && refused.stderr.contains("teacher t2@x.org does not teach class 3B"))
        let student = try cli.run("assess", "assign", "Maya and the Map", "--student", "s@x.org", as: "t2@x.org")
        #expect(student.status == 77 && student.stderr.contains("teacher t2@x.org does not teach s@x.org"))
        #expect(try cli.run("assess", "assign", "Maya and the Map", "--student", "s@x.org", "--due", "someday").status == 2)
        #expect(try cli.run("assess", "assign", "Maya and the Map", "--student", "s@x.org", "--student", "s2@x.org").status == 0)
        #expect(try cli.count("SELECT count(*) AS c FROM assignments") == 3)
        #expect(try cli.count("SELECT count(*) AS c FROM audit_log WHERE action = 'assignment.create'") == 3)
    }
}
