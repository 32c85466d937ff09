import Foundation
import ReadmasterCore
import ReadmasterStore

/// `readmaster quiz …`: comprehension questions per reading, and students' answers.
enum QuizCommand {
    static let spec = CommandSpec(
        "quiz", summary: "comprehension questions: add, import, take and answer",
        subcommands: [
            CommandSpec("add", summary: "add a multiple-choice question to a reading",
                        arguments: [.reading],
                        options: [OptionSpec(.question, value: "TEXT", help: "the question"),
                                  OptionSpec(.option, value: "ID=TEXT", help: "an answer option (repeat for each)"),
                                  OptionSpec(.correct, value: "ID", help: "the id of the correct option", aliases: ["correct-option-id"]),
                                  OptionSpec(.explanation, value: "TEXT", help: "shown after answering"),
                                  OptionSpec(.position, value: "N", help: "order within the quiz")],
                        examples: ["readmaster quiz add \"Maya and the Map\" --question \"What did Pepper find?\" --option a=\"a box\" --option b=\"a fish\" --correct a"],
                        handler: add),
            CommandSpec("list", summary: "a reading's questions (students never see the answer key)",
                        arguments: [.reading], handler: list),
            CommandSpec("show", summary: "one question", arguments: [.question], handler: show),
            CommandSpec("update", summary: "change a question",
                        arguments: [.question],
                        options: [OptionSpec(.question, value: "TEXT", help: "the question"),
                                  OptionSpec(.option, value: "ID=TEXT", help: "replace all options (repeat for each)"),
                                  OptionSpec(.correct, value: "ID", help: "the id of the correct option", aliases: ["correct-option-id"]),
                                  OptionSpec(.explanation, value: "TEXT", help: "shown after answering")],
                        handler: update),
            CommandSpec("delete", summary: "delete a question", arguments: [.question], handler: delete),
            ImportRunner<QuizInput>.command(
                summary: "add questions from JSON, NDJSON, CSV or TSV (idempotent per reading and question text)",
                discussion: "Fields: reading (id or title), question, options (a JSON array of {id, text}, or \"a=…|b=…\"), correct (or correct_option_id), explanation, position.",
                examples: ["readmaster quiz import examples/quiz.json"], handler: importQuiz),
            CommandSpec("export", summary: "write questions (with the answer key) as JSON, NDJSON, CSV or TSV",
                        arguments: [ArgumentSpec("READING", help: "only this reading", optional: true)], handler: export),
            CommandSpec("take", summary: "take a reading's quiz in the terminal (or answer from stdin, one option id per line); once, unless a teacher resets it",
                        arguments: [.reading],
                        options: [OptionSpec(.student, value: "EMAIL", help: "who is answering (default: --as)")],
                        handler: take),
            CommandSpec("reset", summary: "let a student answer a reading's questions again (answers are otherwise final)",
                        arguments: [.reading],
                        options: [OptionSpec(.student, value: "EMAIL", help: "whose answers"),
                                  OptionSpec(.question, value: "ID", help: "only this question (repeat for several)")],
                        examples: ["readmaster --as t@x.org quiz reset \"The Fox\" --student s@x.org"],
                        handler: reset),
            CommandSpec("answer", summary: "record one answer (final: a second answer is refused until a teacher resets it)",
                        arguments: [.question, ArgumentSpec("OPTION", help: "the chosen option id")],
                        options: [OptionSpec(.student, value: "EMAIL", help: "who is answering (default: --as)")],
                        handler: answer),
        ])

    struct Option { let id: String; let text: String }

    static func parseOptions(_ specs: [String]) throws -> [Option] {
        let options = try specs.map { spec -> Option in
            guard let eq = spec.firstIndex(of: "=") else { throw FieldProblem(field: "options", message: "\(quoted(spec)) is not ID=TEXT") }
            let id = String(spec[..<eq]).trimmingWhitespace(), text = String(spec[spec.index(after: eq)...]).trimmingWhitespace()
            guard !id.isEmpty, !text.isEmpty else { throw FieldProblem(field: "options", message: "\(quoted(spec)) needs an id and a text") }
            return Option(id: id, text: text)
        }
        try check(options)
        return options
    }

