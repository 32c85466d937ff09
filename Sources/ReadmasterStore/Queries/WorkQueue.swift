import Foundation

/// A recording waiting to be graded, as `assess worker` claims it.
public struct QueuedJob: Sendable {
    public let id: UUID
    public let studentID: UUID
    public let readingID: UUID
    public let readingTitle: String
    public let passage: String
    public let audioPath: String
    /// Claims so far, this one included.
    public let attempts: Int
    /// The recording is stored in the database (`WorkQueue.audio(of:)`), not only at `audioPath`.
    public let storedAudio: Bool
}

/// The assessments table as a work queue (`assess analyze --enqueue`, `assess worker`):
/// a job is an assessment in `pending_audio`; a worker claims it for a lease (status
/// `processing`, `lease_owner`, `lease_until`, one more attempt), then completes it, marks
/// it `error` (the recording cannot be graded), or gives it back for a retry. A job whose
/// lease ran out (its worker died) is claimed again; one that has used every attempt is
/// `dead`. On PostgreSQL, workers on any number of machines skip each other's rows
/// (`FOR UPDATE SKIP LOCKED`); on SQLite the write lock serialises claims.
public struct WorkQueue {
    public let connection: any Connection

    public init(_ connection: any Connection) { self.connection = connection }

    /// Adds a job; `audioPath` should be absolute, since a worker may run elsewhere.
    /// With `audio`, the recording itself is stored too, for workers that cannot see the file.
    @discardableResult
    public func enqueue(studentID: UUID, readingID: UUID, audioPath: String, sha256: String, audio: [UInt8]? = nil,
                        actor: AuditActor) throws -> UUID {
        try connection.transaction {
            let id = UUID()
            let now = Date()
            try connection.execute("""
                INSERT INTO assessments (id, student_id, reading_id, status, audio_path, audio_sha256, attempts,
                    assessment_date, created_at, updated_at)
                VALUES ($1, $2, $3, 'pending_audio', $4, $5, 0, $6, $6, $6)
                """, [.uuid(id), .uuid(studentID), .uuid(readingID), .text(audioPath), .text(sha256), .date(now)])
            if let audio {
                try connection.execute("INSERT INTO assessment_audio (assessment_id, file_name, data, created_at) VALUES ($1, $2, $3, $4)",
                                       [.uuid(id), .text(URL(fileURLWithPath: audioPath).lastPathComponent), .bytes(audio), .date(now)])
            }
            try Audit.record(connection, actor: actor, action: "assessment.enqueue", entityType: "assessment",
                             entityID: id.uuidString.lowercased(), details: nil)
            return id
        }
    }

    /// An unfinished job for the same audio, reading and student.
    public func pending(sha256: String, readingID: UUID, studentID: UUID) throws -> UUID? {
        try connection.queryOne("""
            SELECT id FROM assessments
            WHERE audio_sha256 = $1 AND reading_id = $2 AND student_id = $3 AND status IN ('pending_audio', 'processing')
            ORDER BY created_at LIMIT 1
            """, [.text(sha256), .uuid(readingID), .uuid(studentID)])?.uuid("id")
    }

