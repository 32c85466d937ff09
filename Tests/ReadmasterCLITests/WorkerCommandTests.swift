import Foundation
import ReadmasterStore
import ReadmasterTestSupport
import Testing

@Suite("assess analyze --enqueue and assess worker: the database as the work queue")
struct WorkerCommandTests {
    static let text = "The cat sat on the mat. Then the dog ran to the park with a red ball."

    static func prepared(_ backend: Backend) throws -> TestDatabase {
        try SaveAssessmentTests.prepared(backend, title: "Cat and Dog", text: text, words: 17)
    }

    static func enqueue(_ files: [String], _ db: TestDatabase, _ extra: [String] = []) throws -> BinaryRunner.Result {
        try BinaryRunner.run(["assess", "analyze"] + files + ["--reading", "Cat and Dog", "--student", "ana@school.org", "--enqueue",
                                                          "--db", db.url, "--format", "ndjson"] + extra)
    }

    static func lines(_ r: BinaryRunner.Result) -> [[String: Any]] {
        r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Starts `assess worker` in the background and returns once it has claimed job `id`.
    static func workerGrading(_ id: String, _ arguments: [String], _ conn: any Connection) throws -> Process {
        let worker = Process()
        worker.executableURL = URL(fileURLWithPath: BinaryRunner.binary)
        worker.arguments = ["assess", "worker"] + arguments
        worker.standardOutput = FileHandle.nullDevice
        try worker.run()
        let deadline = Date().addingTimeInterval(60)
        while try status(conn, id) == "pending_audio", Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return worker
    }

    static func status(_ conn: any Connection, _ id: String) throws -> String? {
        try conn.queryOne("SELECT status FROM assessments WHERE id = $1", [.uuid(UUID(uuidString: id)!)])?.string("status")
    }

    @Test("queued recordings are graded by a worker; an unreadable one is an error, a missing one is never queued", arguments: Backend.allCases)
    func queueAndGrade(backend: Backend) throws {
        let db = try Self.prepared(backend)
        let slt = try AudioFixtures.speak(Self.text, name: "queue-slt")
        let kal = try AudioFixtures.speak(Self.text, voice: "kal16", name: "queue-kal")
        let broken = AudioFixtures.path("queue-broken.wav")
        try Data("this is text, not audio".utf8).write(to: broken)
        let queued = try Self.enqueue([slt.path, kal.path, broken.path, "/nonexistent/x.wav"], db)
        #expect(queued.status == 3, "\(queued.stderr)")
        let records = Self.lines(queued)
        #expect(records.map { $0["status"] as? String } == ["queued", "queued", "queued", "error"])
        #expect(records[3]["code"] as? String == "file_not_found")
        let twice = try Self.enqueue([slt.path], db)
        #expect(twice.status == 0 && Self.lines(twice).first?["reason"] as? String == "already waiting in the queue")

        let conn = try db.connect()
        defer { conn.close() }
        #expect(try conn.queryOne("SELECT count(*) AS c FROM assessments WHERE status = 'pending_audio'")?.int("c") == 3)
        let worker = try BinaryRunner.run(["assess", "worker", "--once", "--db", db.url, "--format", "ndjson"])
        #expect(worker.status == 3, "one recording could not be graded: \(worker.stderr)")
        let done = Self.lines(worker)
        #expect(done.count == 3)
        for r in done where (r["file"] as? String) != broken.path {
            let id = try #require(r["assessment_id"] as? String)
            #expect(r["wcpm"] is Double && (r["words_correct"] as? Int ?? 0) >= 15, "\(r)")
            #expect(try Self.status(conn, id) == "completed")
        }
        let bad = try #require(done.first { ($0["file"] as? String) == broken.path })
        #expect(bad["status"] as? String == "error" && bad["code"] as? String != nil)
        #expect(try Self.status(conn, bad["assessment_id"] as! String) == "error")
        #expect(try conn.queryOne("SELECT count(*) AS c FROM assessment_results")?.int("c") == 2)
        let wordRows = try conn.queryOne("SELECT count(*) AS c FROM result_words")?.int("c")
        #expect(wordRows == 34, "17 words each")
        #expect(try conn.queryOne("SELECT count(*) AS c FROM assessments WHERE lease_owner IS NOT NULL")?.int("c") == 0)
        #expect(try conn.queryOne("SELECT xp AS c FROM user_stats")?.int("c") == 20, "each graded reading earns 10 XP")

        // Graded audio is skipped unless --regrade; the queue is then empty again.
        let graded = try Self.enqueue([slt.path], db)
        #expect(Self.lines(graded).first?["status"] as? String == "skipped")
        let forced = try Self.enqueue([slt.path], db, ["--regrade"])
        #expect(Self.lines(forced).first?["status"] as? String == "queued")
        let table = try BinaryRunner.run(["assess", "worker", "--once", "--db", db.url])
        #expect(table.status == 0 && table.stdout.hasPrefix("completed\t"), "\(table.stdout)\(table.stderr)")
        let idle = try BinaryRunner.run(["assess", "worker", "--once", "--db", db.url])
        #expect(idle.status == 0 && idle.stdout.isEmpty)
    }

    @Test("a job whose worker stopped is claimed again when its lease runs out, and is dead after the last attempt", arguments: Backend.allCases)
    func leases(backend: Backend) throws {
        let db = try Self.prepared(backend)
        // Three jobs: the same speech with 0, 2 and 4 bytes of padding, so three audio hashes.
        var files: [String] = []
        var bytes = try Data(contentsOf: try AudioFixtures.speak(Self.text, name: "queue-slt"))
        for k in 0..<3 {
            let url = AudioFixtures.path("queue-lease-\(k).wav")
            try bytes.write(to: url)
            files.append(url.path)
            bytes.append(contentsOf: [0, 0])
        }
        #expect(Self.lines(try Self.enqueue(files, db)).compactMap { $0["assessment_id"] as? String }.count == 3)
        let conn = try db.connect()
        defer { conn.close() }
        let all = try conn.query("SELECT id FROM assessments ORDER BY created_at").map { try $0.uuid("id") }
        try #require(all.count == 3)
        let past = Date().addingTimeInterval(-60), future = Date().addingTimeInterval(3600)
        // Stopped mid-job on its first attempt; stopped on its last; still held by a live worker.
        for (id, until, attempts) in [(all[0], past, 1), (all[1], past, 3), (all[2], future, 1)] {
            try conn.execute("UPDATE assessments SET status = 'processing', lease_owner = 'gone:1:0', lease_until = $2, attempts = $3 WHERE id = $1",
                             [.uuid(id), .date(until), .int(attempts)])
        }
        let worker = try BinaryRunner.run(["assess", "worker", "--once", "--max-attempts", "3", "--db", db.url, "--format", "ndjson"])
        #expect(worker.status == 0, "\(worker.stderr)")
        #expect(Self.lines(worker).compactMap { $0["assessment_id"] as? String } == [all[0].uuidString.lowercased()])
        let rows = try conn.query("SELECT id, status, attempts, lease_owner FROM assessments")
        func row(_ id: UUID) throws -> Row { try #require(rows.first { (try? $0.uuid("id")) == id }) }
        #expect(try row(all[0]).string("status") == "completed" && row(all[0]).int("attempts") == 2)
        #expect(try row(all[1]).string("status") == "dead")
        #expect(try row(all[2]).string("status") == "processing" && row(all[2]).optionalString("lease_owner") == "gone:1:0")
    }

    @Test("two workers on one PostgreSQL queue grade every job exactly once")
    func sharedQueue() async throws {
        let db = try Self.prepared(.postgres)
        var files: [String] = []
        for (k, voice) in ["slt", "kal16", "rms", "awb"].enumerated() {
            files.append(try AudioFixtures.speak(Self.text, voice: voice, name: "queue-\(k)-\(voice)").path)
        }
        #expect(try Self.enqueue(files, db).status == 0)
        let url = db.url
        let runs = try await withThrowingTaskGroup(of: BinaryRunner.Result.self) { group in
            for _ in 0..<2 { group.addTask { try BinaryRunner.run(["assess", "worker", "--once", "--db", url, "--format", "ndjson"]) } }
            var all: [BinaryRunner.Result] = []
            for try await r in group { all.append(r) }
            return all
        }
        for r in runs { #expect(r.status == 0, "\(r.stderr)") }
        let graded = runs.flatMap { Self.lines($0) }.compactMap { $0["assessment_id"] as? String }
        #expect(graded.count == 4 && Set(graded).count == 4, "\(graded)")
        let conn = try db.connect()
        defer { conn.close() }
        #expect(try conn.queryOne("SELECT count(*) AS c FROM assessment_results")?.int("c") == 4)
        #expect(try conn.queryOne("SELECT count(*) AS c FROM assessments WHERE status = 'completed' AND attempts = 1")?.int("c") == 4)
    }

    @Test("SIGTERM stops a worker after the job in hand: the job is completed, not left leased", arguments: Backend.allCases)
    func stopSignal(backend: Backend) throws {
        let db = try Self.prepared(backend)
        let audio = try AudioFixtures.speak(Self.text, name: "queue-slt")
        let id = try #require(Self.lines(try Self.enqueue([audio.path], db)).first?["assessment_id"] as? String)
        let conn = try db.connect()
        defer { conn.close() }
        // Signal as soon as the job is claimed, while it is being graded.
        let worker = try Self.workerGrading(id, ["--poll", "60", "--db", db.url, "-q"], conn)
        kill(worker.processIdentifier, SIGTERM)
        let signalled = Date()
        while worker.isRunning, Date().timeIntervalSince(signalled) < 45 { Thread.sleep(forTimeInterval: 0.1) }
        if worker.isRunning { kill(worker.processIdentifier, SIGKILL) }  // never hang the test run
        worker.waitUntilExit()
        #expect(worker.terminationReason == .exit && worker.terminationStatus == 0)
        #expect(Date().timeIntervalSince(signalled) < 30, "stopped after the job, not after the 60 s poll")
        #expect(try Self.status(conn, id) == "completed")
    }

    @Test("a worker renews its lease while it grades: a second worker leaves alone a job that outlasts --lease", arguments: Backend.allCases)
    func leaseRenewed(backend: Backend) throws {
        let db = try Self.prepared(backend)
        // About a minute of speech: grading it takes seconds, several times the 1 s lease.
        let audio = try AudioFixtures.speak(Array(repeating: Self.text, count: 12).joined(separator: " "), name: "queue-long")
        let id = try #require(Self.lines(try Self.enqueue([audio.path], db)).first?["assessment_id"] as? String)
        let conn = try db.connect()
        defer { conn.close() }
        let worker = try Self.workerGrading(id, ["--once", "--lease", "1", "--db", db.url, "-q"], conn)
        defer { if worker.isRunning { kill(worker.processIdentifier, SIGKILL) } }
        let claimed = Date()
        Thread.sleep(forTimeInterval: 1.5)
        try #require(try Self.status(conn, id) == "processing", "the grading must outlast the lease for this test to mean anything")
        let until = try #require(try conn.queryOne("SELECT lease_until FROM assessments WHERE id = $1", [.uuid(UUID(uuidString: id)!)])?.optionalDate("lease_until"))
        #expect(until > claimed.addingTimeInterval(1.2), "renewed past the lease taken at the claim")
        let second = try BinaryRunner.run(["assess", "worker", "--once", "--db", db.url, "--format", "ndjson"])
        #expect(second.status == 0 && Self.lines(second).isEmpty, "the job is still held: \(second.stdout)")
        worker.waitUntilExit()
        #expect(worker.terminationStatus == 0)
        let row = try #require(try conn.queryOne("SELECT status, attempts, lease_owner FROM assessments WHERE id = $1", [.uuid(UUID(uuidString: id)!)]))
        #expect(try row.string("status") == "completed" && row.int("attempts") == 1 && row.optionalString("lease_owner") == nil)
    }

    @Test("--store-audio keeps the recording in the database: a worker grades it after the file is gone, assess audio writes it out", arguments: Backend.allCases)
    func storedAudio(backend: Backend) throws {
        let db = try Self.prepared(backend)
        // Two copies of one reading (two bytes apart, so two audio hashes); only the first is stored.
        var bytes = try Data(contentsOf: try AudioFixtures.speak(Self.text, name: "queue-slt"))
        let stored = AudioFixtures.path("queue-stored-\(backend).wav"), unstored = AudioFixtures.path("queue-unstored-\(backend).wav")
        try bytes.write(to: stored)
        bytes.append(contentsOf: [0, 0])
        try bytes.write(to: unstored)
        let broken = AudioFixtures.path("queue-stored-broken-\(backend).wav")
        try Data("this is text, not audio".utf8).write(to: broken)
        let a = try Self.enqueue([stored.path], db, ["--store-audio"]), b = try Self.enqueue([unstored.path], db)
        let c = try Self.enqueue([broken.path], db, ["--store-audio"])
        #expect(a.status == 0 && b.status == 0 && c.status == 0, "\(a.stderr) \(b.stderr) \(c.stderr)")
        let storedID = try #require(Self.lines(a).first?["assessment_id"] as? String)
        let unstoredID = try #require(Self.lines(b).first?["assessment_id"] as? String)
        // The worker runs where the files are not (here: they are gone).
        try FileManager.default.removeItem(at: stored)
        try FileManager.default.removeItem(at: unstored)
        try FileManager.default.removeItem(at: broken)
        let worker = try BinaryRunner.run(["assess", "worker", "--once", "--db", db.url, "--format", "ndjson"])
        #expect(worker.status == 3, "the unstored one cannot be graded: \(worker.stderr)")
        let done = Self.lines(worker)
        let graded = try #require(done.first { $0["assessment_id"] as? String == storedID })
        #expect(graded["file"] as? String == stored.path && (graded["words_correct"] as? Int ?? 0) >= 15, "\(graded)")
        let missing = try #require(done.first { $0["assessment_id"] as? String == unstoredID })
        #expect(missing["status"] as? String == "error", "\(missing)")
        // A stored recording that is not audio: the message names it as queued, not the temporary copy.
        let bad = try #require(done.first { $0["file"] as? String == broken.path })
        let badMessage = bad["message"] as? String ?? ""
        #expect(bad["status"] as? String == "error" && badMessage.hasPrefix(broken.path + " (stored copy)"), "\(bad)")
        #expect(!badMessage.contains("readmaster-job-"), "\(badMessage)")
        let conn = try db.connect()
        defer { conn.close() }
        #expect(try Self.status(conn, storedID) == "completed" && Self.status(conn, unstoredID) == "error")
        let row = try #require(try conn.queryOne("SELECT assessment_id, file_name, data FROM assessment_audio WHERE assessment_id = $1",
                                                       [.uuid(UUID(uuidString: storedID)!)]))
        #expect(try row.uuid("assessment_id") == UUID(uuidString: storedID) && row.string("file_name") == stored.lastPathComponent)
        #expect(try row.bytes("data").count == bytes.count - 2, "the recording, byte for byte")
        #expect(try conn.queryOne("SELECT count(*) AS c FROM assessment_audio")?.int("c") == 2)
        // assess audio writes it back out, byte for byte; never over an existing file.
        let out = AudioFixtures.path("queue-out-\(backend).wav")
        try? FileManager.default.removeItem(at: out)
        let written = try BinaryRunner.run(["assess", "audio", storedID, "--output", out.path, "--db", db.url])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try Data(contentsOf: out) == bytes.prefix(bytes.count - 2))
        let again = try BinaryRunner.run(["assess", "audio", storedID, "--output", out.path, "--db", db.url])
        #expect(again.status == 65 && again.stderr.contains("already exists"), "\(again.stderr)")
        let none = try BinaryRunner.run(["assess", "audio", unstoredID, "--output", out.path + ".2", "--db", db.url])
        #expect(none.status == 1 && none.stderr.contains("no stored recording"), "\(none.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path + ".2"))
        // seed --reset empties it with the rest (SQLite deletes with foreign keys off: no cascade).
        let reset = try BinaryRunner.run(["seed", "minimal", "--reset", "--alongside-data", "--yes", "--db", db.url, "-q"])
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(try conn.queryOne("SELECT count(*) AS c FROM assessment_audio")?.int("c") == 0)
    }

