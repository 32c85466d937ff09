import Foundation
import ReadmasterTestSupport
import Testing

@Suite("readmaster progress, end to end")
struct ProgressCommandTests {
    @Test("student and class reports against the norms; a correction changes the class report; role views", arguments: Backend.allCases)
    func reports(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        #expect(try cli.run("seed", "minimal", "--seed", "3").status == 0)
        let classes = try cli.json("class", "list") as? [[String: Any]] ?? []
        let className = try #require(classes.first?["name"] as? String)
        let teacher = try #require((classes.first?["teachers"] as? String)?.split(separator: " ").first.map(String.init))
        let report = try cli.json("progress", "class", className) as? [[String: Any]] ?? []
        #expect(report.count == 3)
        for r in report {
            #expect(r["assessments"] as? Int == 3)
            #expect(r["percentile"] is Double && r["growth_per_week"] is Double && r["expected_growth_per_week"] is Double)
        }
        let student = try #require(report.first?["student"] as? String)
        let one = try cli.json("progress", "student", student) as? [String: Any]
        #expect(one?["latest_wcpm"] as? Double == report.first?["latest_wcpm"] as? Double)

        // A teacher's correction of the latest reading changes what the class report says.
        let latest = try cli.json("assess", "list", "--student", student, "--limit", "1") as? [[String: Any]]
        let id = try #require(latest?.first?["id"] as? String)
        #expect(try cli.run("assess", "correct", id, "--wcpm", "150", as: teacher).status == 0)
        let after = try cli.json("progress", "class", className) as? [[String: Any]] ?? []
        #expect(after.first { $0["student"] as? String == student }?["latest_wcpm"] as? Double == 150)

        let other = try #require((classes.last?["teachers"] as? String)?.split(separator: " ").first.map(String.init))
        let refused = try cli.run("progress", "class", className, as: other)
        #expect(refused.status == 77 && refused.stderr.contains("does not teach class \(className)"))
        #expect(try cli.run("progress", "student", student, as: other).status == 77)
        #expect(try cli.run("progress", "student", student, as: student).status == 0)
        #expect(try cli.run("progress", "student", teacher).status == 65)
    }
}