    /// Claims the oldest job that is waiting or whose lease has run out, for `lease`
    /// seconds (renewed while it is graded); nil when there is none. Jobs whose lease
    /// ran out on their last attempt are marked dead first.
    public func claim(owner: String, lease: TimeInterval, maxAttempts: Int, now: Date = Date()) throws -> QueuedJob? {
        try connection.transaction(immediate: true) {
            try connection.execute("""
                UPDATE assessments SET status = 'dead', lease_owner = NULL, lease_until = NULL, updated_at = $1,
                    error_message = COALESCE(error_message, 'the worker stopped before finishing, on every attempt')
                WHERE status = 'processing' AND lease_until < $1 AND attempts >= $2
                """, [.date(now), .int(maxAttempts)])
            let lock = connection.dialect == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
            guard let row = try connection.queryOne("""
                SELECT id FROM assessments
                WHERE status = 'pending_audio' OR (status = 'processing' AND lease_until < $1)
                ORDER BY created_at, id LIMIT 1 \(lock)
                """, [.date(now)]) else { return nil }
            let id = try row.uuid("id")
            try connection.execute("""
                UPDATE assessments SET status = 'processing', lease_owner = $2, lease_until = $3, attempts = attempts + 1,
                    updated_at = $4 WHERE id = $1
                """, [.uuid(id), .text(owner), .date(now.addingTimeInterval(lease)), .date(now)])
            guard let job = try connection.queryOne("""
                SELECT a.id, a.student_id, a.reading_id, r.title, r.content, a.audio_path, a.attempts,
                    EXISTS (SELECT 1 FROM assessment_audio s WHERE s.assessment_id = a.id) AS stored
                FROM assessments a JOIN readings r ON r.id = a.reading_id WHERE a.id = $1
                """, [.uuid(id)]) else { return nil }
            return QueuedJob(id: id, studentID: try job.uuid("student_id"), readingID: try job.uuid("reading_id"),
                             readingTitle: try job.string("title"), passage: try job.string("content"),
                             audioPath: try job.optionalString("audio_path") ?? "", attempts: Int(try job.int("attempts")),
                             storedAudio: try job.bool("stored"))
        }
    }

    /// The recording stored with a job (its file name and bytes), nil when only its path was.
    public func audio(of jobID: UUID) throws -> (fileName: String, data: [UInt8])? {
        guard let row = try connection.queryOne("SELECT file_name, data FROM assessment_audio WHERE assessment_id = $1", [.uuid(jobID)])
        else { return nil }
        return (try row.string("file_name"), try row.bytes("data"))
    }

    /// Extends the lease of a job this worker still holds, to `lease` seconds from now.
    /// False when the lease was lost (another worker has the job now).
    public func renew(_ job: QueuedJob, owner: String, lease: TimeInterval, now: Date = Date()) throws -> Bool {
        try connection.execute("""
            UPDATE assessments SET lease_until = $3, updated_at = $4
            WHERE id = $1 AND status = 'processing' AND lease_owner = $2
            """, [.uuid(job.id), .text(owner), .date(now.addingTimeInterval(lease)), .date(now)]) == 1
    }

    /// Stores the result of a claimed job. False (and nothing written) when the lease
    /// was lost: another worker has the job now.
    public func complete(_ job: QueuedJob, owner: String, result: NewResult, actor: AuditActor) throws -> Bool {
        try connection.transaction(immediate: true) {
            let now = Date()
            // Conditional on the lease, in one statement: the row lock decides any race.
            guard try connection.execute("""
                UPDATE assessments SET status = 'completed', audio_duration_s = $2, transcript = $3, error_message = NULL,
                    lease_owner = NULL, lease_until = NULL, updated_at = $4
                WHERE id = $1 AND status = 'processing' AND lease_owner = $5
                """, [.uuid(job.id), .double(result.durationSeconds), .text(result.transcript), .date(now), .text(owner)]) == 1
            else { return false }
            try AssessmentRecords(connection).insertResult(result, assessmentID: job.id, studentID: job.studentID, at: now,
                                                           actor: actor, regrade: false)
            return true
        }
    }

    /// Records a failed attempt. `final`: the recording itself cannot be graded (status
    /// `error`); otherwise the job waits for another attempt, or is `dead` after the
    /// last. Returns the status it was left in, nil when the lease was lost.
    public func fail(_ job: QueuedJob, owner: String, message: String, final: Bool, maxAttempts: Int) throws -> String? {
        try connection.transaction(immediate: true) {
            let status = final ? "error" : job.attempts >= maxAttempts ? "dead" : "pending_audio"
            let changed = try connection.execute("""
                UPDATE assessments SET status = $2, error_message = $3, lease_owner = NULL, lease_until = NULL, updated_at = $4
                WHERE id = $1 AND status = 'processing' AND lease_owner = $5
                """, [.uuid(job.id), .text(status), .text(message), .date(Date()), .text(owner)])
            return changed == 1 ? status : nil
        }
    }
}