    static func check(_ options: [Option]) throws {
        guard options.count >= 2 else { throw FieldProblem(field: "options", message: "a question needs at least two options") }
        guard Set(options.map(\.id)).count == options.count else { throw FieldProblem(field: "options", message: "option ids repeat") }
    }

    static func json(_ options: [Option]) -> String {
        JSONValue.array(options.map { .object([("id", .string($0.id)), ("text", .string($0.text))]) }).serialized()
    }

    static func options(of q: QuizQuestionRow) -> [Option] {
        guard case let .array(items)? = try? JSONParser.parse(q.optionsJSON) else { return [] }
        return items.compactMap { item in
            guard case let .string(id)? = item["id"], case let .string(text)? = item["text"] else { return nil }
            return Option(id: id, text: text)
        }
    }

    static func record(_ q: QuizQuestionRow, withKey: Bool) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = [
            ("id", .string(q.id.uuidString.lowercased())), ("reading", .string(q.readingTitle)), ("position", .int(Int64(q.position))),
            ("question", .string(q.question)),
            ("options", .array(options(of: q).map { .object([("id", .string($0.id)), ("text", .string($0.text))]) })),
        ]
        if withKey {
            out += [("correct_option_id", .string(q.correctOptionID)), ("explanation", q.explanation.map(JSONValue.string) ?? .null)]
        }
        return out
    }

    static func load(_ key: String, _ quiz: QuizRecords) throws -> QuizQuestionRow {
        guard let id = UUID(uuidString: key), let q = try quiz.find(id) else { throw CLIError.badInput("no quiz question \(key)") }
        return q
    }

    static func add(_ inv: Invocation) throws -> Int32 {
        guard let question = inv.value(.question)?.trimmingWhitespace(), !question.isEmpty else { throw CLIError.usage("quiz add: --question is missing") }
        let opts: [Option]
        do { opts = try parseOptions(inv.values(.option)) } catch let p as FieldProblem { throw CLIError.usage("quiz add: --option: \(p.message)") }
        guard let correct = inv.value(.correct) else { throw CLIError.usage("quiz add: --correct is missing") }
        guard opts.contains(where: { $0.id == correct }) else {
            throw CLIError.usage("quiz add: --correct \(correct) is not one of the options (\(opts.map(\.id).joined(separator: ", ")))")
        }
        return try inv.withSession(requiring: .writeQuiz, "may not write quiz questions") { conn, acting in
            let reading = try ReadingCommand.load(inv.arguments[0], ReadingRecords(conn))
            let quiz = QuizRecords(conn)
            let id: UUID = try conn.transaction {
                let id = try quiz.add(reading: reading.id, question: question, optionsJSON: json(opts), correct: correct, explanation: inv.value(.explanation),
                                      position: try inv.int(.position, in: 0...10_000), addedBy: acting.user?.id)
                try Audit.record(conn, actor: acting.auditActor, action: "quiz.add", entityType: "quiz_question", entityID: id.uuidString.lowercased(), details: nil)
                return id
            }
            inv.emit(record: record(try load(id.uuidString, quiz), withKey: true))
            return ExitCodes.ok
        }
    }

    static func list(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let withKey = acting.may(.readQuizAnswerKey)
            let reading = try ReadingCommand.load(inv.arguments[0], ReadingRecords(conn))
            let questions = try QuizRecords(conn).questions(reading: reading.id)
            var columns: [Table.Column] = [.init("id"), .init("position", numeric: true), .init("question"), .init("options")]
            if withKey { columns.append(.init("correct_option_id")) }
            var t = Table(columns: columns)
            t.rows = questions.map { q in
                var row: [JSONValue] = [.string(q.id.uuidString.lowercased()), .int(Int64(q.position)), .string(q.question),
                                        .string(options(of: q).map { "\($0.id)) \($0.text)" }.joined(separator: "  "))]
                if withKey { row.append(.string(q.correctOptionID)) }
                return row
            }
            inv.emit(t)
            return ExitCodes.ok
        }
    }

    static func show(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let q = try load(inv.arguments[0], QuizRecords(conn))
            inv.emit(record: record(q, withKey: acting.may(.readQuizAnswerKey)))
            return ExitCodes.ok
        }
    }

    static func update(_ inv: Invocation) throws -> Int32 {
        return try inv.withRecord(.writeQuiz, refusal: "may not write quiz questions", QuizRecords.init, load: load) { conn, acting, quiz, q in
            var changes: [(column: String, value: SQLValue)] = []
            var opts = options(of: q)
            if let specs = inv.parsed.options[OptionName.option.rawValue] {
                do { opts = try parseOptions(specs) } catch let p as FieldProblem { throw CLIError.usage("quiz update: --option: \(p.message)") }
                changes.append(("options", .json(json(opts))))
            }
            let correct = inv.value(.correct) ?? q.correctOptionID
            guard opts.contains(where: { $0.id == correct }) else {
                throw CLIError.usage("quiz update: the correct option \(correct) is not one of the options (\(opts.map(\.id).joined(separator: ", ")))")
            }
            if inv.value(.correct) != nil { changes.append(("correct_option_id", .text(correct))) }
            if let v = inv.value(.question) { changes.append(("question_text", .text(v))) }
            if let v = inv.value(.explanation) { changes.append(("explanation", .text(v))) }
            return try RecordUpdate.finish(inv, conn, acting, command: "quiz", entity: "quiz_question", id: q.id, changes: changes,
                                           write: { try quiz.update(q.id, set: changes) }, reread: { record(try load(q.id.uuidString, quiz), withKey: true) })
        }
    }

    static func delete(_ inv: Invocation) throws -> Int32 {
        return try inv.withRecord(.writeQuiz, refusal: "may not delete quiz questions", QuizRecords.init, load: load) { conn, acting, quiz, q in
            try acting.audited(conn, "quiz.delete", "quiz_question", q.id) {
                _ = try quiz.delete(q.id)
            }
            inv.note("deleted question \(q.id.uuidString.lowercased())")
            return ExitCodes.ok
        }
    }

    static func importQuiz(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession(requiring: .writeQuiz, "may not import quiz questions") { conn, acting in
            let readings = ReadingRecords(conn), quiz = QuizRecords(conn)
            var readingIDs: [String: UUID] = [:]
            var runner = ImportRunner<QuizInput>(
                schema: .quiz, inv: inv, connection: conn,
                validate: { record in
                    var input = try QuizInput.validate(record.fields)
                    let key = input.reading.lowercased()
                    if readingIDs[key] == nil {
                        let found = try readings.find(input.reading)
                        guard found.count == 1 else {
                            throw FieldProblem(field: "reading", message: found.isEmpty ? "no reading \(quoted(input.reading))" : "\(quoted(input.reading)) names \(found.count) readings; use its id")
                        }
                        readingIDs[key] = found[0].id
                    }
                    input.readingID = readingIDs[key]
                    return input
                },
                write: { batch in
                    for q in batch {
                        try quiz.upsert(reading: q.readingID!, question: q.question, optionsJSON: json(q.options), correct: q.correct,
                                        explanation: q.explanation, position: q.position, addedBy: acting.user?.id)
                    }
                })
            runner.finish = { written in
                try Audit.record(conn, actor: acting.auditActor, action: "quiz.import", entityType: "quiz_question", entityID: nil,
                                 details: JSONValue.object([("records", .int(Int64(written)))]).serialized())
            }
            return try runner.run(path: inv.arguments[0])
        }
    }

    static func export(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession(requiring: .readQuizAnswerKey, "may not see the answer key") { conn, acting in
            let quiz = QuizRecords(conn)
            let rows = try inv.arguments.first.map { try quiz.questions(reading: try ReadingCommand.load($0, ReadingRecords(conn)).id) } ?? quiz.all()
            var t = Table(columns: ["reading", "position", "question", "options", "correct_option_id", "explanation"].map { Table.Column($0) })
            t.rows = rows.map { q in
                [.string(q.readingTitle), .int(Int64(q.position)), .string(q.question), (try? JSONParser.parse(q.optionsJSON)) ?? .array([]),
                 .string(q.correctOptionID), q.explanation.map(JSONValue.string) ?? .null]
            }
            let format = inv.globals.format ?? .json
            inv.out.write(Renderer(format: format == .table ? .json : format, color: false, width: nil, neutraliseFormulas: !inv.globals.rawCSV).render(t))
            return ExitCodes.ok
        }
    }

    /// The student answering: --student, else the --as user, who must be a student.
    static func student(_ inv: Invocation, _ acting: Acting, _ users: UserRecords) throws -> UserRow {
        guard let key = inv.value(.student) ?? acting.user?.email else { throw CLIError.usage("name the student with --student EMAIL (or --as)") }
        let s = try UserCommand.load(key, users)
        guard s.role == .student else { throw CLIError.badInput("\(s.email) is a \(s.role), not a student") }
        try acting.require(.answerQuiz, try acting.relation(to: s, users), "may not answer for \(s.email)")
        return s
    }

    static func take(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let users = UserRecords(conn), quiz = QuizRecords(conn)
            let s = try student(inv, acting, users)
            let reading = try ReadingCommand.load(inv.arguments[0], ReadingRecords(conn))
            let questions = try quiz.questions(reading: reading.id)
            guard !questions.isEmpty else { throw CLIError.badInput("\(quoted(reading.title)) has no quiz questions") }
            let done = try questions.filter { try quiz.answered(student: s.id, question: $0.id) != nil }
            if !done.isEmpty {
                throw CLIError.badInput("\(s.email) has already answered \(done.count) of the \(questions.count) questions of \(quoted(reading.title)); answers are final (a teacher can run `readmaster quiz reset` to allow another try)")
            }
            let interactive = isatty(0) == 1
            var correct = 0
            var answers: [JSONValue] = []
            try conn.transaction {
                for (n, q) in questions.enumerated() {
                    let opts = options(of: q)
                    inv.err.message("\n\(n + 1)/\(questions.count). \(q.question)")
                    for o in opts { inv.err.message("   \(o.id)) \(o.text)") }
                    var choice: String?
                    while choice == nil {
                        inv.err.write("answer (\(opts.map(\.id).joined(separator: "/"))): ")
                        inv.err.flush()
                        guard let line = readLine() else { throw CLIError.badInput("the quiz ended before question \(n + 1) was answered") }
                        let given = line.trimmingWhitespace()
                        if opts.contains(where: { $0.id == given }) { choice = given } else if !interactive {
                            throw CLIError.badInput("question \(n + 1): \(quoted(given)) is not one of \(opts.map(\.id).joined(separator: ", "))")
                        } else {
                            inv.err.line("please answer with one of \(opts.map(\.id).joined(separator: ", "))")
                        }
                    }
                    let right = try quiz.answer(student: s.id, question: q, selected: choice!)
                    if right { correct += 1 }
                    inv.err.message(right ? "correct" : "not quite: the answer is \(q.correctOptionID)" + (q.explanation.map { " — \($0)" } ?? ""))
                    answers.append(.object([("question", .string(q.question)), ("selected", .string(choice!)), ("is_correct", .bool(right))]))
                }
                let score = Double(correct) / Double(questions.count) * 100
                _ = try quiz.recordComprehension(student: s.id, reading: reading.id, score: score)
                try Gamification(conn).recordQuiz(student: s.id, at: Date(), correct: correct, of: questions.count)
                try Audit.record(conn, actor: acting.auditActor, action: "quiz.take", entityType: "reading", entityID: reading.id.uuidString.lowercased(),
                                 details: JSONValue.object([("student", .string(s.id.uuidString.lowercased())), ("score", .double(score))]).serialized())
            }
            inv.err.line("")
            inv.emit(record: [("student", .string(s.email)), ("reading", .string(reading.title)), ("questions", .int(Int64(questions.count))),
                              ("correct_answers", .int(Int64(correct))), ("comprehension_score", .double((Double(correct) / Double(questions.count) * 1000).rounded() / 10)),
                              ("answers", .array(answers))])
            return ExitCodes.ok
        }
    }

    static func reset(_ inv: Invocation) throws -> Int32 {
        guard let key = inv.value(.student) else { throw CLIError.usage("quiz reset: name the student with --student EMAIL") }
        return try inv.withSession { conn, acting in
            let users = UserRecords(conn), quiz = QuizRecords(conn)
            let s = try UserCommand.load(key, users)
            try acting.require(.resetQuizAnswer, try acting.relation(to: s, users), "may not reset the quiz answers of \(s.email)")
            let reading = try ReadingCommand.load(inv.arguments[0], ReadingRecords(conn))
            var questions = try quiz.questions(reading: reading.id).map(\.id)
            if let only = inv.parsed.options[OptionName.question.rawValue] {
                let wanted = try only.map { q -> UUID in
                    guard let id = UUID(uuidString: q), questions.contains(id) else {
                        throw CLIError.badInput("\(quoted(q)) is not a question of \(quoted(reading.title))")
                    }
                    return id
                }
                questions = wanted
            }
            let n = try acting.audited(conn, "quiz.reset", "user", s.id,
                                       details: JSONValue.object([("reading", .string(reading.id.uuidString.lowercased())),
                                                                  ("questions", .int(Int64(questions.count)))]).serialized()) {
                try quiz.reset(student: s.id, questions: questions)
            }
            inv.emit(record: [("student", .string(s.email)), ("reading", .string(reading.title)), ("answers_reset", .int(Int64(n)))])
            return ExitCodes.ok
        }
    }

    static func answer(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let users = UserRecords(conn), quiz = QuizRecords(conn)
            let s = try student(inv, acting, users)
            let q = try load(inv.arguments[0], quiz)
            let choice = inv.arguments[1]
            guard options(of: q).contains(where: { $0.id == choice }) else {
                throw CLIError.badInput("\(quoted(choice)) is not one of \(options(of: q).map(\.id).joined(separator: ", "))")
            }
            let right: Bool
            do { right = try conn.transaction { try quiz.answer(student: s.id, question: q, selected: choice) } } catch let a as QuizRecords.AlreadyAnswered {
                throw CLIError.badInput("\(s.email) already answered this question (\(Timestamp.format(a.answeredAt))); answers are final (a teacher can run `readmaster quiz reset` to allow another try)")
            }
            inv.emit(record: [("question", .string(q.id.uuidString.lowercased())), ("selected", .string(choice)), ("is_correct", .bool(right))])
            return ExitCodes.ok
        }
    }
}

