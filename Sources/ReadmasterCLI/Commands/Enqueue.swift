import Foundation
import ReadmasterCore
import ReadmasterEngine
import ReadmasterStore

/// `assess analyze --enqueue`: records each recording as a pending assessment for
/// `assess worker` instead of grading it here. Students, readings and permissions are
/// checked as for `--save`; a recording already graded with this engine version (unless
/// `--regrade`) or already waiting in the queue is skipped, and one that cannot be read is
/// an error record while the rest are queued. `--store-audio` stores each recording in
/// the database too, for workers on machines that cannot see the file.
enum Enqueue {
    static func run(_ inv: Invocation, jobs: inout [AnalyzeJob]) throws -> Int32 {
        let saver = try ResultSaver(inv: inv, jobs: &jobs, option: "--enqueue")
        let queue = WorkQueue(saver.connection)
        var records: [JSONValue] = []
        var failed = 0
        for job in jobs {
            let record = try enqueue(job, queue: queue, storeAudio: inv.flag(.storeAudio), actor: saver.actor)
            if record["status"] == .string("error") {
                failed += 1
                inv.note("readmaster: \(job.file): \(Renderer.cell(record["message"] ?? .null))")
            }
            records.append(record)
        }
        switch inv.globals.format ?? .table {
        case .json: inv.out.line(JSONValue.array(records).serialized(pretty: true))
        case .ndjson: for r in records { inv.out.line(r.serialized()) }
        case .table, .csv, .tsv, .svg, .html:
            var table = Table(columns: [.init("file"), .init("status"), .init("assessment_id"), .init("note")])
            for r in records {
                table.rows.append([r["file"] ?? .null, r["status"] ?? .null, r["assessment_id"] ?? .null, r["message"] ?? r["reason"] ?? .null])
            }
            inv.emit(table)
        }
        let queued = records.filter { $0["status"] == .string("queued") }.count
        inv.note("\(queued) of \(jobs.count) recording\(jobs.count == 1 ? "" : "s") queued; `readmaster assess worker` grades them")
        if failed == 0 { return ExitCodes.ok }
        return failed == jobs.count ? ExitCodes.dataError : ExitCodes.partial
    }

    static func enqueue(_ job: AnalyzeJob, queue: WorkQueue, storeAudio: Bool, actor: AuditActor) throws -> JSONValue {
        func record(_ status: String, _ extra: [(String, JSONValue)]) -> JSONValue {
            .object([("file", .string(job.file)), ("status", .string(status))] + extra)
        }
        if let problem = job.problem {
            return record("error", [("code", .string(problem.code)), ("message", .string(problem.message))])
        }
        if let id = job.skippedAssessment {
            return record("skipped", [("assessment_id", .string(id)),
                                      ("reason", .string("already graded from this audio, reading and engine version; --regrade queues it again"))])
        }
        guard let target = job.save, let sha = target.sha256 else {
            let missing = !FileManager.default.fileExists(atPath: job.file)
            return record("error", [("code", .string(missing ? "file_not_found" : "unreadable")),
                                    ("message", .string(missing ? "no such file" : "cannot read the file"))])
        }
        if let id = try queue.pending(sha256: sha, readingID: target.readingID, studentID: target.studentID) {
            return record("skipped", [("assessment_id", .string(id.uuidString.lowercased())),
                                      ("reason", .string("already waiting in the queue"))])
        }
        let path = URL(fileURLWithPath: job.file).standardizedFileURL.path
        var audio: [UInt8]?
        if storeAudio {
            guard let data = FileManager.default.contents(atPath: path) else {
                return record("error", [("code", .string("unreadable")), ("message", .string("cannot read the file"))])
            }
            audio = [UInt8](data)
        }
        let id = try queue.enqueue(studentID: target.studentID, readingID: target.readingID, audioPath: path, sha256: sha,
                                   audio: audio, actor: actor)
        return record("queued", [("assessment_id", .string(id.uuidString.lowercased()))])
    }
}
