import Foundation
import ReadmasterStore
import ReadmasterTestSupport
import Testing

/// Runs readmaster against one database.
struct CLI {
    let db: TestDatabase

    static func migrated(_ backend: Backend) throws -> CLI {
        let cli = CLI(db: try backend.freshDatabase())
        let r = try cli.run("migrate", "up", "-q")
        guard r.status == 0 else { throw AudioFixtures.FixtureError("migrate up failed: \(r.stderr)") }
        return cli
    }

    @discardableResult
    func run(_ args: String..., stdin: String? = nil, as user: String? = nil) throws -> BinaryRunner.Result {
        try BinaryRunner.run((user.map { ["--as", $0] } ?? []) + args + ["--db", db.url], stdin: stdin)
    }

    func json(_ args: String..., as user: String? = nil) throws -> Any? {
        let r = try BinaryRunner.run((user.map { ["--as", $0] } ?? []) + args + ["--db", db.url, "--format", "json"])
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
    }

    func count(_ sql: String) throws -> Int64 {
        let c = try db.connect()
        defer { c.close() }
        return try c.queryOne(sql)?.int("c") ?? -1
    }
}

@Suite("readmaster user, end to end")
struct UserCommandTests {
    @Test("create, show, update, list by role, link, unlink, set-password, delete, export", arguments: Backend.allCases)
    func lifecycle(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        let created = try cli.run("user", "create", "--email", "t@x.org", "--role", "teacher", "--first-name", "Ada", "--last-name", "Byron", "--generate-password", "--json")
        #expect(created.status == 0, "\(created.stderr)")
        let obj = try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any]
        let password = try #require(obj?["password"] as? String)
        #expect(password.count == 16 && obj?["has_password"] as? Bool == true)
        let c = try cli.db.connect()
        let hash = try c.queryOne("SELECT password_hash FROM users WHERE email = 't@x.org'")?.string("password_hash")
        #expect(hash?.hasPrefix("$argon2id$") == true && PasswordHasher.verify(password, hash: hash!))
        c.close()

        #expect(try cli.run("user", "create", "--email", "T@X.org", "--role", "teacher", "--first-name", "B", "--last-name", "C").status == 65)
        let badEmail = try cli.run("user", "create", "--email", "nope", "--role", "student", "--first-name", "B", "--last-name", "C")
        #expect(badEmail.status == 2 && badEmail.stderr.contains("--email 'nope' needs exactly one @"))
        let missing = try cli.run("user", "create", "--email", "s@x.org", "--role", "student", "--first-name", "B")
        #expect(missing.status == 2 && missing.stderr.contains("--last-name is missing"))

        try cli.run("user", "create", "--email", "p@x.org", "--role", "parent", "--first-name", "Pat", "--last-name", "Lee")
        try cli.run("user", "create", "--email", "s@x.org", "--role", "student", "--first-name", "Sam", "--last-name", "Lee", "--grade", "3")
        #expect(try cli.run("user", "link", "p@x.org", "s@x.org", "--relationship", "mother").status == 0)
        let shown = try cli.json("user", "show", "s@x.org") as? [String: Any]
        #expect((shown?["parents"] as? [[String: Any]])?.first?["relationship"] as? String == "mother")
        #expect(try cli.run("user", "update", "s@x.org", "--grade", "4", "--timezone", "Europe/Lisbon").status == 0)
        #expect((try cli.json("user", "show", "s@x.org") as? [String: Any])?["grade_level"] as? Int == 4)
        #expect(try cli.run("user", "update", "s@x.org", "--timezone", "Mars/Base").status == 2)

        let students = try cli.json("user", "list", "--role", "student") as? [[String: Any]]
        #expect(students?.map { $0["email"] as? String } == ["s@x.org"])
        #expect(try cli.run("user", "set-password", "s@x.org", "--password-stdin", stdin: "correct horse battery\n").status == 0)
        #expect(try cli.run("user", "set-password", "s@x.org", "--password-stdin", stdin: "short\n").status == 65)

