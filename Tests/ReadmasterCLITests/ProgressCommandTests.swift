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

@Suite("progress goals and leaderboard, end to end")
struct GoalCommandTests {
    @Test("a goal is on track, completes when met, and clears; the leaderboard ranks by XP", arguments: Backend.allCases)
    func goals(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        #expect(try cli.run("seed", "minimal", "--seed", "4").status == 0)
        let classes = try cli.json("class", "list") as? [[String: Any]] ?? []
        let className = try #require(classes.first?["name"] as? String)
        let teacher = try #require((classes.first?["teachers"] as? String)?.split(separator: " ").first.map(String.init))
        let roster = try cli.json("class", "students", className) as? [[String: Any]] ?? []
        let student = try #require(roster.first?["email"] as? String)
        let latest = try #require((try cli.json("progress", "student", student) as? [String: Any])?["latest_wcpm"] as? Double)

        let set = try cli.run("progress", "goals", "set", student, "--target", String(Int(latest) + 30), "--due", "2099-06-01", as: teacher)
        #expect(set.status == 0, "\(set.stderr)")
        let listed = try cli.json("progress", "goals", "list", student, as: teacher) as? [[String: Any]]
        #expect(listed?.first?["status"] as? String == "on_track")
        #expect(try cli.run("progress", "goals", "set", student, "--target", "1", "--due", "2099-06-01", "--metric", "wcpm").status == 0)
        let again = try cli.json("progress", "goals", "list", student) as? [[String: Any]] ?? []
        #expect(again.contains { $0["status"] as? String == "completed" })
        #expect(try cli.count("SELECT count(*) AS c FROM reading_goals WHERE completed_at IS NOT NULL") == 1)
        #expect(try cli.run("progress", "goals", "set", student, "--target", "100", "--due", "2001-01-01").status == 2)
        #expect(try cli.run("progress", "goals", "list", student, as: student).status == 0)
        #expect(try cli.run("progress", "goals", "set", student, "--target", "200", "--due", "2099-01-01", as: student).status == 77)
        #expect(try cli.run("progress", "goals", "clear", student).status == 0)
        #expect(try cli.count("SELECT count(*) AS c FROM reading_goals WHERE completed_at IS NULL") == 0)

        let board = try cli.json("progress", "leaderboard", className, as: teacher) as? [[String: Any]] ?? []
        let xp = board.compactMap { $0["xp"] as? Int }
        #expect(board.count == 3 && xp == xp.sorted(by: >))
        let mine = try cli.run("progress", "leaderboard", className, "--format", "csv", as: student)
        #expect(mine.status == 0 && !mine.stdout.contains("@"))
        let otherClass = try #require(classes.last?["name"] as? String)
        #expect(try cli.run("progress", "leaderboard", otherClass, as: student).status == 77)
    }
}

