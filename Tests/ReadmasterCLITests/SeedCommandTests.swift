import Foundation
import ReadmasterTestSupport
import Testing

@Suite("readmaster seed, end to end")
struct SeedCommandTests {
    @Test("minimal: counts, referential integrity, consistent gamification", arguments: Backend.allCases)
    func minimal(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        let r = try cli.run("seed", "minimal", "--seed", "7", "--format", "csv")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("users,15") && r.stdout.contains("assessments,18"))
        #expect(try cli.count("SELECT count(*) AS c FROM users WHERE role = 'teacher'") == 2)
        #expect(try cli.count("SELECT count(*) AS c FROM classes") == 2)
        #expect(try cli.count("SELECT count(*) AS c FROM class_enrollments WHERE status = 'active'") == 6)
        // One result_words row per passage word of each assessment.
        #expect(try cli.count("""
            SELECT count(*) AS c FROM assessment_results r JOIN assessments a ON a.id = r.assessment_id JOIN readings rd ON rd.id = a.reading_id
            WHERE (SELECT count(*) FROM result_words w WHERE w.result_id = r.id) <> rd.word_count
            """) == 0)
        // Every foreign key resolves (spot checks across the model).
        for (child, column, parent) in [("result_words", "result_id", "assessment_results"), ("assessment_results", "assessment_id", "assessments"),
                                        ("assessments", "student_id", "users"), ("assessments", "reading_id", "readings"),
                                        ("student_quiz_answers", "question_id", "quiz_questions"), ("parents_students", "parent_id", "users"),
                                        ("user_stats", "level_id", "reading_levels"), ("teachers_classes", "class_id", "classes")] {
            #expect(try cli.count("SELECT count(*) AS c FROM \(child) x LEFT JOIN \(parent) p ON p.id = x.\(column) WHERE x.\(column) IS NOT NULL AND p.id IS NULL") == 0,
                    "\(child).\(column)")
        }
        // XP = 10 per assessment + 5 per correct answer.
        #expect(try cli.count("""
            SELECT count(*) AS c FROM user_stats s WHERE s.xp <> 10 * (SELECT count(*) FROM assessments a WHERE a.student_id = s.user_id)
                + 5 * (SELECT count(*) FROM student_quiz_answers q WHERE q.student_id = s.user_id AND q.is_correct)
            """) == 0)
        // Works with the rest of the product: graded and listed like real assessments.
        let teacher = try cli.json("user", "list", "--role", "teacher") as? [[String: Any]]
        let email = try #require(teacher?.first?["email"] as? String)
        #expect(try cli.run("assess", "list", as: email).status == 0)
    }

    @Test("the same seed gives the same data on SQLite and PostgreSQL")
    func deterministic() throws {
        var exports: [String] = []
        for backend in Backend.allCases {
            let cli = try CLI.migrated(backend)
            #expect(try cli.run("seed", "minimal", "--seed", "42").status == 0)
            var text = ""
            for args in [["user", "list", "--format", "csv"], ["reading", "export", "--format", "ndjson"],
                         ["assess", "list", "--limit", "1000", "--format", "csv"], ["class", "list", "--format", "csv"]] {
                text += (try BinaryRunner.run(args + ["--db", cli.db.url])).stdout
            }
            exports.append(text)
        }
        #expect(exports[0] == exports[1])
        #expect(exports[0].count > 1000)
        let other = try CLI.migrated(.sqlite)
        try other.run("seed", "minimal", "--seed", "43")
        #expect((try other.run("user", "list", "--format", "csv")).stdout != exports[0].components(separatedBy: "\n").prefix(16).joined(separator: "\n"))
    }

    @Test("refuses to mix with real data; --reset replaces a seed and is idempotent", arguments: Backend.allCases)
    func safety(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        #expect(try cli.run("seed", "minimal", "--seed", "1").status == 0)
        // The same seed again is a no-op (CI scripts run twice); another seed needs --reset.
        let again = try cli.run("seed", "minimal", "--seed", "1")
        #expect(again.status == 0 && again.stderr.contains("already holds this seed"), "\(again.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM users") == 15)
        let other = try cli.run("seed", "minimal", "--seed", "2")
        #expect(other.status == 65 && other.stderr.contains("already holds another seed"))
        let unasked = try cli.run("seed", "minimal", "--seed", "1", "--reset")
        #expect(unasked.status == 1 && unasked.stderr.contains("give --yes"), "off a terminal, --reset needs --yes")
        #expect(try cli.run("seed", "minimal", "--seed", "1", "--reset", "--yes").status == 0)
        let first = try cli.count("SELECT count(*) AS c FROM result_words")
        #expect(try cli.run("seed", "minimal", "--seed", "1", "--reset", "--yes").status == 0)
        #expect(try cli.count("SELECT count(*) AS c FROM result_words") == first)
        #expect(try cli.count("SELECT count(*) AS c FROM users") == 15)

        let real = try CLI.migrated(backend)
        try real.run("user", "create", "--email", "t@x.org", "--role", "teacher", "--first-name", "T", "--last-name", "L")
        let refused = try real.run("seed", "minimal", "--seed", "1")
        #expect(refused.status == 65 && refused.stderr.contains("not from a seed"))
        #expect(try real.count("SELECT count(*) AS c FROM users") == 1)
        let random = try CLI.migrated(backend).run("seed", "minimal")
        #expect(random.status == 0 && random.stderr.contains("run again with --seed"))
        #expect(try cli.run("seed", "minimal", "--scale", "2").status == 2)
    }
}
