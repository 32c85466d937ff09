import Foundation
import ReadmasterStore
import ReadmasterTestSupport
import Testing

@Suite("readmaster migrate, end to end")
struct MigrateCommandTests {
    @Test("status lists every migration; down then up round-trips", arguments: Backend.allCases)
    func roundTrip(backend: Backend) throws {
        let db = try backend.freshDatabase()
        // What this binary knows; the first six are pinned by name, later ones follow.
        let known = Migrations.all(for: backend == .sqlite ? .sqlite : .postgres)
        let n = known.count, last3 = known.suffix(3).reversed()
        let up = try BinaryRunner.run(["migrate", "up", "--db", db.url])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stderr.contains("applied \(n) migrations; schema at version \(n)"))

        let status = try BinaryRunner.run(["--db", db.url, "migrate", "status", "--format", "json"])
        #expect(status.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.map { $0["name"] as? String } == known.map(\.name))
        #expect(Array(known.prefix(6).map(\.name)) == ["people", "readings", "assessments", "progress", "assessment_audio", "class_school_year"])
        #expect(rows.allSatisfy { $0["state"] as? String == "applied" && $0["applied_at"] is String })

        let down = try BinaryRunner.run(["migrate", "down", "3", "--db", db.url, "--format", "csv"])
        #expect(down.status == 0, "\(down.stderr)")
        #expect(down.stdout == "version,name,action\r\n" + last3.map { "\($0.version),\($0.name),reverted\r\n" }.joined())

        let pending = try BinaryRunner.run(["migrate", "status", "--db", db.url, "--format", "tsv"])
        #expect(pending.stdout.contains("\(known[n - 3].version)\t\(known[n - 3].name)\tpending"))
        #expect(pending.stderr.contains("3 pending; run `readmaster migrate up`"))

        let again = try BinaryRunner.run(["migrate", "up", "--db", db.url, "-q"])
        #expect(again.status == 0 && again.stderr.isEmpty)
        #expect(last3.allSatisfy { again.stdout.contains($0.name) })

        let redo = try BinaryRunner.run(["migrate", "redo", "--db", db.url, "--json"])
        #expect(redo.status == 0, "\(redo.stderr)")
        #expect(redo.stdout.contains("\"action\": \"redone\""))

        let verify = try BinaryRunner.run(["migrate", "verify", "--db", db.url])
        #expect(verify.status == 0)
        #expect(verify.stderr.contains("ok: \(n) applied migrations match"))
    }

    @Test("verify names an applied migration whose text changed and exits non-zero", arguments: Backend.allCases)
    func verifyDrift(backend: Backend) throws {
        let db = try backend.freshDatabase()
        #expect(try BinaryRunner.run(["migrate", "up", "--db", db.url]).status == 0)
        // What an edited migration looks like from the database's side: the recorded
        // checksum no longer matches the compiled text.
        let conn = try db.connect()
        try conn.execute("UPDATE schema_migrations SET checksum = $1 WHERE version = 3", [.text(String(repeating: "0", count: 64))])
        conn.close()
        let verify = try BinaryRunner.run(["migrate", "verify", "--db", db.url])
        #expect(verify.status == 1)
        #expect(verify.stderr == "readmaster: applied migrations changed since they were applied: 0003_assessments\n")
        let json = try BinaryRunner.run(["migrate", "verify", "--db", db.url, "--format", "json"])
        #expect(json.stderr.contains("\"code\":\"migration_drift\""))
        let status = try BinaryRunner.run(["migrate", "status", "--db", db.url])
        #expect(status.stdout.contains("changed"))
    }

    @Test("four migrate up started at the same moment all succeed and apply one set", arguments: Backend.allCases)
    func concurrentProcesses(backend: Backend) async throws {
        let db = try backend.freshDatabase()
        let url = db.url
        let results = try await withThrowingTaskGroup(of: BinaryRunner.Result.self) { group in
            for _ in 0..<4 { group.addTask { try BinaryRunner.run(["migrate", "up", "--db", url, "-q"]) } }
            var all: [BinaryRunner.Result] = []
            for try await r in group { all.append(r) }
            return all
        }
        for r in results { #expect(r.status == 0, "\(r.stderr)") }
        let conn = try db.connect()
        let known = Migrations.all(for: conn.dialect).count
        #expect(try conn.queryOne("SELECT count(*) AS c FROM schema_migrations")?.int("c") == Int64(known))
        // A run that applied nothing prints no table (one line on stderr instead).
        let appliedLines = results.map { $0.stdout.isEmpty ? 0 : $0.stdout.split(separator: "\n").count - 1 }
        #expect(appliedLines.reduce(0, +) == known, "every migration was applied once in all: \(appliedLines)")
    }

    @Test("an unreachable database is one line, password redacted, exit 69")
    func unreachable() throws {
        let r = try BinaryRunner.run(["--db", "postgres://admin:hunter2@127.0.0.1:1/app", "migrate", "status"])
        #expect(r.status == 69)
        #expect(!r.stderr.contains("hunter2"))
        #expect(r.stderr.hasPrefix("readmaster: cannot connect to postgres://admin:***@127.0.0.1:1/app"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        let env = try BinaryRunner.run(["migrate", "status"], environment: ["DATABASE_URL": "postgresql://u:pw@127.0.0.1:1/x"])
        #expect(env.status == 69 && !env.stderr.contains("pw@"))
        let badScheme = try BinaryRunner.run(["--db", "mysql://u:secret@h/db", "migrate", "status"])
        #expect(badScheme.status == 2 && !badScheme.stderr.contains("secret"))
    }

    @Test("the embedded SQLite default is created in the working directory")
    func defaultDatabase() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rm-default-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryRunner.run(["migrate", "up"], directory: dir)
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("readmaster.db").path))
        // Only migrate up creates a database file: status on a missing one says so (exit 69).
        let viaEnv = try BinaryRunner.run(["migrate", "status", "-q"], environment: ["READMASTER_DB": "sqlite:other.db"], directory: dir)
        #expect(viaEnv.status == 69 && viaEnv.stderr.contains("no such database"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("other.db").path))
        #expect(try BinaryRunner.run(["migrate", "up", "--to", "2", "-q"], environment: ["READMASTER_DB": "sqlite:other.db"], directory: dir).status == 0)
        let pending = try BinaryRunner.run(["migrate", "status", "--exit-code"], environment: ["READMASTER_DB": "sqlite:other.db"], directory: dir)
        #expect(pending.status == 1 && pending.stdout.contains("pending"), "CI can gate on pending migrations")
    }
}
