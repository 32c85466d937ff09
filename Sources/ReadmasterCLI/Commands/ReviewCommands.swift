import Foundation
import ReadmasterCore
import ReadmasterStore

/// `assess review` and `assess correct`: teachers check what the engine was unsure of.
enum ReviewCommands {
    static let statuses = WordStatus.correctable.map(\.rawValue)

    static let review = CommandSpec(
        "review", summary: "results the engine was unsure of and nobody has corrected, least confident first",
        options: [OptionSpec(.threshold, value: "C", help: "confidence below which a result needs review (default 0.8)"),
                  .listLimit],
        handler: runReview)

    static let correct = CommandSpec(
        "correct", summary: "correct an engine result: word statuses, WCPM, prosody level, a note (the original is kept)",
        arguments: [ArgumentSpec("ID", help: "assessment id")],
        options: [OptionSpec(.word, value: "INDEX=STATUS", help: "set a word's status (repeat); \(statuses.joined(separator: "|"))"),
                  OptionSpec(.wcpm, value: "N", help: "the WCPM the teacher counted (default: recomputed from the words)"),
                  OptionSpec(.prosodyLevel, value: "1-4", help: "the NAEP-style prosody level the teacher heard"),
                  OptionSpec(.note, value: "TEXT", help: "why")],
        examples: ["readmaster --as t@x.org assess correct 3f2c… --word 17=correct --note \"accent, not an error\""],
        handler: runCorrect)

    static func runReview(_ inv: Invocation) throws -> Int32 {
        let threshold = try inv.value(.threshold).map { v -> Double in
            guard let d = Double(v), d > 0, d <= 1 else { throw CLIError.usage("--threshold takes a confidence between 0 and 1, not \(quoted(v))") }
            return d
        } ?? 0.8
        return try inv.withSession(requiring: .reviewResults, "may not review results") { conn, acting in
            let items = try inv.shown(try ReviewRecords(conn).queue(threshold: threshold, visibleTo: acting.viewer,
                                                      limit: try inv.listLimit()))
            var t = Table(columns: [.init("assessment_id"), .init("date", droppable: true), .init("student", droppable: true), .init("name"),
                                    .init("reading"), .init("confidence", numeric: true), .init("wcpm", numeric: true),
                                    .init("accuracy_pct", numeric: true, droppable: true)])
            t.rows = items.map { i in
                [.string(i.assessmentID.uuidString.lowercased()), .string(Timestamp.format(i.date)), .string(i.studentEmail), .string(i.studentName),
                 .string(i.readingTitle),
                 .double((i.confidence * 100).rounded() / 100), i.wcpm.map { .double(($0 * 10).rounded() / 10) } ?? .null,
                 i.accuracy.map { .double(($0 * 10).rounded() / 10) } ?? .null]
            }
            inv.emit(t)
            return ExitCodes.ok
        }
    }

    static func runCorrect(_ inv: Invocation) throws -> Int32 {
        var words: [Int: WordStatus] = [:]
        for spec in inv.values(.word) {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let i = Int(parts[0]), let status = WordStatus(rawValue: parts[1]), WordStatus.correctable.contains(status) else {
                throw CLIError.usage("--word \(quoted(spec)) is not INDEX=STATUS with a status of \(statuses.joined(separator: ", "))")
            }
            words[i] = status
        }
        var wcpm: Double?
        if let v = inv.value(.wcpm) {
            guard let d = Double(v), d >= 0, d < 1000 else { throw CLIError.usage("--wcpm takes a number of words per minute, not \(quoted(v))") }
            wcpm = d
        }
        let level = try inv.int(.prosodyLevel, in: 1...4)
        guard !words.isEmpty || wcpm != nil || level != nil || inv.value(.note) != nil else {
            throw CLIError.usage("assess correct: give --word, --wcpm, --prosody-level or --note")
        }
        return try inv.withDatabase { conn in
            let a = try AssessRecordsCommands.load(inv, conn, for: .correctResult)
            let acting = try Acting.resolve(inv, conn)
            let result: (wcpm: Double, accuracy: Double) = try conn.transaction {
                let r: (wcpm: Double, accuracy: Double)
                do {
                    r = try ReviewRecords(conn).correct(assessment: a.id, by: acting.user?.id,
                                                        .init(wcpm: wcpm, wordStatuses: words, prosodyLevel: level, note: inv.value(.note)))
                } catch let p as ReviewRecords.CorrectionProblem {
                    throw CLIError.badInput("\(p)")
                }
                try Audit.record(conn, actor: acting.auditActor, action: "result.correct", entityType: "assessment", entityID: a.id.uuidString.lowercased(),
                                 details: JSONValue.object([("words", .int(Int64(words.count))), ("wcpm", .double(r.wcpm))]).serialized())
                return r
            }
            inv.emit(record: [("assessment_id", .string(a.id.uuidString.lowercased())), ("wcpm_before", a.wcpm.map { .double(($0 * 10).rounded() / 10) } ?? .null),
                              ("wcpm", .double((result.wcpm * 10).rounded() / 10)), ("accuracy_pct", .double((result.accuracy * 10).rounded() / 10)),
                              ("words_changed", .int(Int64(words.count)))])
            return ExitCodes.ok
        }
    }
}
