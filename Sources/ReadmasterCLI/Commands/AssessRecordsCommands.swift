import Foundation
import ReadmasterCore
import ReadmasterEngine
import ReadmasterStore

/// `assess list|show|results|delete`: stored assessments.
enum AssessRecordsCommands {
    /// What `assess show --view` shows.
    enum View: String, CaseIterable { case summary, transcript, report }

    static let list = CommandSpec(
        "list", summary: "list stored assessments, newest first",
        options: [
            OptionSpec(.student, value: "EMAIL", help: "only this student's"),
            OptionSpec(.reading, value: "ID|TITLE", help: "only this reading's"),
            OptionSpec(.status, value: "STATUS", help: "only this status", choices: AssessmentStatus.self),
            .listLimit,
        ],
        handler: runList)

    static let show = CommandSpec(
        "show", summary: "show one assessment: summary, the running record, or the stored report (--format html: a page)",
        discussion: "--format html writes one self-contained page: the passage with every word marked as a running record marks it (what was heard on hover or focus), the scores in plain words, WCPM against the grade's norms, a teacher's corrections, and the recording in a player (embedded when stored in the database or up to 8 MB; linked to its path otherwise); selecting a word plays from it.",
        arguments: [ArgumentSpec("ID", help: "assessment id")],
        options: [OptionSpec(.view, value: "VIEW", help: "what to show (default summary)", choices: View.self)],
        examples: ["readmaster assess show 3f2c… --view transcript", "readmaster assess show 3f2c… --format html > reading.html"],
        specialFormats: [.html], handler: runShow)

    static let results = CommandSpec(
        "results", summary: "the per-word result of one assessment",
        arguments: [ArgumentSpec("ID", help: "assessment id")], handler: runResults)

    static let delete = CommandSpec(
        "delete", summary: "delete an assessment and its result",
        arguments: [ArgumentSpec("ID", help: "assessment id")], handler: runDelete)

