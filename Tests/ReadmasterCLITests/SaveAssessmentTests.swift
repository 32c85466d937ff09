import Foundation
import ReadmasterCore
import ReadmasterStore
import ReadmasterTestSupport
import Testing

@Suite("assess analyze --save and stored assessments, end to end")
struct SaveAssessmentTests {
    /// A migrated database with one student, one teacher and a passage stored as a reading
    /// (the test passage unless another is given).
    static func prepared(_ backend: Backend, title: String = "Maya and the Map", text: String = AudioFixtures.passage,
                         words: Int = 171) throws -> TestDatabase {
        let db = try backend.freshDatabase()
        #expect(try BinaryRunner.run(["migrate", "up", "--db", db.url, "-q"]).status == 0)
        let conn = try db.connect()
        defer { conn.close() }
        try conn.execute("INSERT INTO users (id, email, role, first_name, last_name) VALUES ($1, $2, 'student', 'Ana', 'Lima')",
                         [.uuid(UUID()), .text("ana@school.org")])
        try conn.execute("INSERT INTO users (id, email, role, first_name, last_name) VALUES ($1, $2, 'teacher', 'Tom', 'Reed')",
                         [.uuid(UUID()), .text("tom@school.org")])
        try conn.execute("INSERT INTO readings (id, title, content, word_count) VALUES ($1, $2, $3, $4)",
                         [.uuid(UUID()), .text(title), .text(text), .int(words)])
        return db
    }

    @Test("save, skip the same audio, regrade with --regrade, list, show, results, transcript, delete", arguments: Backend.allCases)
    func lifecycle(backend: Backend) throws {
        let db = try Self.prepared(backend)
        let audio = try AudioFixtures.speak(AudioFixtures.passage, name: "clean-slt")
        let save = ["assess", "analyze", audio.path, "--reading", "maya and the map", "--save", "--student", "ANA@school.org", "--db", db.url, "--format", "ndjson"]
        let first = try BinaryRunner.run(save)
        #expect(first.status == 0, "\(first.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any] ?? [:]
        let id = try #require(report["assessment_id"] as? String)
        #expect((report["reading"] as? [String: Any])?["title"] as? String == "Maya and the Map")

        let conn = try db.connect()
        defer { conn.close() }
        #expect(try conn.queryOne("SELECT count(*) AS c FROM result_words")?.int("c") == 171)
        #expect(try conn.queryOne("SELECT status FROM assessments WHERE id = $1", [.uuid(UUID(uuidString: id)!)])?.string("status") == "completed")
        // Every result column holds the printed report's number at its place.
        let printed = try JSONParser.parse(first.stdout)
        let row = try #require(try conn.queryOne("SELECT * FROM assessment_results"))
        for column in ResultColumn.allCases {
            let expected = try #require(printed[column.reportPath]?.number, "\(column) is not in the report")
            #expect(try row.optionalDouble(column.rawValue) == expected, "\(column)")
        }
        #expect(try conn.queryOne("SELECT count(*) AS c FROM audit_log WHERE action = 'assessment.create'")?.int("c") == 1)
        #expect(try conn.queryOne("SELECT xp AS c FROM user_stats")?.int("c") == 10, "a graded reading earns 10 XP")
        #expect(try conn.queryOne("SELECT assessments AS c FROM daily_activity")?.int("c") == 1)

        let again = try BinaryRunner.run(save)
        #expect(again.status == 0)
        #expect(again.stdout.contains("\"status\":\"skipped\"") && again.stdout.contains(id))
        let forced = try BinaryRunner.run(save + ["--regrade"])
        #expect(forced.status == 0 && forced.stdout.contains("\"assessment_id\":\"\(id)\""))
        #expect(try conn.queryOne("SELECT count(*) AS c FROM assessment_results")?.int("c") == 1)
        #expect(try conn.queryOne("SELECT count(*) AS c FROM result_words")?.int("c") == 171)
        #expect(try conn.queryOne("SELECT xp AS c FROM user_stats")?.int("c") == 10, "regrading earns nothing more")

        let list = try BinaryRunner.run(["assess", "list", "--db", db.url, "--student", "ana@school.org", "--format", "csv"])
        #expect(list.status == 0 && list.stdout.contains(id) && list.stdout.contains("Maya and the Map"))
        let show = try BinaryRunner.run(["assess", "show", id, "--db", db.url, "--json"])
        #expect(show.stdout.contains("\"status\": \"completed\""))
        let results = try BinaryRunner.run(["assess", "results", id, "--db", db.url, "--format", "tsv"])
        #expect(results.stdout.split(separator: "\n").count == 172)
        let transcript = try BinaryRunner.run(["assess", "show", id, "--view", "transcript", "--db", db.url])
        #expect(transcript.status == 0 && transcript.stdout.contains("Maya lived in a small house"))
        let stored = try BinaryRunner.run(["assess", "show", id, "--view", "report", "--db", db.url])
        #expect(stored.stdout.contains("\"words_total\":171"))

        let delete = try BinaryRunner.run(["assess", "delete", id, "--db", db.url])
        #expect(delete.status == 0)
        #expect(try conn.queryOne("SELECT count(*) AS c FROM result_words")?.int("c") == 0)
        #expect(try BinaryRunner.run(["assess", "show", id, "--db", db.url]).status == 65)
    }

