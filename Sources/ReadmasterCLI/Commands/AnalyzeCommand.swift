import Foundation
import ReadmasterCore
import ReadmasterEngine
import ReadmasterStore

/// `readmaster assess analyze`: the audio scoring engine from the command line.
enum AnalyzeCommand {
    static func run(_ inv: Invocation) throws -> Int32 {
        var jobs = try buildJobs(inv)
        guard !jobs.isEmpty else { throw CLIError.usage("assess analyze: give recordings (AUDIO...) or --manifest FILE") }
        if inv.flag(.enqueue) {
            for other in [OptionName.save, .explain] where inv.flag(other) {
                throw CLIError.usage("assess analyze: --enqueue only queues recordings; --\(other) goes without it")
            }
            return try Enqueue.run(inv, jobs: &jobs)
        }
        if inv.flag(.storeAudio) { throw CLIError.usage("assess analyze: --store-audio goes with --enqueue") }
        let saver = inv.flag(.save) ? try ResultSaver(inv: inv, jobs: &jobs) : nil
        if saver == nil, inv.value(.student) != nil || inv.flag(.force) || inv.flag(.regrade) {
            throw CLIError.usage("assess analyze: --student and --regrade go with --save or --enqueue")
        }
        let explain = inv.flag(.explain)
        if explain, jobs.count != 1 { throw CLIError.usage("assess analyze: --explain explains one recording; \(jobs.count) were given") }
        let workers = try inv.int(.jobs, in: 1...256) ?? ProcessInfo.processInfo.activeProcessorCount
        let resources = try EngineSetup.resources(inv)
        let progress = Progress(total: jobs.count, sink: inv.err, enabled: inv.err.isTerminal && !inv.globals.quiet)
        let format = inv.globals.format ?? .table
        var outcomes: [AnalyzeOutcome] = []
        var failed = 0
        if format == .json { inv.out.write("[") }
        AnalyzeBatch(jobs: jobs, resources: resources).run(workers: workers) { i, analysed in
            var outcome = saver?.save(analysed, job: jobs[i]) ?? analysed
            if explain, case let .ok(.object(members), r, elapsed) = outcome, let why = Explanation(r) {
                outcome = .ok(.object(members + [("explain", why.json)]), r, elapsed: elapsed)
            }
            outcomes.append(outcome)
            if case let .failed(_, _, message) = outcome {
                failed += 1
                progress.clear()
                let file = jobs[i].file
                inv.note("readmaster: " + (message.hasPrefix(file) ? message : "\(file): \(message)"))
            }
            switch format {
            case .ndjson: inv.out.line(outcome.json.serialized()); inv.out.flush()
            case .json: inv.out.write((i == 0 ? "\n" : ",\n") + indent(outcome.json.serialized(pretty: true)))
            default: break
            }
            progress.step()
        }
        progress.clear()
        switch format {
        case .json: inv.out.write("\n]\n")
        case .ndjson: break
        case .table, .csv, .tsv, .svg, .html:
            if explain, case let .ok(_, r, _) = outcomes.first, let why = Explanation(r) {
                inv.emit(explanationTable(why))
                inv.note("words decided by \(why.recognizer)")
                for d in why.disputes {
                    let heard = d.dispute.heard.map { "heard \"\($0)\"" } ?? "not in the transcript"
                    let support = d.dispute.support.map { String(format: "Whisper log P %.2f", $0) } ?? "Whisper support not measured"
                    let placed = d.dispute.acousticMatch ? "PocketSphinx placed it" : "PocketSphinx did not place it"
                    inv.note("  word \(d.index) \"\(d.expected)\": \(heard); \(support); \(placed): \(d.dispute.upheld ? "miscue" : "read")")
                }
            } else {
                inv.emit(summaryTable(jobs: jobs, outcomes: outcomes, wide: format != .table))
            }
        }
        if failed == 0 { return ExitCodes.ok }
        inv.note("\(failed) of \(jobs.count) recording\(jobs.count == 1 ? "" : "s") could not be analysed")
        return failed == jobs.count ? ExitCodes.dataError : ExitCodes.partial
    }