    /// A full id, or a unique prefix of at least 4 hex digits (as git takes commits).
    static func resolveID(_ key: String, _ conn: any Connection) throws -> UUID {
        if let id = UUID(uuidString: key) { return id }
        let prefix = key.lowercased()
        guard prefix.count >= 4, prefix.count < 36, prefix.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw CLIError.usage("\(quoted(key)) is not an assessment id (a UUID as printed by assess list, or its first 4 or more characters)")
        }
        let rows = try AssessmentRecords(conn).ids(prefix: prefix, limit: 6)
        switch rows.count {
        case 0: throw CLIError.badInput("no assessment \(key)")
        case 1: return rows[0]
        default:
            let ids = rows.prefix(5).map { $0.uuidString.lowercased() }
            throw CLIError.usage("\(quoted(key)) is ambiguous: \(ids.joined(separator: ", "))\(rows.count > 5 ? ", …" : ""); give more characters")
        }
    }


    static func runList(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let records = AssessmentRecords(conn)
            var studentID: UUID?
            if let key = inv.value(.student) {
                let users = UserRecords(conn)
                let s = try UserCommand.load(key, users)
                // Someone else's list is refused, not shown empty.
                try acting.require(.readResults, try acting.relation(to: s, users), "may not see the assessments of \(s.email)")
                studentID = s.id
            }
            let readingID = try inv.value(.reading).map { try ReadingLookup.find($0, in: conn).ref.id.flatMap(UUID.init(uuidString:)) } ?? nil
            let rows = try inv.shown(try records.list(studentID: studentID, readingID: readingID, status: inv.choice(.status, as: AssessmentStatus.self)?.rawValue,
                                        limit: try inv.listLimit(),
                                        visibleTo: acting.viewer))
            var t = Table(columns: [.init("id"), .init("date", droppable: true), .init("student", droppable: true), .init("name"), .init("reading"),
                                    .init("status"), .init("wcpm", numeric: true), .init("accuracy_pct", numeric: true, droppable: true),
                                    .init("confidence", numeric: true, droppable: true)])
            t.rows = rows.map { a in
                [.string(a.id.uuidString.lowercased()), .string(Timestamp.format(a.date)), .string(a.studentEmail), .string(a.studentName), .string(a.readingTitle),
                 .string(a.status), a.wcpm.map { .double(round1($0)) } ?? .null, a.accuracy.map { .double(round1($0)) } ?? .null,
                 a.confidence.map { .double(($0 * 100).rounded() / 100) } ?? .null]
            }
            inv.emit(t)
            return ExitCodes.ok
        }
    }

    static func round1(_ v: Double) -> Double { (v * 10).rounded() / 10 }

    /// The assessment named on the command line, if the actor may `action` it.
    static func load(_ inv: Invocation, _ conn: any Connection, for action: Policy.Action = .readResults) throws -> AssessmentSummary {
        let id = try resolveID(inv.arguments[0], conn)
        guard let a = try AssessmentRecords(conn).get(id) else { throw CLIError.badInput("no assessment \(id.uuidString.lowercased())") }
        let acting = try Acting.resolve(inv, conn)
        if !acting.isOwner {
            let users = UserRecords(conn)
            guard let student = try users.find(a.studentID.uuidString) else { throw CLIError.badInput("no assessment \(id.uuidString.lowercased())") }
            try acting.require(action, try acting.relation(to: student, users),
                               action == .readResults ? "may not see the results of \(student.email)" : "may not change the results of \(student.email)")
        }
        return a
    }

    static func runShow(_ inv: Invocation) throws -> Int32 {
        return try inv.withDatabase { conn in
            let a = try load(inv, conn)
            let records = AssessmentRecords(conn)
            if inv.globals.format == .html {
                inv.out.write(try HTMLReports.readingPage(conn, a).html())
                return ExitCodes.ok
            }
            switch inv.choice(.view, as: View.self) ?? .summary {
            case .report:
                guard let rid = a.resultID, let json = try records.analysisJSON(resultID: rid) else {
                    throw CLIError.failure("assessment \(a.id.uuidString.lowercased()) has no result (status \(a.status))")
                }
                let report = (try? JSONParser.parse(json))?.ordered(like: ReportJSON.template)
                inv.out.line(report.map { $0.serialized(pretty: inv.globals.format == .json) } ?? json)
            case .transcript:
                guard let rid = a.resultID else {
                    throw CLIError.failure("assessment \(a.id.uuidString.lowercased()) has no result (status \(a.status))")
                }
                let analysis = try records.analysisJSON(resultID: rid).flatMap { try? JSONParser.parse($0) }
                let plain = !inv.color
                inv.out.write(RunningRecord.render(words: try records.words(resultID: rid), analysis: analysis, styled: !plain))
            case .summary:
                // A teacher's correction is said plainly: who, when, why.
                let corrected = try a.resultID.map { try ReviewRecords(conn).corrections(resultID: $0) }?.last
                inv.emit(record: [
                    ("id", .string(a.id.uuidString.lowercased())), ("date", .string(Timestamp.format(a.date))),
                    ("student", .string(a.studentEmail)), ("reading", .string(a.readingTitle)), ("status", .string(a.status)),
                    ("wcpm", a.wcpm.map { .double(round1($0)) } ?? .null), ("accuracy_pct", a.accuracy.map { .double(round1($0)) } ?? .null),
                    ("confidence", a.confidence.map { .double(($0 * 100).rounded() / 100) } ?? .null),
                    ("audio", a.audioPath.map(JSONValue.string) ?? .null), ("error", a.errorMessage.map(JSONValue.string) ?? .null),
                    ("corrected", .bool(corrected != nil)), ("corrected_by", corrected.map { .string($0.by ?? "owner") } ?? .null),
                    ("corrected_at", corrected.map { .string(Timestamp.format($0.at)) } ?? .null),
                    ("correction_note", corrected?.note.map(JSONValue.string) ?? .null),
                ])
            }
            return ExitCodes.ok
        }
    }

    static func runResults(_ inv: Invocation) throws -> Int32 {
        return try inv.withDatabase { conn in
            let a = try load(inv, conn)
            guard let rid = a.resultID else { throw CLIError.failure("assessment \(a.id.uuidString.lowercased()) has no result (status \(a.status))") }
            var t = Table(columns: [.init("index", numeric: true), .init("expected"), .init("status"), .init("heard"),
                                    .init("start_s", numeric: true), .init("end_s", numeric: true), .init("score", numeric: true)])
            t.rows = try AssessmentRecords(conn).words(resultID: rid).map { w in
                [.int(Int64(w.index)), .string(w.expected), .string(w.status.rawValue), w.heard.map(JSONValue.string) ?? .null,
                 w.start.map(JSONValue.double) ?? .null, w.end.map(JSONValue.double) ?? .null, w.score.map(JSONValue.double) ?? .null]
            }
            inv.emit(t)
            return ExitCodes.ok
        }
    }

    static func runDelete(_ inv: Invocation) throws -> Int32 {
        return try inv.withDatabase { conn in
            let id = try load(inv, conn, for: .correctResult).id
            guard try AssessmentRecords(conn).delete(id, actor: try Acting.resolve(inv, conn).auditActor) else {
                throw CLIError.badInput("no assessment \(id.uuidString.lowercased())")
            }
            inv.note("deleted assessment \(id.uuidString.lowercased())")
            return ExitCodes.ok
        }
    }
}