    @Test("a recording that fails is stored with status error; bad save requests are refused", arguments: Backend.allCases)
    func failures(backend: Backend) throws {
        let db = try Self.prepared(backend)
        let broken = AudioFixtures.path("save-broken.wav")
        try "not audio at all".write(to: broken, atomically: true, encoding: .utf8)
        let r = try BinaryRunner.run(["assess", "analyze", broken.path, "--reading", "Maya and the Map", "--save",
                                      "--student", "ana@school.org", "--db", db.url, "--format", "ndjson"])
        #expect(r.status == 65)
        #expect(r.stdout.contains("\"assessment_id\""))
        let conn = try db.connect()
        defer { conn.close() }
        let row = try conn.queryOne("SELECT status, error_message FROM assessments")
        #expect(try row?.string("status") == "error")
        #expect(try row?.string("error_message").contains("not an audio format") == true)

        let noReading = try BinaryRunner.run(["assess", "analyze", broken.path, "--text-string", "a b c", "--save", "--student", "ana@school.org", "--db", db.url])
        #expect(noReading.status == 2 && noReading.stderr.contains("needs a stored reading"))
        let teacher = try BinaryRunner.run(["assess", "analyze", broken.path, "--reading", "Maya and the Map", "--save", "--student", "tom@school.org", "--db", db.url])
        #expect(teacher.status == 65 && teacher.stderr.contains("no student with email tom@school.org"))
        let unknownReading = try BinaryRunner.run(["assess", "analyze", broken.path, "--reading", "Nope", "--db", db.url])
        #expect(unknownReading.status == 65 && unknownReading.stderr.contains("no reading with id or title 'Nope'"))
        let stale = try backend.freshDatabase()
        try stale.connect().close() // an existing, empty database (only migrate up creates a SQLite file)
        let outOfDate = try BinaryRunner.run(["assess", "list", "--db", stale.url])
        #expect(outOfDate.status == 1 && outOfDate.stderr.contains("run `readmaster migrate up`"))
    }
}

@Suite("Stored assessments follow the role rules")
struct AssessmentRoleTests {
    @Test("students see their own, parents their children's, teachers their classes'", arguments: Backend.allCases)
    func views(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        try cli.run("reading", "import", BinaryRunner.packageRoot.appendingPathComponent("examples/passages").path)
        for (email, role) in [("t@x.org", "teacher"), ("t2@x.org", "teacher"), ("p@x.org", "parent"), ("s@x.org", "student"), ("s2@x.org", "student")] {
            try cli.run("user", "create", "--email", email, "--role", role, "--first-name", "F", "--last-name", "L")
        }
        try cli.run("class", "create", "--name", "3B", "--teacher", "t@x.org")
        try cli.run("class", "add-student", "3B", "s@x.org")
        try cli.run("user", "link", "p@x.org", "s@x.org")
        let c = try cli.db.connect()
        for email in ["s@x.org", "s2@x.org"] {
            try c.execute("""
                INSERT INTO assessments (student_id, reading_id, status) SELECT u.id, r.id, 'pending_audio'
                FROM users u, readings r WHERE u.email = $1 AND r.title = 'Maya and the Map'
                """, [.text(email)])
        }
        let mine = try c.queryOne("SELECT a.id FROM assessments a JOIN users u ON u.id = a.student_id WHERE u.email = 's@x.org'")!.string("id")
        c.close()
        func listed(_ user: String) throws -> [String] {
            (try cli.json("assess", "list", as: user) as? [[String: Any]] ?? []).compactMap { $0["student"] as? String }
        }
        #expect(try listed("s@x.org") == ["s@x.org"])
        #expect(try listed("p@x.org") == ["s@x.org"])
        #expect(try listed("t@x.org") == ["s@x.org"])
        #expect(try listed("t2@x.org").isEmpty)
        #expect(try cli.run("assess", "show", mine, as: "s2@x.org").status == 77)
        let teacher = try cli.run("assess", "show", mine, as: "t2@x.org")
        #expect(teacher.status == 77 && teacher.stderr.contains("teacher t2@x.org may not see the results of s@x.org"))
        #expect(try cli.run("assess", "show", mine, as: "p@x.org").status == 0)
        #expect(try cli.run("assess", "delete", mine, as: "p@x.org").status == 77)
        #expect(try cli.run("assess", "delete", mine, as: "t@x.org").status == 0)
    }
}
