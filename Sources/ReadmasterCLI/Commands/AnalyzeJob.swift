import Foundation
import Synchronization
import ReadmasterCore
import ReadmasterEngine

/// One recording to analyse against one passage, as given on the command line or by a
/// manifest row. `problem` is set when the job cannot even start (bad manifest row).
struct AnalyzeJob: Sendable {
    let file: String
    let passageText: String?
    let reading: ReportJSON.ReadingRef
    let readingID: String?
    var student: String?
    /// Set by `--save`: the student's name, for the table teachers read.
    var studentName: String?
    var problem: (code: String, message: String)?
    /// Set by `--save` before the batch runs.
    var save: SaveTarget?
    /// Already graded (same audio, reading, engine version): not analysed again.
    var skippedAssessment: String?

    struct SaveTarget: Sendable {
        let studentID: UUID
        let readingID: UUID
        let sha256: String?
        let replacing: UUID?
    }
}

/// The outcome of one job, in the order the jobs were given.
enum AnalyzeOutcome: Sendable {
    case ok(JSONValue, AnalysisResult, elapsed: Double)
    case failed(JSONValue, code: String, message: String)
    case skipped(JSONValue)

    var json: JSONValue {
        switch self {
        case let .ok(j, _, _), let .failed(j, _, _), let .skipped(j): return j
        }
    }
}

/// Runs jobs on N worker threads, each with its own recogniser, and hands results back
/// in input order as soon as each is ready (so NDJSON streams).
final class AnalyzeBatch: Sendable {
    private let jobs: [AnalyzeJob]
    private let resources: EngineResources
    /// The next job to hand out, and the finished results not yet delivered.
    private let state = Mutex<(next: Int, results: [Int: AnalyzeOutcome])>((0, [:]))
    /// Signalled once when job i's result is in `state`.
    private let ready: [DispatchSemaphore]

    init(jobs: [AnalyzeJob], resources: EngineResources) {
        self.jobs = jobs
        self.resources = resources
        ready = jobs.map { _ in DispatchSemaphore(value: 0) }
    }

    func run(workers: Int, deliver: (Int, AnalyzeOutcome) -> Void) {
        let count = min(max(1, workers), max(1, jobs.count))
        for _ in 0..<count {
            let thread = Thread { [self] in work() }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for i in 0..<jobs.count {
            ready[i].wait()
            deliver(i, state.withLock { $0.results.removeValue(forKey: i)! })
        }
    }

    private func take() -> Int? {
        state.withLock { s in
            guard s.next < jobs.count else { return nil }
            s.next += 1
            return s.next - 1
        }
    }

    private func finish(_ i: Int, _ outcome: AnalyzeOutcome) {
        state.withLock { $0.results[i] = outcome }
        ready[i].signal()
    }

    private func work() {
        var analyzer: Analyzer?
        var startupError: Error?
        do { analyzer = try Analyzer(resources: resources) } catch { startupError = error }
        while let i = take() {
            finish(i, analyze(jobs[i], analyzer: analyzer, startupError: startupError))
        }
    }

    private func analyze(_ job: AnalyzeJob, analyzer: Analyzer?, startupError: Error?) -> AnalyzeOutcome {
        if let id = job.skippedAssessment {
            return .skipped(.object([("file", .string(job.file)), ("status", .string("skipped")), ("assessment_id", .string(id)),
                                     ("reason", .string("already graded from this audio, reading and engine version; --regrade grades it again"))]))
        }
        if let problem = job.problem {
            return .failed(ReportJSON.error(file: job.file, code: problem.code, message: problem.message), code: problem.code, message: problem.message)
        }
        let started = Date()
        do {
            guard let analyzer else { throw startupError ?? EngineError.recognizer("no decoder") }
            let passage = try resources.passage(job.passageText ?? "")
            let result = try analyzer.analyze(path: job.file, passage: passage)
            let elapsed = Date().timeIntervalSince(started)
            return .ok(ReportJSON.report(file: job.file, reading: job.reading, result: result, elapsed: elapsed), result, elapsed: elapsed)
        } catch let e as EngineError {
            return .failed(ReportJSON.error(file: job.file, code: e.code, message: "\(e)"), code: e.code, message: "\(e)")
        } catch {
            return .failed(ReportJSON.error(file: job.file, code: "failure", message: "\(error)"), code: "failure", message: "\(error)")
        }
    }
}
