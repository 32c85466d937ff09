import Foundation

public struct ReadingRow: Sendable {
    public let id: UUID
    public let title: String
    public let content: String
    public let language: String
    public let genre: String?
    public let ageCategory: String?
    public let difficulty: String?
    public let gradeLevel: Int?
    public let wordCount: Int
    public let readabilityGrade: Double?
    public let createdAt: Date
}

public struct NewReading: Sendable {
    public var title: String
    public var content: String
    public var language: String
    public var genre: String?
    public var ageCategory: String?
    public var difficulty: String?
    public var gradeLevel: Int?
    public var wordCount: Int
    public var readabilityGrade: Double?

    public init(title: String, content: String, language: String, genre: String?, ageCategory: String?, difficulty: String?,
                gradeLevel: Int?, wordCount: Int, readabilityGrade: Double?) {
        (self.title, self.content, self.language, self.genre, self.ageCategory) = (title, content, language, genre, ageCategory)
        (self.difficulty, self.gradeLevel, self.wordCount, self.readabilityGrade) = (difficulty, gradeLevel, wordCount, readabilityGrade)
    }
}

/// Queries about reading passages.
public struct ReadingRecords {
    public let connection: any Connection

    public init(_ connection: any Connection) { self.connection = connection }

    static let columns = "id, title, content, language, genre, age_category, difficulty, grade_level, word_count, readability_grade, created_at"

    static func row(_ r: Row) throws -> ReadingRow {
        ReadingRow(id: try r.uuid("id"), title: try r.string("title"), content: try r.string("content"), language: try r.string("language"),
                   genre: try r.optionalString("genre"), ageCategory: try r.optionalString("age_category"),
                   difficulty: try r.optionalString("difficulty"), gradeLevel: try r.optionalInt("grade_level").map(Int.init),
                   wordCount: Int(try r.int("word_count")), readabilityGrade: try r.optionalDouble("readability_grade"),
                   createdAt: try r.date("created_at"))
    }

    /// By id, or by title (case-insensitive) — all matches, since titles repeat across languages.
    public func find(_ key: String) throws -> [ReadingRow] {
        if let id = UUID(uuidString: key) {
            let rows = try connection.query("SELECT \(ReadingRecords.columns) FROM readings WHERE id = $1", [.uuid(id)])
            if !rows.isEmpty { return try rows.map(ReadingRecords.row) }
        }
        return try connection.query("SELECT \(ReadingRecords.columns) FROM readings WHERE lower(title) = lower($1) ORDER BY language",
                                    [.text(key)]).map(ReadingRecords.row)
    }

    public static let upsert = Upsert(
        table: "readings",
        columns: ["id", "title", "content", "language", "genre", "age_category", "difficulty", "grade_level", "word_count", "readability_grade", "added_by", "created_at", "updated_at"],
        conflict: "((lower(title)), language)",
        updates: ["title", "content", "genre", "age_category", "difficulty", "grade_level", "word_count", "readability_grade", "updated_at"])

    public static func values(_ r: NewReading, id: UUID = UUID(), addedBy: UUID?, now: Date) -> [SQLValue] {
        [.uuid(id), .text(r.title), .text(r.content), .text(r.language), r.genre.map(SQLValue.text) ?? .null,
         r.ageCategory.map(SQLValue.text) ?? .null, r.difficulty.map(SQLValue.text) ?? .null, r.gradeLevel.map { .int($0) } ?? .null,
         .int(r.wordCount), r.readabilityGrade.map(SQLValue.double) ?? .null, addedBy.map(SQLValue.uuid) ?? .null, .date(now), .date(now)]
    }

    public func create(_ r: NewReading, addedBy: UUID?) throws -> UUID {
        let id = UUID()
        let v = ReadingRecords.values(r, id: id, addedBy: addedBy, now: Date())
        try connection.execute("""
            INSERT INTO readings (id, title, content, language, genre, age_category, difficulty, grade_level, word_count, readability_grade, added_by, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """, v)
        return id
    }

    public func update(_ id: UUID, set changes: [ColumnChange]) throws {
        try connection.updateRow("readings", id: id, changes, allowed: ["title", "content", "language", "genre", "age_category", "difficulty", "grade_level", "word_count", "readability_grade"])
    }

    public func assessmentCount(_ id: UUID) throws -> Int {
        Int(try connection.queryOne("SELECT count(*) AS c FROM assessments WHERE reading_id = $1", [.uuid(id)])?.int("c") ?? 0)
    }

    /// Deletes a reading; with `cascade`, its assessments first (they would block it).
    public func delete(_ id: UUID, cascade: Bool) throws {
        if cascade { try connection.execute("DELETE FROM assessments WHERE reading_id = $1", [.uuid(id)]) }
        try connection.execute("DELETE FROM readings WHERE id = $1", [.uuid(id)])
    }

    public struct Filter: Sendable {
        public var language: String?
        public var difficulty: String?
        public var genre: String?
        public var grade: Int?
        public var search: String?
        public init(language: String? = nil, difficulty: String? = nil, genre: String? = nil, grade: Int? = nil, search: String? = nil) {
            self.language = language
            self.difficulty = difficulty
            self.genre = genre
            self.grade = grade
            self.search = search
        }
    }

    public func list(_ f: Filter, limit: Int) throws -> [ReadingRow] {
        var w = Filters()
        w.add(f.language.map(SQLValue.text)) { "language = \($0)" }
        w.add(f.difficulty.map(SQLValue.text)) { "difficulty = \($0)" }
        w.add(f.genre.map { .text($0.lowercased()) }) { "lower(genre) = \($0)" }
        w.add(f.grade.map(SQLValue.int)) { "grade_level = \($0)" }
        w.add(f.search.map { .text("%" + $0.lowercased() + "%") }) { "lower(title) LIKE \($0)" }
        let sql = "SELECT \(ReadingRecords.columns) FROM readings" + w.whereSQL + " ORDER BY title, language LIMIT \(w.bind(.int(limit)))"
        return try connection.query(sql, w.params).map(ReadingRecords.row)
    }
}