        let export = try cli.run("user", "export", "s@x.org")
        #expect(export.status == 0 && export.stdout.contains("\"parents\"") && export.stdout.contains("p@x.org"))
        #expect(try cli.run("user", "unlink", "p@x.org", "s@x.org").status == 0)
        #expect(try cli.run("user", "unlink", "p@x.org", "s@x.org").status == 65)
        #expect(try cli.run("user", "delete", "s@x.org", "--erase").status == 1, "off a terminal, erasure needs --yes")
        #expect(try cli.run("user", "delete", "s@x.org", "--erase", "--yes").status == 0)
        #expect(try cli.count("SELECT count(*) AS c FROM users WHERE email = 's@x.org'") == 0)
        #expect(try cli.count("SELECT count(*) AS c FROM audit_log WHERE action = 'user.erase' AND entity_id LIKE 'erased-user-%'") == 1)
        #expect(try cli.count("SELECT count(*) AS c FROM audit_log WHERE action = 'user.create'") == 3)
        #expect(try cli.run("user", "show", "s@x.org").status == 65)
    }

    @Test("role refusals name who and what; a parent creating a child links it", arguments: Backend.allCases)
    func roles(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        for (email, role) in [("a1@x.org", "admin"), ("a2@x.org", "admin"), ("p@x.org", "parent"), ("q@x.org", "parent"), ("t@x.org", "teacher")] {
            try cli.run("user", "create", "--email", email, "--role", role, "--first-name", "F", "--last-name", "L")
        }
        let child = try cli.run("user", "create", "--email", "kid@x.org", "--role", "student", "--first-name", "K", "--last-name", "L", as: "p@x.org")
        #expect(child.status == 0, "\(child.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM parents_students") == 1)
        #expect(try cli.run("user", "show", "kid@x.org", as: "p@x.org").status == 0)
        let other = try cli.run("user", "show", "kid@x.org", as: "q@x.org")
        #expect(other.status == 77)
        #expect(other.stderr == "readmaster: permission denied: parent q@x.org may not see kid@x.org\n")
        let admins = try cli.run("user", "update", "a2@x.org", "--first-name", "X", as: "a1@x.org")
        #expect(admins.status == 77 && admins.stderr.contains("admin a1@x.org may not change admin a2@x.org"))
        #expect(try cli.run("user", "delete", "a2@x.org", as: "a1@x.org").status == 77)
        #expect(try cli.run("user", "update", "a1@x.org", "--first-name", "Me", as: "a1@x.org").status == 0)
        let staff = try cli.run("user", "create", "--email", "t2@x.org", "--role", "teacher", "--first-name", "F", "--last-name", "L", as: "t@x.org")
        #expect(staff.status == 77 && staff.stderr.contains("teacher t@x.org may not create teacher accounts"))
        let nobody = try cli.run("user", "list", as: "ghost@x.org")
        #expect(nobody.status == 77 && nobody.stderr.contains("--as ghost@x.org: no such user"))
        let seen = try cli.json("user", "list", as: "p@x.org") as? [[String: Any]]
        #expect(Set(seen?.compactMap { $0["email"] as? String } ?? []) == ["p@x.org", "kid@x.org"])
    }

    @Test("import: 1000 users with 3 bad rows writes nothing; --continue-on-error writes 997 and 3 rejects", arguments: Backend.allCases)
    func importAllOrNothing(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        let dir = AudioFixtures.folder.appendingPathComponent("import-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var csv = "\u{FEFF}email,first_name,last_name,role,grade_level,preferred_language,parent_email\r\n"
        csv += "parent0@x.org,Pat,Zero,parent,,en,\r\n"
        let bad: [Int: String] = [100: "not-an-email,A,B,student,3,en,", 500: "u500@x.org,A,B,pirate,3,en,", 900: "u900@x.org,A,B,student,15,en,"]
        for i in 1..<1000 { csv += (bad[i] ?? "u\(i)@x.org,First \(i),\"Last, \(i)\",student,\(i % 6 + 1),en,\(i % 10 == 0 ? "parent0@x.org" : "")") + "\r\n" }
        let file = dir.appendingPathComponent("users.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)

        let strict = try cli.run("user", "import", file.path)
        #expect(strict.status == 65)
        let lines = strict.stderr.split(separator: "\n").filter { $0.contains("field") }.map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].contains("line 102, field email") && lines[1].contains("line 502, field role") && lines[2].contains("line 902, field grade_level"))
        #expect(try cli.count("SELECT count(*) AS c FROM users") == 0)

        let rejects = dir.appendingPathComponent("rejects.csv")
        let lenient = try cli.run("user", "import", file.path, "--continue-on-error", "--rejects", rejects.path, "--format", "csv")
        #expect(lenient.status == 3, "\(lenient.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM users") == 997)
        let rejected = try String(contentsOf: rejects, encoding: .utf8).split(separator: "\n")
        #expect(rejected.count == 4 && rejected[0].hasSuffix("line,reason"))
        #expect(try cli.count("SELECT count(*) AS c FROM parents_students") == 96)
        #expect(try cli.count("SELECT count(*) AS c FROM users WHERE last_name = 'Last, 7'") == 1)

        // Idempotent: importing the good rows again updates in place.
        let again = try cli.run("user", "import", file.path, "--continue-on-error")
        #expect(again.status == 3)
        #expect(try cli.count("SELECT count(*) AS c FROM users") == 997)
    }

    @Test("import from stdin as NDJSON and JSON arrays; dry run writes nothing", arguments: Backend.allCases)
    func importFormats(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        let ndjson = """
            {"email": "a@x.org", "first_name": "A", "last_name": "Aa", "role": "student", "grade_level": 2}
            {"email": "b@x.org", "first_name": "B", "last_name": "Bb", "role": "teacher", "password": "long enough pw"}

            """
        let dry = try cli.run("user", "import", "-", "--input-format", "ndjson", "--dry-run", stdin: ndjson)
        #expect(dry.status == 0 && dry.stderr.contains("2 of 2 user records are valid"))
        #expect(try cli.count("SELECT count(*) AS c FROM users") == 0)
        #expect(try cli.run("user", "import", "-", "--input-format", "ndjson", stdin: ndjson).status == 0)
        #expect(try cli.count("SELECT count(*) AS c FROM users WHERE password_hash LIKE '$argon2id$%'") == 1)
        let array = #"[{"email": "c@x.org", "first_name": "C", "last_name": "Cc", "role": "parent"}, {"email": "d@x.org", "first_name": "D", "last_name": "Dd", "role": "student", "parent_email": "c@x.org"}]"#
        #expect(try cli.run("user", "import", "-", "--input-format", "json", stdin: array).status == 0)
        #expect(try cli.count("SELECT count(*) AS c FROM parents_students") == 1)
        let broken = try cli.run("user", "import", "-", "--input-format", "json", stdin: "[{\"email\": \"e@x.org\",}")
        #expect(broken.status == 65 && broken.stderr.contains("line 1"))
        // Two numbers where one belongs are an error, not the number their digits make.
        let split = try cli.run("user", "import", "-", "--input-format", "json",
                                stdin: "[\n{\"email\": \"e@x.org\", \"first_name\": \"E\", \"last_name\": \"Ee\", \"role\": \"student\", \"grade_level\": 1 2}]")
        #expect(split.status == 65 && split.stderr.contains("line 2"), "\(split.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM users WHERE email = 'e@x.org'") == 0)
        let dup = try cli.run("user", "import", "-", "--input-format", "ndjson", stdin: ndjson + ndjson)
        #expect(dup.status == 65 && dup.stderr.contains("repeats an earlier record"))
        #expect(try cli.run("user", "import", "/nonexistent.csv").status == 65)
    }
}
