import Foundation
import ReadmasterCore

/// The teacher review queue (seed 004): low-confidence results not yet corrected, and
/// corrections that keep the original values and replace the reported ones.
public struct ReviewRecords {
    public let connection: any Connection

    public init(_ connection: any Connection) { self.connection = connection }

    public struct Item: Sendable {
        public let assessmentID: UUID
        public let resultID: UUID
        public let studentEmail: String
        public let studentName: String
        public let readingTitle: String
        public let date: Date
        public let wcpm: Double?
        public let accuracy: Double?
        public let confidence: Double
    }

    /// Uncorrected results under the threshold that the viewer sees (nil: all), least
    /// confident first.
    public func queue(threshold: Double, visibleTo viewer: Viewer?, limit: Int) throws -> [Item] {
        var params: [SQLValue] = [.double(threshold)]
        var scope = ""
        if let viewer, let c = viewer.users("a.student_id", me: "$2") {
            params.append(.uuid(viewer.id))
            scope = "AND " + c
        }
        params.append(.int(limit))
        return try connection.query("""
            SELECT a.id AS assessment_id, r.id AS result_id, u.email, u.first_name, u.last_name, rd.title, a.assessment_date, r.wcpm, r.accuracy, r.confidence
            FROM assessment_results r JOIN assessments a ON a.id = r.assessment_id
            JOIN users u ON u.id = a.student_id JOIN readings rd ON rd.id = a.reading_id
            WHERE r.confidence < $1 AND NOT EXISTS (SELECT 1 FROM result_corrections c WHERE c.result_id = r.id) \(scope)
            ORDER BY r.confidence, a.assessment_date LIMIT $\(params.count)
            """, params).map {
            Item(assessmentID: try $0.uuid("assessment_id"), resultID: try $0.uuid("result_id"), studentEmail: try $0.string("email"),
                 studentName: "\(try $0.string("first_name")) \(try $0.string("last_name"))", readingTitle: try $0.string("title"), date: try $0.date("assessment_date"), wcpm: try $0.optionalDouble("wcpm"),
                 accuracy: try $0.optionalDouble("accuracy"), confidence: try $0.double("confidence"))
        }
    }

    public struct Correction: Sendable {
        public var wcpm: Double?
        public var wordStatuses: [Int: WordStatus]
        public var prosodyLevel: Int?
        public var note: String?

        public init(wcpm: Double?, wordStatuses: [Int: WordStatus], prosodyLevel: Int?, note: String?) {
            self.wcpm = wcpm
            self.wordStatuses = wordStatuses
            self.prosodyLevel = prosodyLevel
            self.note = note
        }
    }

    public enum CorrectionProblem: Error, CustomStringConvertible {
        case noResult
        case wordOutOfRange(Int, Int)

        public var description: String {
            switch self {
            case .noResult: return "the assessment has no result to correct"
            case let .wordOutOfRange(i, n): return "word \(i) is out of range (the passage has words 0 to \(n - 1))"
            }
        }
    }

    /// Applies a correction: word statuses change, accuracy and (unless given) WCPM are
    /// recomputed from them and the reading time, and the values before are kept in
    /// result_corrections. Returns the new (wcpm, accuracy).
    public func correct(assessment: UUID, by teacher: UUID?, _ c: Correction) throws -> (wcpm: Double, accuracy: Double) {
        guard let r = try connection.queryOne("SELECT id, wcpm, accuracy, analysis FROM assessment_results WHERE assessment_id = $1",
                                              [.uuid(assessment)]) else { throw CorrectionProblem.noResult }
        let resultID = try r.uuid("id")
        let words = try AssessmentRecords(connection).words(resultID: resultID)
        for (i, _) in c.wordStatuses where i < 0 || i >= words.count { throw CorrectionProblem.wordOutOfRange(i, words.count) }
        let oldWCPM = try r.optionalDouble("wcpm") ?? 0, oldAccuracy = try r.optionalDouble("accuracy") ?? 0
        var statuses = words.map(\.status)
        for (i, s) in c.wordStatuses { statuses[i] = s }
        let attempted = (statuses.lastIndex { $0 != .notAttempted && $0 != .omission } ?? -1) + 1
        let correct = statuses.prefix(attempted).filter { !$0.isError }.count
        let accuracy = attempted > 0 ? Double(correct) / Double(attempted) * 100 : 0
        let readingSeconds = try r.json("analysis").flatMap { try? JSONParser.parse($0)["reading_s"]?.number } ?? 0
        let wcpm = c.wcpm ?? (readingSeconds > 0 ? Double(correct) / readingSeconds * 60 : oldWCPM)
        // What was and what is, for the correction's history.
        let indices = c.wordStatuses.keys.sorted()
        func record(wcpm: Double, accuracy: Double, _ word: (Int) -> String) -> String {
            JSONValue.object([("wcpm", .double(wcpm)), ("accuracy", .double(accuracy)),
                              ("words", .object(indices.map { (String($0), .string(word($0))) }))]).serialized()
        }
        let original = record(wcpm: oldWCPM, accuracy: oldAccuracy) { words[$0].status.rawValue }
        let corrected = record(wcpm: wcpm, accuracy: accuracy) { "\(words[$0].status.rawValue)→\(c.wordStatuses[$0]!.rawValue)" }
        for (i, s) in c.wordStatuses {
            try connection.execute("UPDATE result_words SET status = $3 WHERE result_id = $1 AND word_index = $2", [.uuid(resultID), .int(i), .text(s.rawValue)])
        }
        try connection.execute("UPDATE assessment_results SET wcpm = $2, accuracy = $3 WHERE id = $1", [.uuid(resultID), .double(wcpm), .double(accuracy)])
        try connection.execute("""
            INSERT INTO result_corrections (id, result_id, teacher_id, original, corrected, wcpm, prosody_level, note, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, [.uuid(UUID()), .uuid(resultID), teacher.map(SQLValue.uuid) ?? .null, .json(original), .json(corrected), .double(wcpm),
                  c.prosodyLevel.map { .int($0) } ?? .null, c.note.map(SQLValue.text) ?? .null, .date(Date())])
        return (wcpm, accuracy)
    }

    /// A teacher's correction of a result, oldest first: who, when, why, and the
    /// engine's status of each word it changed (from the stored original).
    public struct StoredCorrection: Sendable {
        public let by: String?
        public let at: Date
        public let note: String?
        public let originalStatuses: [Int: WordStatus]
    }

    public func corrections(resultID: UUID) throws -> [StoredCorrection] {
        try connection.query("""
            SELECT u.email, c.created_at, c.note, c.original FROM result_corrections c LEFT JOIN users u ON u.id = c.teacher_id
            WHERE c.result_id = $1 ORDER BY c.created_at
            """, [.uuid(resultID)]).map { r in
            var original: [Int: WordStatus] = [:]
            if let text = try r.json("original"), case let .object(members)? = (try? JSONParser.parse(text))?["words"] {
                for (k, v) in members { if let i = Int(k), case let .string(s) = v, let status = WordStatus(rawValue: s) { original[i] = status } }
            }
            return StoredCorrection(by: try r.optionalString("email"), at: try r.date("created_at"), note: try r.optionalString("note"),
                                    originalStatuses: original)
        }
    }
}
