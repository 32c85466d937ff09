import Foundation
import ReadmasterCore
import ReadmasterEngine
import ReadmasterStore

/// `assess analyze --save`: resolves each job's student and stored reading before the
/// batch runs (skipping audio already graded), then writes each result as it arrives,
/// on the delivering thread, so database writes stay sequential.
final class ResultSaver {
    let connection: any Connection
    private let records: AssessmentRecords
    let actor: AuditActor

    init(inv: Invocation, jobs: inout [AnalyzeJob], option: String = "--save") throws {
        connection = try inv.openDatabase()
        records = AssessmentRecords(connection)
        let acting = try Acting.resolve(inv, connection)
        actor = acting.auditActor
        let users = UserRecords(connection)
        let force = inv.flag(.regrade, formerly: .force)
        // One lookup and one policy check per student, however many recordings they have.
        var students: [String: UserRow?] = [:]
        for i in jobs.indices where jobs[i].problem == nil {
            guard let readingID = jobs[i].readingID.flatMap(UUID.init(uuidString:)) else {
                throw CLIError.usage("assess analyze \(option) needs a stored reading: give --reading ID|TITLE (or a reading column in the manifest)")
            }
            guard let email = jobs[i].student ?? inv.value(.student) else {
                throw CLIError.usage("assess analyze \(option) needs the student: give --student EMAIL (or a student column in the manifest)")
            }
            if students[email] == nil {
                let found = try users.find(email).flatMap { $0.role == .student ? $0 : nil }
                if !acting.isOwner, let found {
                    try acting.require(.gradeRecording, try acting.relation(to: found, users), "may not grade recordings of \(found.email)")
                }
                students[email] = .some(found)
            }
            guard let student = students[email]! else {
                jobs[i].problem = ("unknown_student", "no student with email \(email)")
                continue
            }
            let studentID = student.id
            jobs[i].studentName = "\(student.firstName) \(student.lastName)"
            jobs[i].student = student.email
            let sha = FileManager.default.contents(atPath: jobs[i].file).map { SHA256.hex(bytes: Array($0)) }
            var replacing: UUID?
            if let sha, let existing = try records.existing(sha256: sha, readingID: readingID, studentID: studentID,
                                                            engineVersion: ReadmasterEngine.version) {
                if force { replacing = existing } else { jobs[i].skippedAssessment = existing.uuidString.lowercased() }
            }
            jobs[i].save = .init(studentID: studentID, readingID: readingID, sha256: sha, replacing: replacing)
        }
    }

    deinit { connection.close() }

    /// Stores the outcome; returns it with `assessment_id` added, or as a failure when
    /// the write failed.
    func save(_ outcome: AnalyzeOutcome, job: AnalyzeJob) -> AnalyzeOutcome {
        guard let target = job.save else { return outcome }
        do {
            switch outcome {
            case let .ok(json, result, elapsed):
                let id = try records.saveCompleted(studentID: target.studentID, readingID: target.readingID, audioPath: job.file,
                                                   sha256: target.sha256 ?? "", result: ResultSaver.newResult(json, result),
                                                   actor: actor, replacing: target.replacing)
                return .ok(ResultSaver.adding(id, to: json), result, elapsed: elapsed)
            case let .failed(json, code, message):
                let id = try records.saveFailed(studentID: target.studentID, readingID: target.readingID, audioPath: job.file,
                                                sha256: target.sha256, message: message, actor: actor)
                return .failed(ResultSaver.adding(id, to: json), code: code, message: message)
            case .skipped:
                return outcome
            }
        } catch {
            let message = "analysed, but not saved: \(error)"
            return .failed(ReportJSON.error(file: job.file, code: "save_failed", message: message), code: "save_failed", message: message)
        }
    }

    static func adding(_ id: UUID, to json: JSONValue) -> JSONValue {
        guard case var .object(members) = json else { return json }
        members.append(("assessment_id", .string(id.uuidString.lowercased())))
        return .object(members)
    }

    static func newResult(_ json: JSONValue, _ r: AnalysisResult) -> NewResult {
        NewResult(report: json, engineVersion: ReadmasterEngine.version, transcript: r.heardText, durationSeconds: r.duration,
                  words: r.words.map { ResultWord(index: $0.index, expected: $0.expected, status: $0.status, heard: $0.heard, start: $0.start, end: $0.end, score: $0.score) })
    }
}
