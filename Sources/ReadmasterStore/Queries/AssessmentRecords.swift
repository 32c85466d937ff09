import Foundation
import ReadmasterCore

/// One passage word of a stored result (a `result_words` row): what `assess analyze
/// --save` writes and what the running record, the reading page and review read back.
public struct ResultWord: Sendable {
    public let index: Int
    public let expected: String
    public let status: WordStatus
    public let heard: String?
    public let start: Double?
    public let end: Double?
    public let score: Double?

    public init(index: Int, expected: String, status: WordStatus, heard: String?, start: Double?, end: Double?, score: Double?) {
        (self.index, self.expected, self.status, self.heard) = (index, expected, status, heard)
        (self.start, self.end, self.score) = (start, end, score)
    }
}

/// The report numbers `assessment_results` keeps a column of, for the queries that
/// sort and filter by them (migration 3). Each column holds the stored report's number
/// at `reportPath`, so a new column is a case here and the migration that adds it.
public enum ResultColumn: String, CaseIterable, Sendable {
    case wcpm, accuracy, fluency, prosody, pronunciation, overall, confidence

    /// Where the report (docs/CONTRACTS.md) holds the column's number.
    public var reportPath: [String] {
        switch self {
        case .wcpm: ["wcpm"]
        case .accuracy: ["accuracy_pct"]
        case .confidence: ["confidence"]
        case .fluency, .prosody, .pronunciation, .overall: ["scores", rawValue]
        }
    }
}

/// What `assess analyze --save` stores for one graded recording: the report, and what
/// the assessment row and the per-word rows keep beside it.
public struct NewResult: Sendable {
    /// The JSON report as `assess analyze` printed it.
    public var report: JSONValue
    public var engineVersion: String
    public var transcript: String
    public var durationSeconds: Double
    public var words: [ResultWord]

    public init(report: JSONValue, engineVersion: String, transcript: String, durationSeconds: Double, words: [ResultWord]) {
        (self.report, self.engineVersion, self.transcript, self.durationSeconds, self.words) = (report, engineVersion, transcript, durationSeconds, words)
    }

    /// The report's number behind a column (nil where the report has none, or null).
    public subscript(column: ResultColumn) -> Double? { report[column.reportPath]?.number }
}

/// One row of `assess list`.
public struct AssessmentSummary: Sendable {
    public let id: UUID
    public let date: Date
    public let studentEmail: String
    /// First and last name, as teachers know the student.
    public let studentName: String
    public let readingTitle: String
    public let status: String
    public let wcpm: Double?
    public let accuracy: Double?
    public let confidence: Double?
    public let resultID: UUID?
    public let studentID: UUID
    public let audioPath: String?
    public let errorMessage: String?
}

/// Queries behind `assess analyze --save`, `assess list|show|results|delete`.
public struct AssessmentRecords {
    public let connection: any Connection


    public init(_ connection: any Connection) { self.connection = connection }

    /// An assessment already graded from this audio, reading and engine version.
    public func existing(sha256: String, readingID: UUID, studentID: UUID, engineVersion: String) throws -> UUID? {
        try connection.queryOne("""
            SELECT a.id FROM assessments a JOIN assessment_results r ON r.assessment_id = a.id
            WHERE a.audio_sha256 = $1 AND a.reading_id = $2 AND a.student_id = $3 AND r.engine_version = $4
            ORDER BY a.created_at DESC LIMIT 1
            """, [.text(sha256), .uuid(readingID), .uuid(studentID), .text(engineVersion)])?.uuid("id")
    }

