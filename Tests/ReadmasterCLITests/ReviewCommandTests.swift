import Foundation
import ReadmasterTestSupport
import Testing

@Suite("assess review and assess correct, end to end")
struct ReviewCommandTests {
    @Test("the review queue, a correction that keeps the original, and who may correct", arguments: Backend.allCases)
    func reviewAndCorrect(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        #expect(try cli.run("seed", "minimal", "--seed", "5").status == 0)
        let queue = try cli.json("assess", "review", "--threshold", "1") as? [[String: Any]] ?? []
        #expect(queue.count == 18)
        let confidences = queue.compactMap { $0["confidence"] as? Double }
        #expect(confidences == confidences.sorted())
        let id = try #require(queue.first?["assessment_id"] as? String)
        let before = try #require(queue.first?["wcpm"] as? Double)

        // The teacher of that student, and one who does not teach them.
        let c = try cli.db.connect()
        let owner = try c.queryOne("""
            SELECT u.email FROM assessments a JOIN class_enrollments e ON e.student_id = a.student_id AND e.status = 'active'
            JOIN teachers_classes t ON t.class_id = e.class_id JOIN users u ON u.id = t.teacher_id WHERE a.id = $1
            """, [.uuid(UUID(uuidString: id)!)])!.string("email")
        let other = try c.queryOne("SELECT email FROM users WHERE role = 'teacher' AND email <> $1", [.text(owner)])!.string("email")
        let word = try c.queryOne("SELECT min(word_index) AS c FROM result_words w JOIN assessment_results r ON r.id = w.result_id WHERE r.assessment_id = $1 AND w.status = 'correct'",
                                  [.uuid(UUID(uuidString: id)!)])!.int("c")
        c.close()

        #expect(try cli.run("assess", "correct", id, "--word", "\(word)=omission", as: other).status == 77)
        let fixed = try cli.run("assess", "correct", id, "--word", "\(word)=omission", "--note", "skipped it", "--prosody-level", "2", "--json", as: owner)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        let out = try JSONSerialization.jsonObject(with: Data(fixed.stdout.utf8)) as? [String: Any]
        #expect((out?["wcpm"] as? Double ?? 0) < before)
        #expect(try cli.count("SELECT count(*) AS c FROM result_corrections WHERE note = 'skipped it' AND prosody_level = 2") == 1)
        #expect(try cli.count("SELECT count(*) AS c FROM audit_log WHERE action = 'result.correct'") == 1)
        // Reports use the corrected values; the queue no longer shows it.
        let shown = try cli.json("assess", "show", id) as? [String: Any]
        #expect(abs((shown?["wcpm"] as? Double ?? 0) - (out?["wcpm"] as? Double ?? -1)) < 0.05)
        #expect((try cli.json("assess", "review", "--threshold", "1") as? [[String: Any]])?.count == 17)
        #expect(try cli.run("assess", "correct", id, "--word", "9999=correct").status == 65)
        #expect(try cli.run("assess", "correct", id, "--word", "3=great").status == 2)
        #expect(try cli.run("assess", "review", as: "nobody@x.org").status == 77)
    }
}
