import Foundation
import ReadmasterCore

/// The fields one kind of import understands, and which a record must have.
struct ImportSchema {
    let entity: String
    /// Field names as the validators read them.
    let fields: [String]
    /// Fields every record must give (a column must exist; each row needs a value).
    let required: [String]

    static let user = ImportSchema(entity: "user", fields: ["email", "role", "first_name", "last_name", "password", "grade_level",
                                                            "preferred_language", "timezone", "parent_email"],
                                   required: ["email", "role", "first_name", "last_name"])
    static let `class` = ImportSchema(entity: "class", fields: ["name", "grade_level", "teacher_email", "max_students", "school_name", "academic_year"],
                                      required: ["name"])
    static let reading = ImportSchema(entity: "reading", fields: ["title", "content", "text", "language", "genre", "age_category", "difficulty",
                                                                  "grade_level", "grade"], required: ["title"])
    static let quiz = ImportSchema(entity: "quiz question", fields: ["reading", "reading_id", "reading_title", "question", "question_text", "options",
                                                                     "correct", "correct_option_id", "explanation", "position"], required: [])
    static let enrollment = ImportSchema(entity: "enrollment", fields: ["class", "student", "move"], required: ["class", "student"])

    /// Case, spaces, hyphens and underscores do not matter: "First Name" is first_name.
    static func normalized(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { !" -_.\t".unicodeScalars.contains($0) }.map(Character.init))
    }
}

/// Turns an export's column names into the schema's: `--map 'E-mail Address=email'`
/// (or `--map-file`), else a name equal but for case, spaces, hyphens and underscores.
/// Other columns are ignored and reported once; `--strict` refuses them.
final class HeaderMapper {
    let schema: ImportSchema
    private var explicit: [String: String] = [:]
    private var cache: [String: String?] = [:]
    private(set) var ignored: [String] = []
    let strict: Bool

    init(schema: ImportSchema, maps: [String], mapFile: String?, strict: Bool) throws {
        self.schema = schema
        self.strict = strict
        var pairs = maps
        if let mapFile {
            guard let data = FileManager.default.contents(atPath: mapFile), let text = String(data: data, encoding: .utf8) else {
                throw CLIError.badInput("--map-file \(mapFile): cannot read it as UTF-8 text")
            }
            pairs += text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        for pair in pairs {
            guard let eq = pair.lastIndex(of: "="), eq != pair.startIndex else {
                throw CLIError.usage("--map \(quoted(pair)) is not COLUMN=FIELD (e.g. 'E-mail Address=email')")
            }
            let column = String(pair[..<eq]).trimmingCharacters(in: .whitespaces)
            let field = String(pair[pair.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            guard schema.fields.contains(field) else {
                var message = "--map \(quoted(pair)): \(quoted(field)) is not a field of a \(schema.entity) (fields: \(schema.fields.joined(separator: ", ")))"
                if let s = Suggest.closest(to: field, in: schema.fields) { message += "; did you mean \(s)?" }
                throw CLIError.usage(message)
            }
            explicit[ImportSchema.normalized(column)] = field
        }
    }

    /// The schema field a column feeds, or nil when it is ignored.
    func field(for column: String) -> String? {
        if let known = cache[column] { return known }
        let n = ImportSchema.normalized(column)
        let f = explicit[n] ?? schema.fields.first { ImportSchema.normalized($0) == n }
        cache[column] = f
        if f == nil, !column.isEmpty { ignored.append(column) }
        return f
    }

    /// The record with its fields under schema names. Two columns feeding one field is
    /// a guess which one counts: refused.
    func map(_ record: InputRecord) throws -> InputRecord {
        var fields: [String: String] = [:], kinds: [String: String] = [:], from: [String: String] = [:]
        for (column, value) in record.fields.sorted(by: { $0.key < $1.key }) {
            // A source's own notes (a Markdown file's front-matter problem) pass through.
            if column.hasPrefix("_") {
                fields[column] = value
                continue
            }
            guard let f = field(for: column) else {
                if strict { throw CLIError.badInput("\(record.file ?? "input"), line \(record.line): column \(quoted(column)) is not a field of a \(schema.entity) (--strict); nothing was written") }
                continue
            }
            if let other = from[f], other != column {
                throw CLIError.badInput("\(record.file ?? "input"), line \(record.line): columns \(quoted(other)) and \(quoted(column)) both feed \(f); map only one (--map)")
            }
            from[f] = column
            fields[f] = value
            if let k = record.kinds[column] { kinds[f] = k }
        }
        var mapped = InputRecord(line: record.line, fields: fields, raw: record.raw, file: record.file)
        mapped.kinds = kinds
        return mapped
    }

    /// What exports commonly call a field (normalized), for "did you mean": suggested,
    /// never applied unasked.
    static let synonyms: [String: [String]] = [
        "email": ["email", "mail"], "first_name": ["given", "forename", "first"], "last_name": ["surname", "family", "last"],
        "role": ["persontype", "usertype", "type", "role"], "grade_level": ["grade", "yearlevel"], "parent_email": ["guardian", "parent"],
        "teacher_email": ["teacher", "instructor", "staff"], "name": ["homeroom", "section", "classname", "course"],
        "class": ["homeroom", "section", "class", "course"], "student": ["studentemail", "email", "student"],
    ]

    static func likely(_ field: String, among columns: [String]) -> String? {
        for word in synonyms[field] ?? [] {
            if let c = columns.first(where: { ImportSchema.normalized($0).contains(word) }) { return c }
        }
        return Suggest.closest(to: field, in: columns)
    }

    /// A header without a column for a required field: one error naming what was found,
    /// what is expected, and the likeliest column to map.
    func checkHeader(_ columns: [String], source: String) throws {
        let mapped = Set(columns.compactMap { field(for: $0) })
        let missing = schema.required.filter { !mapped.contains($0) }
        if strict, let extra = columns.first(where: { field(for: $0) == nil && !$0.isEmpty }) {
            throw CLIError.badInput("\(source), line 1: column \(quoted(extra)) is not a field of a \(schema.entity) (--strict); nothing was written")
        }
        guard !missing.isEmpty else { return }
        var message = "\(source): the header has no column for \(missing.joined(separator: ", ")) (found: \(columns.joined(separator: ", ")); "
        message += "a \(schema.entity) needs \(schema.required.joined(separator: ", ")), and may have \(schema.fields.filter { !schema.required.contains($0) }.joined(separator: ", ")))"
        let unmatched = columns.filter { field(for: $0) == nil }
        for m in missing {
            if let guess = HeaderMapper.likely(m, among: unmatched) { message += "; did you mean --map '\(guess)=\(m)'?" }
        }
        throw CLIError.badInput(message + "; nothing was written")
    }
}
