import Foundation
import ReadmasterTestSupport
import Testing

/// What a CI engineer and a teacher's script rely on (issue 21): nothing silently cut,
/// nothing created by a typo, re-runs that change nothing, ids and names people can type.
@Suite("scripting: limits, database files, re-runs, id prefixes, suggestions")
struct ScriptingTests {
    @Test("--limit never cuts silently, --limit 0 is all; a cut list says so on stderr", arguments: Backend.allCases)
    func limits(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        #expect(try cli.run("seed", "minimal", "--seed", "3").status == 0)
        let all = try #require(try cli.json("user", "list", "--limit", "0") as? [[String: Any]])
        #expect(all.count == 15)
        let cut = try cli.run("user", "list", "--limit", "4", "--format", "csv")
        #expect(cut.stdout.split(whereSeparator: \.isNewline).count == 5 && cut.stderr.contains("showing the first 4; more match (--limit 0 shows all"), "\(cut.stderr)")
        let whole = try cli.run("user", "list", "--limit", "15")
        #expect(!whole.stderr.contains("showing"), "exactly the limit is not a cut list")
        cli.db.drop()
    }

    @Test("ids by unique prefix; did you mean for class names and titles; assess show names the correction", arguments: Backend.allCases)
    func idsAndNames(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        #expect(try cli.run("seed", "minimal", "--seed", "3").status == 0)
        let listed = try #require(try cli.json("assess", "list", "--status", "completed") as? [[String: Any]])
        let id = try #require(listed.first?["id"] as? String)
        // Seeded ids share their first digits: a prefix long enough to be unique.
        let byPrefix = try cli.json("assess", "show", String(id.prefix(20))) as? [String: Any]
        #expect(byPrefix?["id"] as? String == id)
        let ambiguous = try cli.run("assess", "show", "0000")
        #expect(ambiguous.status == 2 && ambiguous.stderr.contains("is ambiguous"), "seeded ids share a prefix: \(ambiguous.stderr)")
        #expect(try cli.run("assess", "show", "zz").status == 2)
        #expect(try cli.run("assess", "correct", String(id.prefix(20)), "--word", "0=correct", "--note", "fine").status == 0)
        let shown = try cli.json("assess", "show", id) as? [String: Any]
        #expect(shown?["corrected"] as? Bool == true && shown?["corrected_by"] as? String == "owner" && shown?["correction_note"] as? String == "fine")
        let klass = try #require((try cli.json("class", "list") as? [[String: Any]])?.first?["name"] as? String)
        let typo = try cli.run("class", "show", klass.lowercased().replacingOccurrences(of: "-", with: ""))
        #expect(typo.status == 65 && typo.stderr.contains("did you mean \(klass)?"), "\(typo.stderr)")
        try cli.run("reading", "import", BinaryRunner.packageRoot.appendingPathComponent("examples/passages").path)
        let title = try cli.run("reading", "show", "Maya and the Mop")
        #expect(title.status == 65 && title.stderr.contains("did you mean 'Maya and the Map'?"))
        cli.db.drop()
    }

    @Test("teacher tables show the student's name; a narrow terminal drops low-value columns before the name", arguments: Backend.allCases)
    func namesInTables(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        #expect(try cli.run("seed", "minimal", "--seed", "3").status == 0)
        let listed = try #require(try cli.json("assess", "list", "--limit", "1") as? [[String: Any]])
        let name = try #require(listed.first?["name"] as? String)
        #expect(name.contains(" "), "first and last name: \(name)")
        let klass = try #require((try cli.json("class", "list") as? [[String: Any]])?.first?["name"] as? String)
        let progress = try #require(try cli.json("progress", "class", klass) as? [[String: Any]])
        #expect(progress.allSatisfy { ($0["name"] as? String)?.isEmpty == false })
        // A 70-column terminal (script(1) gives one): the name is there, the date and email are not.
        let text = try Shell.inTerminal("'\(BinaryRunner.binary)' assess list --limit 3 --no-color --db '\(cli.db.url)'", columns: 70).stdout
        #expect(text.contains("NAME") && text.contains(name) && !text.contains("DATE") && !text.contains("@"), "\(text)")
        cli.db.drop()
    }

