import Foundation
import ReadmasterCore
import ReadmasterStore

/// `readmaster reading …`: the passages students read.
enum ReadingCommand {
    static let difficulties = ["easy", "medium", "hard"]

    static let metadataOptions: [OptionSpec] = [
        OptionSpec(.language, value: "CODE", help: "language of the passage (default en)"),
        OptionSpec(.genre, value: "GENRE", help: "e.g. fiction, science"),
        OptionSpec(.ageCategory, value: "AGES", help: "e.g. 8-10"),
        OptionSpec(.difficulty, value: "LEVEL", help: "difficulty", choices: difficulties),
        OptionSpec(.grade, value: "N", help: "grade level 0-12"),
    ]

    static let spec = CommandSpec(
        "reading", summary: "add, list, import and export reading passages",
        subcommands: [
            CommandSpec("create", summary: "add a passage (word count and Flesch–Kincaid grade are computed)",
                        options: [OptionSpec(.title, value: "TITLE", help: "the title (unique per language)"),
                                  OptionSpec(.text, value: "FILE", help: "the passage text, or a Markdown file with front matter; - for stdin", completes: .file)]
                            + metadataOptions,
                        examples: ["readmaster reading create --title \"Maya and the Map\" --text maya.txt --difficulty easy --grade 3"],
                        handler: create),
            CommandSpec("list", summary: "list passages",
                        options: [OptionSpec(.language, value: "CODE", help: "only this language"),
                                  OptionSpec(.difficulty, value: "LEVEL", help: "only this difficulty", choices: difficulties),
                                  OptionSpec(.genre, value: "GENRE", help: "only this genre"),
                                  OptionSpec(.grade, value: "N", help: "only this grade"),
                                  OptionSpec(.search, value: "TEXT", help: "titles containing TEXT"),
                                  .listLimit],
                        handler: list),
            CommandSpec("show", summary: "show a passage and its text", arguments: [.reading], handler: show),
            CommandSpec("update", summary: "change a passage",
                        arguments: [.reading],
                        options: [OptionSpec(.title, value: "TITLE", help: "new title"),
                                  OptionSpec(.text, value: "FILE", help: "new text; - for stdin", completes: .file)] + metadataOptions,
                        handler: update),
            CommandSpec("delete", summary: "delete a passage (refused when it has assessments, unless --with-assessments)",
                        arguments: [.reading], options: [OptionSpec(.withAssessments, help: "also delete its assessments"),
                                                           OptionSpec(.force, help: "old spelling of --with-assessments")], handler: delete),
            ImportRunner<ReadingInput>.command(
                summary: "add or update passages from Markdown files, a folder of them, or CSV/TSV/JSON/NDJSON",
                discussion: "Markdown files take a front-matter block (title, language, genre, age_category, difficulty, grade_level). Tabular files take the columns title, content, and those. Upsert by title + language.",
                folders: true, examples: ["readmaster reading import examples/passages/"], handler: importReadings),
            CommandSpec("export", summary: "write passages as JSON, NDJSON, CSV or TSV (re-importable)",
                        options: [OptionSpec(.language, value: "CODE", help: "only this language")], handler: export),
        ])

