import Foundation
import ReadmasterTestSupport
import Testing

@Suite("readmaster reading, end to end")
struct ReadingCommandTests {
    @Test("import the example folder, list with filters, show, update, export and re-import, delete guarded", arguments: Backend.allCases)
    func lifecycle(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        let folder = BinaryRunner.packageRoot.appendingPathComponent("examples/passages").path
        let imported = try cli.run("reading", "import", folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM readings") == 3)
        let maya = try cli.json("reading", "show", "maya and the map") as? [String: Any]
        #expect(maya?["word_count"] as? Int == 171 && maya?["difficulty"] as? String == "easy" && maya?["grade_level"] as? Int == 3)
        let fk = try #require(maya?["readability_grade"] as? Double)
        #expect(fk > 1 && fk < 5, "Flesch–Kincaid \(fk)")
        let easy = try cli.json("reading", "list", "--difficulty", "easy") as? [[String: Any]]
        #expect(easy?.count == 2)
        #expect((try cli.json("reading", "list", "--search", "storm") as? [[String: Any]])?.count == 1)
        #expect((try cli.json("reading", "list", "--genre", "Science", "--grade", "2") as? [[String: Any]])?.count == 1)
        // Re-importing is idempotent (upsert on title + language).
        #expect(try cli.run("reading", "import", folder).status == 0)
        #expect(try cli.count("SELECT count(*) AS c FROM readings") == 3)

        let created = try cli.run("reading", "create", "--title", "Tiny", "--text", "-", "--difficulty", "easy", stdin: "The cat sat. The dog ran.")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try cli.run("reading", "create", "--title", "tiny", "--text", "-", stdin: "Again.").status == 65)
        #expect(try cli.run("reading", "create", "--title", "Empty", "--text", "-", stdin: " ... ").status == 65)
        #expect(try cli.run("reading", "update", "Tiny", "--text", "-", stdin: "One two three four.").status == 0)
        #expect((try cli.json("reading", "show", "Tiny") as? [String: Any])?["word_count"] as? Int == 4)

        let exported = try cli.run("reading", "export", "--format", "ndjson")
        #expect(exported.stdout.split(separator: "\n").count == 4)
        let other = try CLI.migrated(backend)
        #expect(try other.run("reading", "import", "-", "--input-format", "ndjson", stdin: exported.stdout).status == 0)
        #expect(try other.count("SELECT count(*) AS c FROM readings") == 4)

        // A reading with assessments is kept unless --with-assessments.
        let c = try cli.db.connect()
        let student = UUID()
        try c.execute("INSERT INTO users (id, email, role, first_name, last_name) VALUES ($1, 's@x.org', 'student', 'S', 'L')", [.uuid(student)])
        try c.execute("INSERT INTO assessments (student_id, reading_id, status) SELECT $1, id, 'pending_audio' FROM readings WHERE title = 'Tiny'", [.uuid(student)])
        c.close()
        let guarded = try cli.run("reading", "delete", "Tiny")
        #expect(guarded.status == 65 && guarded.stderr.contains("has 1 assessment; use --with-assessments"))
        // The old spelling still works, with a note.
        let old = try cli.run("reading", "delete", "Tiny", "--force")
        #expect(old.status == 0 && old.stderr.contains("--force is now --with-assessments"), "\(old.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM assessments") == 0)
    }

    @Test("bad passages are reported by file; only admins write readings", arguments: Backend.allCases)
    func failures(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        let dir = AudioFixtures.folder.appendingPathComponent("passages-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "---\ntitle: Good\n---\nA fine passage.".write(to: dir.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: Bad\ndifficulty: impossible\n---\nWords.".write(to: dir.appendingPathComponent("b.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: Open\nWords without an end to the front matter.".write(to: dir.appendingPathComponent("c.md"), atomically: true, encoding: .utf8)
        let r = try cli.run("reading", "import", dir.path)
        #expect(r.status == 65)
        #expect(r.stderr.contains("b.md, line 1, field difficulty: 'impossible' is not one of easy, medium, hard"))
        #expect(r.stderr.contains("c.md, line 3, field front_matter: 'Words without an end to the front matter.' is not 'key: value'"))
        #expect(try cli.count("SELECT count(*) AS c FROM readings") == 0)
        try cli.run("user", "create", "--email", "t@x.org", "--role", "teacher", "--first-name", "T", "--last-name", "L")
        let refused = try cli.run("reading", "create", "--title", "X", "--text", "-", stdin: "Words here.", as: "t@x.org")
        #expect(refused.status == 77 && refused.stderr.contains("teacher t@x.org may not add readings"))
        #expect(try cli.run("reading", "list", as: "t@x.org").status == 0)
    }
}