    @Test("flags line up with the fields they set: --grade-level, --preferred-language, --school-name, --academic-year, --teacher-email")
    func flagAliases() throws {
        let cli = try CLI.migrated(.sqlite)
        #expect(try cli.run("user", "create", "--email", "t@x.org", "--role", "teacher", "--first-name", "T", "--last-name", "L").status == 0)
        #expect(try cli.run("user", "create", "--email", "s@x.org", "--role", "student", "--first-name", "S", "--last-name", "L",
                            "--grade-level", "3", "--preferred-language", "pt").status == 0)
        let s = try cli.json("user", "show", "s@x.org") as? [String: Any]
        #expect(s?["grade_level"] as? Int == 3 && s?["preferred_language"] as? String == "pt")
        #expect(try cli.run("class", "create", "--name", "3B", "--school-name", "North", "--academic-year", "2026-27",
                            "--teacher-email", "t@x.org", "--grade-level", "3").status == 0)
        let c = try cli.json("class", "show", "3B") as? [String: Any]
        #expect(c?["school_name"] as? String == "North" && c?["academic_year"] as? String == "2026-27" && (c?["teachers"] as? [String]) == ["t@x.org"])
        #expect(try BinaryRunner.run(["class", "create", "--help"]).stdout.contains("--grade, --grade-level"))
        cli.db.drop()
    }

    @Test("the same assignment twice is one assignment; a failing recording re-run is one error record", arguments: Backend.allCases)
    func reruns(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        try cli.run("reading", "import", BinaryRunner.packageRoot.appendingPathComponent("examples/passages").path)
        try cli.run("user", "create", "--email", "s@x.org", "--role", "student", "--first-name", "S", "--last-name", "T")
        try cli.run("class", "create", "--name", "3B")
        try cli.run("class", "add-student", "3B", "s@x.org")
        for _ in 0..<2 {
            #expect(try cli.run("assess", "assign", "Maya and the Map", "--class", "3B", "--due", "2026-12-01").status == 0)
            #expect(try cli.run("assess", "assign", "Maya and the Map", "--student", "s@x.org").status == 0)
        }
        #expect(try cli.count("SELECT count(*) AS c FROM assignments") == 2)
        #expect(try cli.count("SELECT count(*) AS c FROM notifications") == 2, "notified once each")
        let broken = BinaryRunner.packageRoot.appendingPathComponent("examples/recordings/broken.opus").path
        for _ in 0..<2 {
            let r = try cli.run("assess", "analyze", broken, "--reading", "Maya and the Map", "--save", "--student", "s@x.org", "--format", "ndjson")
            #expect(r.status != 0)
        }
        #expect(try cli.count("SELECT count(*) AS c FROM assessments WHERE status = 'error'") == 1)
        #expect(try cli.count("SELECT attempts AS c FROM assessments WHERE status = 'error'") == 2)
        cli.db.drop()
    }

    @Test("db wait: at once when the database answers, exit 69 after --timeout when it does not")
    func dbWait() throws {
        let cli = try CLI.migrated(.sqlite)
        let ok = try cli.run("db", "wait", "--timeout", "5")
        #expect(ok.status == 0 && ok.stderr.contains("accepts connections"))
        let missing = try BinaryRunner.run(["db", "wait", "--timeout", "1", "--db", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1"])
        #expect(missing.status == 69, "\(missing.stderr)")
        cli.db.drop()
    }

    @Test("NO_COLOR set to an empty string leaves colour on (no-color.org); a value turns it off")
    func noColor() throws {
        // Colour needs a terminal: script(1) gives the command one.
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("rm-color-\(UUID()).db").path
        _ = try BinaryRunner.run(["migrate", "up", "-q", "--db", db])
        func table(_ env: String) throws -> String {
            try Shell.inTerminal("'\(BinaryRunner.binary)' migrate status --db '\(db)'", environment: env).stdout
        }
        #expect(try table("TERM=xterm NO_COLOR=").contains("\u{1B}[1m"), "empty NO_COLOR keeps colour")
        #expect(!(try table("TERM=xterm NO_COLOR=1")).contains("\u{1B}[1m"))
    }
}