    static func record(_ r: ReadingRow, text: Bool) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = [
            ("id", .string(r.id.uuidString.lowercased())), ("title", .string(r.title)), ("language", .string(r.language)),
            ("genre", r.genre.map(JSONValue.string) ?? .null), ("age_category", r.ageCategory.map(JSONValue.string) ?? .null),
            ("difficulty", r.difficulty.map(JSONValue.string) ?? .null), ("grade_level", r.gradeLevel.map { .int(Int64($0)) } ?? .null),
            ("word_count", .int(Int64(r.wordCount))), ("readability_grade", r.readabilityGrade.map(JSONValue.double) ?? .null),
        ]
        if text { out.append(("content", .string(r.content))) }
        return out
    }

    /// Reads --text: plain text, or Markdown with front matter (whose fields fill in
    /// what the options did not give).
    static func textInput(_ inv: Invocation) throws -> (body: String, fields: [String: String])? {
        guard let path = inv.value(.text) else { return nil }
        let raw = try AnalyzeCommand.readText(path)
        do {
            let doc = try FrontMatter.parse(raw)
            return (doc.body, doc.fields)
        } catch let e as FrontMatter.ParseError {
            throw CLIError.badInput("\(path): \(e)")
        }
    }

    static func create(_ inv: Invocation) throws -> Int32 {
        guard let (body, front) = try textInput(inv) else { throw CLIError.usage("reading create: give the text with --text FILE (or - for stdin)") }
        var fields = front
        fields["content"] = body
        for (o, f) in [(OptionName.title, "title"), (.language, "language"), (.genre, "genre"), (.ageCategory, "age_category"),
                       (.difficulty, "difficulty"), (.grade, "grade_level")] {
            if let v = inv.value(o) { fields[f] = v }
        }
        let input: ReadingInput
        do { input = try ReadingInput.validate(fields) } catch let p as FieldProblem {
            throw CLIError.badInput("reading create: \(p.field) \(p.message)")
        }
        return try inv.withSession(requiring: .writeReading, "may not add readings") { conn, acting in
            let readings = ReadingRecords(conn)
            let id: UUID = try conn.transaction {
                if try readings.find(input.value.title).contains(where: { $0.language == input.value.language }) {
                    throw CLIError.badInput("a reading titled \(quoted(input.value.title)) in \(input.value.language) already exists (use reading update or reading import)")
                }
                let id = try readings.create(input.value, addedBy: acting.user?.id)
                try Audit.record(conn, actor: acting.auditActor, action: "reading.create", entityType: "reading", entityID: id.uuidString.lowercased(), details: nil)
                return id
            }
            inv.emit(record: record(try load(id.uuidString, readings), text: false))
            return ExitCodes.ok
        }
    }

    static func list(_ inv: Invocation) throws -> Int32 {
        return try inv.withDatabase { conn in
            try Acting.resolve(inv, conn).require(.readReading, "may not read readings")
            let rows = try inv.shown(try ReadingRecords(conn).list(.init(language: inv.value(.language), difficulty: inv.value(.difficulty), genre: inv.value(.genre),
                                                                         grade: try inv.int(.grade, in: 0...12), search: inv.value(.search)),
                                                                   limit: try inv.listLimit()))
            var t = Table(columns: [.init("id"), .init("title"), .init("language"), .init("difficulty"), .init("grade_level", numeric: true),
                                    .init("word_count", numeric: true), .init("readability_grade", numeric: true), .init("genre")])
            t.rows = rows.map { r in
                [.string(r.id.uuidString.lowercased()), .string(r.title), .string(r.language), r.difficulty.map(JSONValue.string) ?? .null,
                 r.gradeLevel.map { .int(Int64($0)) } ?? .null, .int(Int64(r.wordCount)), r.readabilityGrade.map(JSONValue.double) ?? .null,
                 r.genre.map(JSONValue.string) ?? .null]
            }
            inv.emit(t)
            return ExitCodes.ok
        }
    }

    static func show(_ inv: Invocation) throws -> Int32 {
        return try inv.withDatabase { conn in
            try Acting.resolve(inv, conn).require(.readReading, "may not read readings")
            inv.emit(record: record(try load(inv.arguments[0], ReadingRecords(conn)), text: true))
            return ExitCodes.ok
        }
    }

    static func update(_ inv: Invocation) throws -> Int32 {
        return try inv.withRecord(.writeReading, refusal: "may not change readings", ReadingRecords.init, load: load) { conn, acting, readings, r in
            var changes: [(column: String, value: SQLValue)] = []
            if let (body, _) = try textInput(inv) {
                guard WordTokenizer.count(body) > 0 else { throw CLIError.badInput("\(inv.value(.text)!): the passage has no words") }
                changes += [("content", .text(body)), ("word_count", .int(WordTokenizer.count(body))),
                            ("readability_grade", Readability.gradeLevel(body).map(SQLValue.double) ?? .null)]
            }
            if let v = inv.value(.title) { changes.append(("title", .text(v))) }
            if let v = inv.value(.language) { changes.append(("language", .text(v))) }
            if let v = inv.value(.genre) { changes.append(("genre", .text(v))) }
            if let v = inv.value(.ageCategory) { changes.append(("age_category", .text(v))) }
            if let v = inv.value(.difficulty) { changes.append(("difficulty", .text(v))) }
            if let g = try inv.int(.grade, in: 0...12) { changes.append(("grade_level", .int(g))) }
            return try RecordUpdate.finish(inv, conn, acting, command: "reading", id: r.id, changes: changes,
                                           write: { try readings.update(r.id, set: changes) }, reread: { record(try load(r.id.uuidString, readings), text: false) })
        }
    }

    static func delete(_ inv: Invocation) throws -> Int32 {
        return try inv.withRecord(.writeReading, refusal: "may not delete readings", ReadingRecords.init, load: load) { conn, acting, readings, r in
            let n = try readings.assessmentCount(r.id)
            if n > 0, !inv.flag(.withAssessments, formerly: .force) {
                throw CLIError.badInput("\(quoted(r.title)) has \(n) assessment\(n == 1 ? "" : "s"); use --with-assessments to delete them with it")
            }
            try acting.audited(conn, "reading.delete", "reading", r.id, details: JSONValue.object([("title", .string(r.title)), ("assessments", .int(Int64(n)))]).serialized()) {
                try readings.delete(r.id, cascade: n > 0)
            }
            inv.note("deleted \(quoted(r.title))" + (n > 0 ? " and its \(n) assessment\(n == 1 ? "" : "s")" : ""))
            return ExitCodes.ok
        }
    }

    static func importReadings(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession(requiring: .writeReading, "may not import readings") { conn, acting in
            var runner = ImportRunner<ReadingInput>(
                schema: .reading, inv: inv, connection: conn,
                validate: { try ReadingInput.validate($0.fields) },
                write: { batch in
                    let now = Date()
                    try ReadingRecords.upsert.run(batch.map { ReadingRecords.values($0.value, addedBy: acting.user?.id, now: now) }, on: conn)
                })
            runner.batchSize = 500
            runner.finish = { written in
                try Audit.record(conn, actor: acting.auditActor, action: "reading.import", entityType: "reading", entityID: nil,
                                 details: JSONValue.object([("records", .int(Int64(written)))]).serialized())
            }
            let path = inv.arguments[0]
            if MarkdownSource.applies(to: path) { return try runner.run(source: try MarkdownSource(path: path)) }
            return try runner.run(path: path)
        }
    }

    static func export(_ inv: Invocation) throws -> Int32 {
        return try inv.withDatabase { conn in
            try Acting.resolve(inv, conn).require(.readReading, "may not read readings")
            let rows = try ReadingRecords(conn).list(.init(language: inv.value(.language)), limit: Int.max / 2)
            var t = Table(columns: ["title", "language", "genre", "age_category", "difficulty", "grade_level", "content"].map { Table.Column($0) })
            t.rows = rows.map { r in
                [.string(r.title), .string(r.language), r.genre.map(JSONValue.string) ?? .null, r.ageCategory.map(JSONValue.string) ?? .null,
                 r.difficulty.map(JSONValue.string) ?? .null, r.gradeLevel.map { .int(Int64($0)) } ?? .null, .string(r.content)]
            }
            let format = inv.globals.format ?? .json
            inv.out.write(Renderer(format: format == .table ? .json : format, color: false, width: nil, neutraliseFormulas: !inv.globals.rawCSV).render(t))
            return ExitCodes.ok
        }
    }
}

