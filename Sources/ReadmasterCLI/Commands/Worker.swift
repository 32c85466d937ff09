import Foundation
import Synchronization
import ReadmasterCore
import ReadmasterEngine
import ReadmasterStore

/// The loop behind `assess worker`: threads that claim, grade and store queued jobs.
final class Worker: Sendable {
    struct Settings: Sendable {
        let once: Bool
        let limit: Int?
        let lease: TimeInterval
        let maxAttempts: Int
        let poll: TimeInterval
    }

    private let inv: Invocation
    private let resources: EngineResources
    private let settings: Settings
    private let actor: AuditActor
    /// Jobs reserved of --limit, graded and failed; held while a job's lines are written,
    /// so two threads' lines never interleave.
    private let counts = Mutex<(taken: Int, done: Int, failed: Int)>((0, 0, 0))

    init(inv: Invocation, resources: EngineResources, settings: Settings, actor: AuditActor) {
        self.inv = inv
        self.resources = resources
        self.settings = settings
        self.actor = actor
    }

    /// Runs `threads` workers until they stop; returns the jobs graded and failed.
    func run(threads: Int) -> (done: Int, failed: Int) {
        let group = DispatchGroup()
        for n in 0..<threads {
            group.enter()
            let thread = Thread { [self] in
                loop(owner: "\(ProcessInfo.processInfo.hostName):\(getpid()):\(n)")
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return counts.withLock { ($0.done, $0.failed) }
    }

    /// Reserves one job of the --limit; false when the limit is reached.
    private func reserve() -> Bool {
        counts.withLock { c in
            if StopSignal.requested { return false }
            if let limit = settings.limit, c.taken >= limit { return false }
            c.taken += 1
            return true
        }
    }

    private func unreserve() {
        counts.withLock { $0.taken -= 1 }
    }

    private func loop(owner: String) {
        let connection: any Connection, leaseConnection: any Connection
        let analyzer: Analyzer
        do {
            connection = try inv.openDatabase()
            // The lease keeper's own connection: no connection is shared between threads.
            leaseConnection = try inv.openDatabase()
            analyzer = try Analyzer(resources: resources)
        } catch {
            report(nil, .object([("status", .string("error")), ("message", .string("worker \(owner) could not start: \(error)"))]), ok: false)
            return
        }
        defer { connection.close(); leaseConnection.close() }
        let queue = WorkQueue(connection), leaseQueue = WorkQueue(leaseConnection)
        while reserve() {
            let job: QueuedJob?
            do { job = try queue.claim(owner: owner, lease: settings.lease, maxAttempts: settings.maxAttempts) } catch {
                unreserve()
                report(nil, .object([("status", .string("error")), ("message", .string("cannot claim a job: \(error)"))]), ok: false)
                if settings.once { return }
                nap()
                continue
            }
            guard let job else {
                unreserve()
                if settings.once { return }
                nap()
                continue
            }
            grade(job, owner: owner, queue: queue, leaseQueue: leaseQueue, analyzer: analyzer)
        }
    }

    /// Waits --poll seconds for work to arrive, waking early for a stop signal.
    private func nap() {
        let until = Date().addingTimeInterval(settings.poll)
        while Date() < until, !StopSignal.requested { Thread.sleep(forTimeInterval: 0.2) }
    }

    private func grade(_ job: QueuedJob, owner: String, queue: WorkQueue, leaseQueue: WorkQueue, analyzer: Analyzer) {
        let started = Date()
        let reading = ReportJSON.ReadingRef(id: job.readingID.uuidString.lowercased(), title: job.readingTitle)
        let id: (String, JSONValue) = ("assessment_id", .string(job.id.uuidString.lowercased()))
        var code = "failure", message = "", final = false
        // A stored recording is graded from a temporary copy: this machine may not see the path.
        let copy = Result { try storedCopy(of: job, queue: queue) }
        defer { if case let .success(url?) = copy { try? FileManager.default.removeItem(at: url) } }
        let keeper = LeaseKeeper(queue: leaseQueue, job: job, owner: owner, lease: settings.lease)
        keeper.start()
        let analysed = Result {
            try analyzer.analyze(path: try copy.get()?.path ?? job.audioPath, passage: try resources.passage(job.passage))
        }
        keeper.stop()
        do {
            let result = try analysed.get()
            let json = ReportJSON.report(file: job.audioPath, reading: reading, result: result, elapsed: Date().timeIntervalSince(started))
            if try queue.complete(job, owner: owner, result: ResultSaver.newResult(json, result), actor: actor) {
                report(job, ResultSaver.adding(job.id, to: json), ok: true)
            } else {
                report(job, .object([("file", .string(job.audioPath)), ("status", .string("lost")), id,
                                     ("message", .string("the lease ran out and another worker took the job; this result was not stored"))]), ok: false)
            }
            return
        } catch let e as EngineError {
            (code, message) = (e.code, "\(e)")
            // The recording itself is the problem: another attempt would fail the same way.
            final = !["model_missing", "recognizer_failed"].contains(e.code)
        } catch {
            message = "\(error)"
        }
        // Name the recording as it was queued, not the temporary copy nobody else will see.
        if case let .success(url?) = copy { message = message.replacingOccurrences(of: url.path, with: "\(job.audioPath) (stored copy)") }
        let status: String?
        do { status = try queue.fail(job, owner: owner, message: message, final: final, maxAttempts: settings.maxAttempts) } catch {
            status = nil
            message += "; and the failure could not be recorded: \(error)"
        }
        report(job, .object([("file", .string(job.audioPath)), ("status", .string(status ?? "lost")), id,
                             ("attempt", .int(Int64(job.attempts))), ("code", .string(code)), ("message", .string(message))]), ok: false)
    }

    /// Writes the recording stored with `job` to a temporary file named like the original
    /// (the decoder goes by its extension); nil when only the path was stored.
    private func storedCopy(of job: QueuedJob, queue: WorkQueue) throws -> URL? {
        guard job.storedAudio, let audio = try queue.audio(of: job.id) else { return nil }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("readmaster-job-\(job.id.uuidString.lowercased())-\(audio.fileName)")
        try Data(audio.data).write(to: url)
        return url
    }

    /// One line per job on stdout: JSON for --format json/ndjson, otherwise for people.
    private func report(_ job: QueuedJob?, _ json: JSONValue, ok: Bool) {
        counts.withLock { c in
            // A claim that fails (the database went away) counts too: exit 3, not 0.
            if ok { c.done += 1 } else { c.failed += 1 }
            write(job, json, ok: ok)
        }
    }

    private func write(_ job: QueuedJob?, _ json: JSONValue, ok: Bool) {
        switch inv.globals.format ?? .table {
        case .json, .ndjson:
            inv.out.line(json.serialized())
        default:
            let cell = { (key: String) in TerminalText.visible(Renderer.cell(json[key] ?? .null)) }
            if ok {
                inv.out.line(["completed", cell("assessment_id"), cell("file"), "wcpm \(cell("wcpm"))",
                              "overall \(Renderer.cell(json["scores"]?["overall"] ?? .null))"].joined(separator: "\t"))
            } else if job != nil {
                inv.out.line([cell("status"), cell("assessment_id"), cell("file"), "\(cell("code")): \(cell("message"))"].joined(separator: "\t"))
            } else {
                inv.err.message("readmaster: \(cell("message"))")
            }
        }
        inv.out.flush()
        if !ok, let job {
            let message = Renderer.cell(json["message"] ?? .null)
            inv.note("readmaster: " + (message.hasPrefix(job.audioPath) ? message : "\(job.audioPath): \(message)"))
        }
    }
}