@Suite("progress trend, end to end")
struct TrendCommandTests {
    @Test("a table of readings, and an SVG chart that renders", arguments: Backend.allCases)
    func trend(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        #expect(try cli.run("seed", "minimal", "--seed", "9").status == 0)
        let students = try cli.json("user", "list", "--role", "student") as? [[String: Any]] ?? []
        let student = try #require(students.first?["email"] as? String)
        let rows = try cli.json("progress", "trend", student) as? [[String: Any]] ?? []
        #expect(rows.count == 3 && rows.allSatisfy { $0["wcpm"] is Double && $0["date"] is String })
        #expect(try cli.run("progress", "goals", "set", student, "--target", "200", "--due", "2099-01-01").status == 0)
        let svg = try cli.run("progress", "trend", student, "--format", "svg")
        #expect(svg.status == 0 && svg.stdout.hasPrefix("<svg") && svg.stdout.contains("<polyline") && svg.stdout.contains("goal 200"))
        #expect(svg.stdout.contains("norms: 25th–75th percentile"))
        let file = AudioFixtures.path("trend-\(backend).svg")
        try svg.stdout.write(to: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/rsvg-convert")
        p.arguments = [file.path, "-o", file.path + ".png"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "rsvg-convert could not render the chart")
        #expect(try cli.run("user", "list", "--format", "svg").status == 2)

        // The class's trend: monthly medians of its students' readings.
        let classes = try cli.json("class", "list") as? [[String: Any]] ?? []
        let className = try #require(classes.first?["name"] as? String)
        let months = try cli.json("progress", "trend", "--class", className) as? [[String: Any]] ?? []
        #expect(!months.isEmpty && months.allSatisfy { $0["median_wcpm"] is Double && ($0["readings"] as? Int ?? 0) > 0 })
        let months2 = months.compactMap { $0["month"] as? String }
        #expect(months2 == months2.sorted())
        let classSVG = try cli.run("progress", "trend", "--class", className, "--format", "svg")
        #expect(classSVG.status == 0 && classSVG.stdout.contains("<polyline") && classSVG.stdout.contains("Class \(className)"))
        #expect(try cli.run("progress", "trend", student, "--class", className).status == 2)
        #expect(try cli.run("progress", "trend").status == 2)
    }
}

@Suite("progress school and recompute, end to end")
struct SchoolCommandTests {
    @Test("a row per class; recompute is incremental and picks up corrections", arguments: Backend.allCases)
    func schoolAndRecompute(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        #expect(try cli.run("seed", "minimal", "--seed", "11").status == 0)
        let school = try cli.json("progress", "school") as? [[String: Any]] ?? []
        #expect(school.count == 2 && school.allSatisfy { $0["readings"] as? Int == 9 && $0["median_wcpm"] is Double })
        let first = try cli.json("progress", "recompute") as? [String: Any]
        #expect(first?["students"] as? Int == 6)
        #expect(try cli.count("SELECT count(*) AS c FROM progress_tracking WHERE metric = 'wcpm'") > 0)
        #expect((try cli.json("progress", "recompute") as? [String: Any])?["students"] as? Int == 0)
        let one = try cli.json("assess", "list", "--limit", "1") as? [[String: Any]]
        let id = try #require(one?.first?["id"] as? String)
        #expect(try cli.run("assess", "correct", id, "--wcpm", "99").status == 0)
        #expect((try cli.json("progress", "recompute") as? [String: Any])?["students"] as? Int == 1)
        #expect((try cli.json("progress", "recompute", "--full") as? [String: Any])?["students"] as? Int == 6)
        let teacher = try #require((try cli.json("user", "list", "--role", "teacher") as? [[String: Any]])?.first?["email"] as? String)
        #expect((try cli.json("progress", "school", as: teacher) as? [[String: Any]])?.count == 1)
        #expect(try cli.run("progress", "recompute", as: teacher).status == 77)
    }
}

@Suite("Achievements from live activity")
struct AchievementTests {
    @Test("an all-correct quiz earns the perfect_quiz achievement once, with its XP and a notification", arguments: Backend.allCases)
    func perfectQuiz(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        #expect(try cli.run("seed", "minimal", "--seed", "12").status == 0)
        try cli.run("reading", "import", BinaryRunner.packageRoot.appendingPathComponent("examples/passages").path)
        try cli.run("quiz", "import", BinaryRunner.packageRoot.appendingPathComponent("examples/quiz.json").path)
        try cli.run("user", "create", "--email", "new@x.org", "--role", "student", "--first-name", "N", "--last-name", "S")
        #expect(try cli.run("quiz", "take", "Maya and the Map", stdin: "a\nb\nc\n", as: "new@x.org").status == 0)
        #expect(try cli.count("SELECT count(*) AS c FROM user_achievements ua JOIN achievements a ON a.id = ua.achievement_id JOIN users u ON u.id = ua.user_id WHERE u.email = 'new@x.org' AND a.code = 'perfect_quiz'") == 1)
        #expect(try cli.count("SELECT xp AS c FROM user_stats s JOIN users u ON u.id = s.user_id WHERE u.email = 'new@x.org'") == 15 + 20)
        #expect(try cli.count("SELECT count(*) AS c FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = 'new@x.org' AND n.type = 'achievement'") == 1)
        // Answers are final; after a reset, a second perfect attempt earns nothing new.
        #expect(try cli.run("quiz", "reset", "Maya and the Map", "--student", "new@x.org").status == 0)
        #expect(try cli.run("quiz", "take", "Maya and the Map", stdin: "a\nb\nc\n", as: "new@x.org").status == 0)
        #expect(try cli.count("SELECT count(*) AS c FROM user_achievements ua JOIN users u ON u.id = ua.user_id WHERE u.email = 'new@x.org'") == 1)
    }
}