/// A validated question from `quiz import`.
struct QuizInput {
    var reading: String
    var readingID: UUID?
    var question: String
    var options: [QuizCommand.Option]
    var correct: String
    var explanation: String?
    var position: Int?

    static func validate(_ f: [String: String]) throws -> QuizInput {
        guard let reading = f.field("reading") ?? f.field("reading_id") ?? f.field("reading_title") else { throw FieldProblem(field: "reading", message: "is missing") }
        guard let question = f.field("question") ?? f.field("question_text") else { throw FieldProblem(field: "question", message: "is missing") }
        guard let rawOptions = f.field("options") else { throw FieldProblem(field: "options", message: "is missing") }
        var options: [QuizCommand.Option]
        if rawOptions.hasPrefix("[") {
            guard case let .array(items)? = try? JSONParser.parse(rawOptions) else { throw FieldProblem(field: "options", message: "is not a JSON array") }
            options = try items.map { item in
                guard case let .string(id)? = item["id"], case let .string(text)? = item["text"] else {
                    throw FieldProblem(field: "options", message: "each option needs an id and a text")
                }
                return QuizCommand.Option(id: id, text: text)
            }
            try QuizCommand.check(options)
        } else {
            options = try QuizCommand.parseOptions(rawOptions.split(separator: "|").map(String.init))
        }
        guard let correct = f.field("correct") ?? f.field("correct_option_id") else { throw FieldProblem(field: "correct", message: "is missing") }
        guard options.contains(where: { $0.id == correct }) else {
            throw FieldProblem(field: "correct", message: "\(quoted(correct)) is not one of the options (\(options.map(\.id).joined(separator: ", ")))")
        }
        var position: Int?
        if let p = f.field("position") {
            guard let n = Int(p), n >= 0 else { throw FieldProblem(field: "position", message: "\(quoted(p)) is not a whole number") }
            position = n
        }
        return QuizInput(reading: reading, readingID: nil, question: question, options: options, correct: correct, explanation: f.field("explanation"), position: position)
    }
}