/// A validated passage from `reading create` or `reading import`.
struct ReadingInput: NaturallyKeyed {
    var value: NewReading
    var naturalKey: String { value.title.lowercased() + "\u{0}" + value.language }
    var keyField: String { "title" }

    static func validate(_ f: [String: String]) throws -> ReadingInput {
        if let p = f["_problem"] { throw FieldProblem(field: "front_matter", message: p) }
        guard let title = f.field("title") else { throw FieldProblem(field: "title", message: "is missing") }
        guard title.count <= 300 else { throw FieldProblem(field: "title", message: "is longer than 300 characters") }
        guard let content = f.field("content") ?? f.field("text") else { throw FieldProblem(field: "content", message: "is missing") }
        let tokens = WordTokenizer.words(content)
        let words = tokens.count
        guard words > 0 else { throw FieldProblem(field: "content", message: "has no words") }
        let language = f.field("language") ?? "en"
        guard language.count <= 16, language.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }) else {
            throw FieldProblem(field: "language", message: "\(quoted(language)) is not a language code such as en or pt-BR")
        }
        var difficulty = f.field("difficulty")?.lowercased()
        if let d = difficulty, !ReadingCommand.difficulties.contains(d) {
            throw FieldProblem(field: "difficulty", message: "\(quoted(d)) is not one of easy, medium, hard")
        }
        if difficulty == nil { difficulty = nil }
        var grade: Int?
        if let g = f.field("grade_level") ?? f.field("grade") {
            guard let n = GradeLevel.parse(g) else { throw FieldProblem(field: "grade_level", message: "\(quoted(g)) is not \(GradeLevel.expected)") }
            grade = n
        }
        return ReadingInput(value: NewReading(title: title, content: content, language: language, genre: f.field("genre"), ageCategory: f.field("age_category"),
                                              difficulty: difficulty, gradeLevel: grade, wordCount: words,
                                              readabilityGrade: Readability.gradeLevel(words: tokens)))
    }
}