    static func indent(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    /// Each feature with the score points it adds to each score, between a first row
    /// with the models' baseline and the rows with the scores and their expected errors.
    static func explanationTable(_ why: Explanation) -> Table {
        func pts(_ v: Double) -> JSONValue { .double((v * 10).rounded() / 10) }
        var table = Table(columns: [.init("feature"), .init("value", numeric: true)] + Explanation.scores.map { .init($0, numeric: true) })
        table.rows.append([.string("(baseline: average recording)"), .null] + why.baseline.map(pts))
        for row in why.rows {
            table.rows.append([.string(row.feature), row.value.isFinite ? .double((row.value * 1000).rounded() / 1000) : .null] + row.points.map(pts))
        }
        table.rows.append([.string("= score"), .null] + why.totals.map { $0.map { .int(Int64($0)) } ?? .null })
        table.rows.append([.string("± expected error"), .null] + why.errors.map { $0.map { .int(Int64($0.rounded())) } ?? .null })
        return table
    }

    /// The calibrated scores shown in the one-line-per-recording table.
    static let scoreColumns = ScoreName.calibrated.map(\.rawValue)
    static let blanks = [JSONValue](repeating: .null, count: scoreColumns.count + 1)

    /// One line per recording for people (table) and spreadsheets (CSV/TSV).
    static func summaryTable(jobs: [AnalyzeJob], outcomes: [AnalyzeOutcome], wide: Bool) -> Table {
        var columns: [Table.Column] = [.init("file"), .init("status"), .init("wcpm", numeric: true), .init("accuracy_pct", numeric: true),
                                       .init("words_correct", numeric: true), .init("words_total", numeric: true)]
            + scoreColumns.map { Table.Column($0, numeric: true) } + [.init("prosody_level", numeric: true), .init("miscues")]
        if wide { columns += [.init("reading_s", numeric: true), .init("completeness_pct", numeric: true), .init("confidence", numeric: true), .init("error")] }
        // Saved results: who read, and the assessment to open (names before file paths on a narrow terminal).
        let saved = jobs.contains { $0.save != nil }
        if saved { columns = [.init("student", droppable: true), .init("name"), .init("assessment_id")] + columns.map { $0.name == "file" || $0.name == "words_total" || $0.name == "prosody_level" ? Table.Column($0.name, numeric: $0.numeric, droppable: true) : $0 } }
        var table = Table(columns: columns)
        for (job, outcome) in zip(jobs, outcomes) {
            let before = table.rows.count
            defer {
                if saved, table.rows.count > before {
                    let id = outcome.json["assessment_id"] ?? .null
                    table.rows[before] = [job.student.map(JSONValue.string) ?? .null, job.studentName.map(JSONValue.string) ?? .null, id] + table.rows[before]
                }
            }
            switch outcome {
            case let .ok(json, r, _):
                var counts: [String: Int] = [:]
                for m in r.miscues { counts[m.type.rawValue, default: 0] += 1 }
                let miscues = MiscueType.allCases.compactMap { t in counts[t.rawValue].map { "\(t.rawValue) \($0)" } }.joined(separator: ", ")
                let scores = json["scores"]
                var row: [JSONValue] = [.string(job.file), .string("ok"), json["wcpm"] ?? .null, json["accuracy_pct"] ?? .null,
                                        .int(Int64(r.wordsCorrect)), .int(Int64(r.wordsTotal))]
                    + scoreColumns.map { scores?[$0] ?? .null }
                    + [r.prosody.level.map { .int(Int64($0)) } ?? .null, .string(miscues.isEmpty ? "none" : miscues)]
                if wide { row += [json["reading_s"] ?? .null, json["completeness_pct"] ?? .null, json["confidence"] ?? .null, .null] }
                table.rows.append(row)
            case let .failed(_, code, message):
                var row: [JSONValue] = [.string(job.file), .string("error"), .null, .null, .null, .null] + blanks
                    + [.string(wide ? "" : "\(code): \(message)")]
                if wide { row += [.null, .null, .null, .string(message)] }
                table.rows.append(row)
            case let .skipped(json):
                let note = "already graded: assessment \(Renderer.cell(json["assessment_id"] ?? .null))"
                var row: [JSONValue] = [.string(job.file), .string("skipped"), .null, .null, .null, .null] + blanks
                    + [.string(wide ? "" : note)]
                if wide { row += [.null, .null, .null, .string(note)] }
                table.rows.append(row)
            }
        }
        return table
    }

    // MARK: - Building the job list

    static func buildJobs(_ inv: Invocation) throws -> [AnalyzeJob] {
        // Nothing may open a FIFO or a device: it would block or never end (digests for
        // --save and --enqueue read the file before the engine does).
        try jobList(inv).map { job in
            var job = job
            if job.problem == nil, let p = AudioFileCheck.problem(job.file) { job.problem = (p.code, p.description) }
            return job
        }
    }

    static func jobList(_ inv: Invocation) throws -> [AnalyzeJob] {
        let sources = [OptionName.text, .textString, .reading].filter { inv.value($0) != nil }
        if sources.count > 1 {
            throw CLIError.usage("assess analyze: give the passage once (--\(sources.map(\.rawValue).joined(separator: " and --")) were both given)")
        }
        if let manifest = inv.value(.manifest) {
            if !inv.arguments.isEmpty { throw CLIError.usage("assess analyze: give recordings either as arguments or in --manifest, not both") }
            return try ManifestReader.jobs(path: manifest, defaultPassage: try passage(inv, required: false), inv: inv)
        }
        guard let p = try passage(inv, required: true) else { return [] }
        return inv.arguments.map { AnalyzeJob(file: $0, passageText: p.text, reading: p.ref, readingID: p.ref.id, student: nil, problem: nil) }
    }

    struct PassageSource {
        let text: String
        let ref: ReportJSON.ReadingRef
    }

    static func passage(_ inv: Invocation, required: Bool) throws -> PassageSource? {
        if let s = inv.value(.textString) {
            return try checked(PassageSource(text: s, ref: .init(id: nil, title: nil)), origin: "--text-string")
        }
        if let path = inv.value(.text) {
            let doc = try passageDocument(try readText(path), origin: path)
            return try checked(PassageSource(text: doc.body, ref: .init(id: nil, title: doc.fields["title"])), origin: path)
        }
        if let reading = inv.value(.reading) {
            let conn = try inv.openDatabase()
            defer { conn.close() }
            try Acting.resolve(inv, conn).require(.readReading, "may not read readings")
            return try ReadingLookup.find(reading, in: conn)
        }
        if required {
            throw CLIError.usage("assess analyze: give the passage with --text FILE, --text-string TEXT or --reading ID|TITLE")
        }
        return nil
    }

    /// A passage file may be Markdown with front matter (as `reading import` reads).
    static func passageDocument(_ text: String, origin: String) throws -> FrontMatter.Document {
        do { return try FrontMatter.parse(text) } catch let e as FrontMatter.ParseError { throw CLIError.badInput("\(origin): \(e)") }
    }

    static func checked(_ p: PassageSource, origin: String) throws -> PassageSource {
        guard WordTokenizer.count(p.text) > 0 else { throw CLIError.badInput("\(origin): the passage has no words") }
        return p
    }

    static func readText(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard FileManager.default.fileExists(atPath: path) else { throw CLIError.badInput("\(path): no such file") }
            guard let d = FileManager.default.contents(atPath: path) else { throw CLIError.badInput("\(path): cannot read it") }
            data = d
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError.badInput("\(path): not UTF-8 text") }
        return text
    }
}