    /// Stores a completed assessment with its result and one row per passage word, in
    /// one transaction; `replacing` re-grades an existing assessment (its old result goes).
    @discardableResult
    public func saveCompleted(studentID: UUID, readingID: UUID, audioPath: String, sha256: String, result: NewResult,
                              actor: AuditActor, replacing: UUID? = nil) throws -> UUID {
        try connection.transaction {
            let assessmentID = replacing ?? UUID()
            let now = Date()
            if let replacing {
                try connection.execute("DELETE FROM assessment_results WHERE assessment_id = $1", [.uuid(replacing)])
                try connection.execute("""
                    UPDATE assessments SET status = 'completed', audio_path = $2, audio_duration_s = $3, transcript = $4,
                        error_message = NULL, updated_at = $5 WHERE id = $1
                    """, [.uuid(replacing), .text(audioPath), .double(result.durationSeconds), .text(result.transcript), .date(now)])
            } else {
                try connection.execute("""
                    INSERT INTO assessments (id, student_id, reading_id, status, audio_path, audio_sha256, audio_duration_s,
                        transcript, attempts, assessment_date, created_at, updated_at)
                    VALUES ($1, $2, $3, 'completed', $4, $5, $6, $7, 1, $8, $8, $8)
                    """, [.uuid(assessmentID), .uuid(studentID), .uuid(readingID), .text(audioPath), .text(sha256),
                          .double(result.durationSeconds), .text(result.transcript), .date(now)])
            }
            try insertResult(result, assessmentID: assessmentID, studentID: studentID, at: now, actor: actor, regrade: replacing != nil)
            return assessmentID
        }
    }

    /// The result row and one row per passage word for an assessment being completed, the
    /// XP a first grading earns, and the audit entry.
    func insertResult(_ result: NewResult, assessmentID: UUID, studentID: UUID, at now: Date, actor: AuditActor, regrade: Bool) throws {
        let resultID = UUID()
        try connection.bulkInsert(
            table: "assessment_results",
            columns: ["id", "assessment_id", "analysis", "engine_version", "created_at"] + ResultColumn.allCases.map(\.rawValue),
            rows: [[.uuid(resultID), .uuid(assessmentID), .json(result.report.serialized()), .text(result.engineVersion), .date(now)]
                + ResultColumn.allCases.map { opt(result[$0]) }])
        try connection.bulkInsert(
            table: "result_words", columns: ["result_id", "word_index", "expected", "status", "heard", "start_s", "end_s", "score"],
            rows: result.words.map { w in
                [.uuid(resultID), .int(w.index), .text(w.expected), .text(w.status.rawValue), w.heard.map(SQLValue.text) ?? .null,
                 opt(w.start), opt(w.end), opt(w.score)]
            })
        if !regrade, let wcpm = result[.wcpm] {
            try Gamification(connection).recordReading(student: studentID, at: now, wcpm: wcpm, seconds: result.durationSeconds)
        }
        try Audit.record(connection, actor: actor, action: regrade ? "assessment.regrade" : "assessment.create",
                         entityType: "assessment", entityID: assessmentID.uuidString.lowercased(),
                         details: JSONValue.object([("engine_version", .string(result.engineVersion))]).serialized())
    }

    /// Stores a recording that could not be graded, with its reason.
    @discardableResult
    public func saveFailed(studentID: UUID, readingID: UUID, audioPath: String, sha256: String?, message: String,
                           actor: AuditActor) throws -> UUID {
        try connection.transaction {
            let now = Date()
            // The same recording failing again (a batch run twice) updates its error
            // record instead of adding another.
            let same = sha256 == nil ? "audio_sha256 IS NULL AND audio_path = $3" : "audio_sha256 = $3"
            if let earlier = try connection.queryOne("""
                SELECT id FROM assessments WHERE student_id = $1 AND reading_id = $2 AND status = 'error' AND \(same)
                ORDER BY created_at DESC LIMIT 1
                """, [.uuid(studentID), .uuid(readingID), .text(sha256 ?? audioPath)])?.uuid("id") {
                try connection.execute("UPDATE assessments SET error_message = $2, attempts = attempts + 1, updated_at = $3 WHERE id = $1",
                                       [.uuid(earlier), .text(message), .date(now)])
                return earlier
            }
            let id = UUID()
            try connection.execute("""
                INSERT INTO assessments (id, student_id, reading_id, status, audio_path, audio_sha256, error_message, attempts,
                    assessment_date, created_at, updated_at)
                VALUES ($1, $2, $3, 'error', $4, $5, $6, 1, $7, $7, $7)
                """, [.uuid(id), .uuid(studentID), .uuid(readingID), .text(audioPath), sha256.map(SQLValue.text) ?? .null,
                      .text(message), .date(now)])
            try Audit.record(connection, actor: actor, action: "assessment.error", entityType: "assessment",
                             entityID: id.uuidString.lowercased(), details: nil)
            return id
        }
    }