    @Test("--enqueue needs a stored reading and a student, and does not go with --save")
    func usage() throws {
        let db = try Self.prepared(.sqlite)
        let audio = try AudioFixtures.speak(Self.text, name: "queue-slt")
        let noReading = try BinaryRunner.run(["assess", "analyze", audio.path, "--text-string", Self.text, "--student", "ana@school.org", "--enqueue", "--db", db.url])
        #expect(noReading.status == 2 && noReading.stderr.contains("--enqueue needs a stored reading"))
        let both = try BinaryRunner.run(["assess", "analyze", audio.path, "--reading", "Cat and Dog", "--enqueue", "--save", "--db", db.url])
        #expect(both.status == 2 && both.stderr.contains("--save goes without it"))
        let storeOnly = try BinaryRunner.run(["assess", "analyze", audio.path, "--text-string", Self.text, "--store-audio"])
        #expect(storeOnly.status == 2 && storeOnly.stderr.contains("--store-audio goes with --enqueue"))
        let stray = try BinaryRunner.run(["assess", "worker", "extra", "--db", db.url])
        #expect(stray.status == 2)
        let teacherless = try BinaryRunner.run(["assess", "worker", "--once", "--as", "ana@school.org", "--db", db.url])
        #expect(teacherless.status == 77, "\(teacherless.stderr)")
    }
}