/// The passage marked up like a teacher's running record: omissions struck through,
/// substitutions as `heard→expected`, insertions as `^word`, `‖` before a long pause.
enum RunningRecord {
    /// `analysis` is the stored report (docs/CONTRACTS.md); its miscues place insertions,
    /// repetitions and self-corrections, which the per-word rows do not hold.
    static func render(words: [ResultWord], analysis: JSONValue?, styled: Bool) -> String {
        var insertionsBefore: [Int: [String]] = [:]
        var selfCorrected: [Int: String] = [:]
        var repeatedFrom: Set<Int> = []
        if case let .array(miscues)? = analysis?["miscues"] {
            for m in miscues {
                guard case let .string(name)? = m["type"], let type = MiscueType(rawValue: name),
                      case let .int(at)? = m["index"] else { continue }
                let index = Int(at)
                var heard = "?"
                if case let .string(h)? = m["heard"] { heard = h }
                switch type {
                case .insertion: insertionsBefore[index, default: []].append(heard)
                case .selfCorrection: selfCorrected[index] = heard
                case .repetition: repeatedFrom.insert(index)
                default: break
                }
            }
        }
        func strike(_ s: String) -> String { styled ? "\u{1B}[9m\(s)\u{1B}[0m" : "-\(s)-" }
        var out: [String] = []
        var previousEnd: Double?
        for w in words {
            if let s = w.start, let pe = previousEnd, s - pe >= 2.0 { out.append("‖") }
            for ins in insertionsBefore[w.index] ?? [] { out.append("^\(ins)") }
            if repeatedFrom.contains(w.index) { out.append("R:") }
            if let sc = selfCorrected[w.index] { out.append("\(sc)→SC") }
            switch w.status {
            case .omission: out.append(strike(w.expected))
            case .substitution: out.append("\(w.heard ?? "?")→\(w.expected)")
            case .hesitation: out.append("H:\(w.expected)")
            case .mispronunciation: out.append("~\(w.expected)")
            case .notAttempted: out.append(styled ? "\u{1B}[2m\(w.expected)\u{1B}[0m" : "[\(w.expected)]")
            case .correct: out.append(w.expected)
            }
            if let e = w.end { previousEnd = e }
        }
        for ins in insertionsBefore[words.count] ?? [] { out.append("^\(ins)") }
        // Wrap at 80 columns for reading on a terminal or paper.
        var lines: [String] = []
        var line = ""
        for token in out {
            if !line.isEmpty, DisplayWidth.of(line) + 1 + DisplayWidth.of(token) > 80 { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + token
        }
        if !line.isEmpty { lines.append(line) }
        let legend = "key: -omitted- heard→expected ^inserted R: repeated from here  x→SC self-corrected  H: hesitation  ‖ long pause  [not reached]"
        return lines.joined(separator: "\n") + "\n\n" + legend + "\n"
    }
}