    static let summarySelect = """
        SELECT a.id, a.assessment_date, u.email, u.first_name, u.last_name, rd.title, a.status, r.wcpm, r.accuracy, r.confidence, r.id AS result_id,
               a.student_id, a.audio_path, a.error_message
        FROM assessments a
        JOIN users u ON u.id = a.student_id
        JOIN readings rd ON rd.id = a.reading_id
        LEFT JOIN assessment_results r ON r.assessment_id = a.id
        """

    public func list(studentID: UUID?, readingID: UUID?, status: String?, limit: Int,
                     visibleTo viewer: Viewer? = nil) throws -> [AssessmentSummary] {
        var f = Filters()
        f.restrict(to: viewer) { $0.users("a.student_id", me: $1) }
        f.add(studentID.map(SQLValue.uuid)) { "a.student_id = \($0)" }
        f.add(readingID.map(SQLValue.uuid)) { "a.reading_id = \($0)" }
        f.add(status.map(SQLValue.text)) { "a.status = \($0)" }
        let sql = AssessmentRecords.summarySelect + f.whereSQL + " ORDER BY a.assessment_date DESC, a.id LIMIT \(f.bind(.int(limit)))"
        return try connection.query(sql, f.params).map(summary)
    }

    /// The passage an assessment was read against: (id, title, content).
    public func reading(of assessment: UUID) throws -> (id: UUID, title: String, content: String)? {
        guard let r = try connection.queryOne("""
            SELECT rd.id, rd.title, rd.content FROM assessments a JOIN readings rd ON rd.id = a.reading_id WHERE a.id = $1
            """, [.uuid(assessment)]) else { return nil }
        return (try r.uuid("id"), try r.string("title"), try r.string("content"))
    }

    /// Up to `limit` assessment ids that start with `prefix` (lowercase hex and hyphens).
    public func ids(prefix: String, limit: Int) throws -> [UUID] {
        try connection.query("SELECT id FROM assessments WHERE lower(CAST(id AS TEXT)) LIKE $1 ORDER BY id LIMIT $2",
                             [.text(prefix + "%"), .int(limit)]).map { try $0.uuid("id") }
    }

    public func get(_ id: UUID) throws -> AssessmentSummary? {
        try connection.queryOne(AssessmentRecords.summarySelect + " WHERE a.id = $1", [.uuid(id)]).map(summary)
    }

    public func analysisJSON(resultID: UUID) throws -> String? {
        try connection.queryOne("SELECT analysis FROM assessment_results WHERE id = $1", [.uuid(resultID)])?.json("analysis")
    }

    public func words(resultID: UUID) throws -> [ResultWord] {
        try connection.query("""
            SELECT word_index, expected, status, heard, start_s, end_s, score FROM result_words
            WHERE result_id = $1 ORDER BY word_index
            """, [.uuid(resultID)]).map { r in
            ResultWord(index: Int(try r.int("word_index")), expected: try r.string("expected"), status: try r.value("status", as: WordStatus.self),
                           heard: try r.optionalString("heard"), start: try r.optionalDouble("start_s"),
                           end: try r.optionalDouble("end_s"), score: try r.optionalDouble("score"))
        }
    }

    /// Deletes an assessment and everything that hangs off it; false when there was none.
    public func delete(_ id: UUID, actor: AuditActor) throws -> Bool {
        try connection.transaction {
            let n = try connection.execute("DELETE FROM assessments WHERE id = $1", [.uuid(id)])
            if n > 0 {
                try Audit.record(connection, actor: actor, action: "assessment.delete", entityType: "assessment",
                                 entityID: id.uuidString.lowercased(), details: nil)
            }
            return n > 0
        }
    }

    private func summary(_ r: Row) throws -> AssessmentSummary {
        AssessmentSummary(id: try r.uuid("id"), date: try r.date("assessment_date"), studentEmail: try r.string("email"),
                          studentName: "\(try r.string("first_name")) \(try r.string("last_name"))",
                          readingTitle: try r.string("title"), status: try r.string("status"), wcpm: try r.optionalDouble("wcpm"),
                          accuracy: try r.optionalDouble("accuracy"), confidence: try r.optionalDouble("confidence"),
                          resultID: try r.optionalUUID("result_id"), studentID: try r.uuid("student_id"), audioPath: try r.optionalString("audio_path"),
                          errorMessage: try r.optionalString("error_message"))
    }

    func opt(_ d: Double?) -> SQLValue { d.map(SQLValue.double) ?? .null }
}
