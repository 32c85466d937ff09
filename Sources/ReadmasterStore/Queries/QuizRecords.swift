import Foundation

public struct QuizQuestionRow: Sendable {
    public let id: UUID
    public let readingID: UUID
    public let readingTitle: String
    public let position: Int
    public let question: String
    /// `[{"id": "a", "text": "…"}, …]`
    public let optionsJSON: String
    public let correctOptionID: String
    public let explanation: String?
}

/// Queries about comprehension questions and students' answers.
public struct QuizRecords {
    public let connection: any Connection

    public init(_ connection: any Connection) { self.connection = connection }

    static let select = """
        SELECT q.id, q.reading_id, r.title, q.position, q.question_text, q.options, q.correct_option_id, q.explanation
        FROM quiz_questions q JOIN readings r ON r.id = q.reading_id
        """

    static func row(_ r: Row) throws -> QuizQuestionRow {
        QuizQuestionRow(id: try r.uuid("id"), readingID: try r.uuid("reading_id"), readingTitle: try r.string("title"),
                        position: Int(try r.int("position")), question: try r.string("question_text"), optionsJSON: try r.json("options") ?? "[]",
                        correctOptionID: try r.string("correct_option_id"), explanation: try r.optionalString("explanation"))
    }

    public func questions(reading: UUID) throws -> [QuizQuestionRow] {
        try connection.query(QuizRecords.select + " WHERE q.reading_id = $1 ORDER BY q.position, q.created_at", [.uuid(reading)]).map(QuizRecords.row)
    }

    public func all() throws -> [QuizQuestionRow] {
        try connection.query(QuizRecords.select + " ORDER BY r.title, q.position, q.created_at", []).map(QuizRecords.row)
    }

    public func find(_ id: UUID) throws -> QuizQuestionRow? {
        try connection.queryOne(QuizRecords.select + " WHERE q.id = $1", [.uuid(id)]).map(QuizRecords.row)
    }

    /// Adds a question; its position is after the reading's last one unless given.
    public func add(reading: UUID, question: String, optionsJSON: String, correct: String, explanation: String?, position: Int?,
                    addedBy: UUID?) throws -> UUID {
        let id = UUID()
        let pos = try position ?? Int(connection.queryOne("SELECT coalesce(max(position), 0) + 1 AS p FROM quiz_questions WHERE reading_id = $1",
                                                          [.uuid(reading)])?.int("p") ?? 1)
        try connection.execute("""
            INSERT INTO quiz_questions (id, reading_id, position, question_text, options, correct_option_id, explanation, added_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, [.uuid(id), .uuid(reading), .int(pos), .text(question), .json(optionsJSON), .text(correct),
                  explanation.map(SQLValue.text) ?? .null, addedBy.map(SQLValue.uuid) ?? .null, .date(Date())])
        return id
    }

    /// Replaces the question with the same reading and text (imports are idempotent).
    public func upsert(reading: UUID, question: String, optionsJSON: String, correct: String, explanation: String?, position: Int?,
                       addedBy: UUID?) throws {
        if let existing = try connection.queryOne("SELECT id FROM quiz_questions WHERE reading_id = $1 AND question_text = $2",
                                                  [.uuid(reading), .text(question)]) {
            try connection.execute("UPDATE quiz_questions SET options = $2, correct_option_id = $3, explanation = $4 WHERE id = $1",
                                   [.uuid(try existing.uuid("id")), .json(optionsJSON), .text(correct), explanation.map(SQLValue.text) ?? .null])
        } else {
            _ = try add(reading: reading, question: question, optionsJSON: optionsJSON, correct: correct, explanation: explanation,
                        position: position, addedBy: addedBy)
        }
    }

    public func update(_ id: UUID, set changes: [ColumnChange]) throws {
        try connection.updateRow("quiz_questions", id: id, changes, allowed: ["question_text", "options", "correct_option_id", "explanation", "position"], touch: false)
    }

    public func delete(_ id: UUID) throws -> Bool { try connection.execute("DELETE FROM quiz_questions WHERE id = $1", [.uuid(id)]) > 0 }

    /// A second answer to a question: answers are final (otherwise the `correct` field
    /// would let a student try every option and learn the key) until a teacher resets them.
    public struct AlreadyAnswered: Error, Sendable {
        public let answeredAt: Date
    }

    /// When the student answered the question, if they have.
    public func answered(student: UUID, question: UUID) throws -> Date? {
        try connection.queryOne("SELECT answered_at FROM student_quiz_answers WHERE student_id = $1 AND question_id = $2 ORDER BY answered_at LIMIT 1",
                                [.uuid(student), .uuid(question)])?.date("answered_at")
    }

    /// Removes a student's answers to these questions so they can answer again; returns how many.
    public func reset(student: UUID, questions: [UUID]) throws -> Int {
        var n = 0
        for q in questions {
            n += try connection.execute("DELETE FROM student_quiz_answers WHERE student_id = $1 AND question_id = $2", [.uuid(student), .uuid(q)])
        }
        return n
    }

    /// Stores an answer, attached to the student's latest assessment of the reading
    /// when there is one. Throws `AlreadyAnswered` for a second answer.
    public func answer(student: UUID, question: QuizQuestionRow, selected: String) throws -> Bool {
        if let at = try answered(student: student, question: question.id) { throw AlreadyAnswered(answeredAt: at) }
        let correct = selected == question.correctOptionID
        let assessment = try connection.queryOne("""
            SELECT id FROM assessments WHERE student_id = $1 AND reading_id = $2 ORDER BY assessment_date DESC LIMIT 1
            """, [.uuid(student), .uuid(question.readingID)])?.uuid("id")
        try connection.execute("""
            INSERT INTO student_quiz_answers (id, assessment_id, question_id, student_id, selected_option_id, is_correct, answered_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, [.uuid(UUID()), assessment.map(SQLValue.uuid) ?? .null, .uuid(question.id), .uuid(student), .text(selected), .bool(correct), .date(Date())])
        return correct
    }

    /// Puts a comprehension score on the student's latest graded assessment of the reading.
    public func recordComprehension(student: UUID, reading: UUID, score: Double) throws -> Bool {
        try connection.execute("""
            UPDATE assessment_results SET comprehension = $3 WHERE assessment_id = (
                SELECT a.id FROM assessments a JOIN assessment_results r ON r.assessment_id = a.id
                WHERE a.student_id = $1 AND a.reading_id = $2 ORDER BY a.assessment_date DESC LIMIT 1)
            """, [.uuid(student), .uuid(reading), .double(score)]) > 0
    }
}
