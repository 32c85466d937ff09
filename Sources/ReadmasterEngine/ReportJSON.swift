import ReadmasterCore

/// The JSON report contract (docs/CONTRACTS.md): field names, order and meaning are binding.
public enum ReportJSON {
    public struct ReadingRef: Sendable {
        public let id: String?
        public let title: String?
        public init(id: String?, title: String?) {
            self.id = id
            self.title = title
        }
    }

    public static func report(file: String, reading: ReadingRef, result r: AnalysisResult, elapsed: Double) -> JSONValue {
        var members: [(String, JSONValue)] = []
        members.append(("file", .string(file)))
        members.append(("status", .string("ok")))
        let readingObject: [(String, JSONValue)] = [("id", opt(reading.id)), ("title", opt(reading.title)), ("words", .int(Int64(r.wordsTotal)))]
        members.append(("reading", .object(readingObject)))
        members.append(("duration_s", num(r.duration, 2)))
        members.append(("reading_s", num(r.readingSeconds, 2)))
        members.append(("words_total", .int(Int64(r.wordsTotal))))
        members.append(("words_attempted", .int(Int64(r.wordsAttempted))))
        members.append(("words_correct", .int(Int64(r.wordsCorrect))))
        members.append(("wcpm", num(r.wcpm, 1)))
        members.append(("wpm", num(r.wpm, 1)))
        members.append(("accuracy_pct", num(r.accuracyPercent, 1)))
        members.append(("completeness_pct", num(r.completenessPercent, 1)))
        members.append(("confidence", num(r.confidence, 2)))
        members.append(("scores", scores(r.scores)))
        members.append(("score_errors", scoreErrors(r.scoreErrors)))
        members.append(("prosody", prosody(r.prosody)))
        members.append(("words", .array(r.words.map(word))))
        members.append(("miscues", .array(r.miscues.map(miscue))))
        members.append(("transcript", .string(r.heardText)))
        members.append(("engine", engine(model: r.model)))
        members.append(("elapsed_s", num(elapsed, 2)))
        return .object(members)
    }

    static func scores(_ s: ScoreSet) -> JSONValue { .object(ScoreName.allCases.map { ($0.rawValue, score(s[$0])) }) }

    /// The expected error (± points) of each calibrated score: accuracy and completeness
    /// are counts, not estimates, and have none.
    static func scoreErrors(_ s: ScoreSet) -> JSONValue { .object(ScoreName.calibrated.map { ($0.rawValue, score(s[$0])) }) }

    static func prosody(_ p: AnalysisResult.Prosody) -> JSONValue {
        let level: JSONValue = p.level.map { .int(Int64($0)) } ?? .null
        let range: JSONValue = p.pitchRangeSemitones.map { num($0, 1) } ?? .null
        let members: [(String, JSONValue)] = [
            ("level", level), ("pitch_range_st", range), ("pauses", .int(Int64(p.pauses))),
            ("pauses_at_punctuation", .int(Int64(p.pausesAtPunctuation))), ("long_pauses", .int(Int64(p.longPauses))),
        ]
        return .object(members)
    }

    static func word(_ w: AnalysisResult.Word) -> JSONValue {
        let members: [(String, JSONValue)] = [
            ("index", .int(Int64(w.index))), ("expected", .string(w.expected)), ("status", .string(w.status.rawValue)),
            ("heard", opt(w.heard)), ("start_s", time(w.start)), ("end_s", time(w.end)), ("score", score(w.score)),
        ]
        return .object(members)
    }

    static func miscue(_ m: AnalysisResult.Miscue) -> JSONValue {
        let members: [(String, JSONValue)] = [
            ("type", .string(m.type.rawValue)), ("index", .int(Int64(m.index))), ("expected", opt(m.expected)),
            ("heard", opt(m.heard)), ("start_s", time(m.start)), ("end_s", time(m.end)),
        ]
        return .object(members)
    }

    static func time(_ t: Double?) -> JSONValue { t.map { num($0, 2) } ?? .null }

    /// A report with every field present, used to put stored reports (whose key order a
    /// database may not keep) back into contract order.
    public static let template: JSONValue = {
        let word = AnalysisResult.Word(index: 0, expected: "", status: .correct, heard: "", start: 0, end: 0, score: 0)
        let miscue = AnalysisResult.Miscue(type: .omission, index: 0, expected: "", heard: "", start: 0, end: 0)
        let r = AnalysisResult(duration: 0, readingSeconds: 0, wordsTotal: 0, wordsAttempted: 0, wordsCorrect: 0, wcpm: 0, wpm: 0,
                               accuracyPercent: 0, completenessPercent: 0,
                               scores: ScoreSet(Dictionary(uniqueKeysWithValues: ScoreName.allCases.map { ($0, 0) })),
                               prosody: .init(level: 0, pitchRangeSemitones: 0, pauses: 0, pausesAtPunctuation: 0, longPauses: 0),
                               words: [word], miscues: [miscue], confidence: 0, heardText: "")
        guard case var .object(members) = report(file: "", reading: .init(id: "", title: ""), result: r, elapsed: 0) else { return .null }
        members.append(("assessment_id", .string("")))
        return .object(members)
    }()

    public static func error(file: String, code: String, message: String) -> JSONValue {
        .object([("file", .string(file)), ("status", .string("error")),
                 ("error", .object([("code", .string(code)), ("message", .string(message))]))])
    }

    /// `model` names the Whisper file the words were heard with (it may be another than
    /// the installed tiny.en: `--model`).
    public static func engine(model: String) -> JSONValue {
        .object([("name", .string("readmaster")), ("version", .string(ReadmasterEngine.version)), ("model", .string(model))])
    }

    static func opt(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    static func num(_ v: Double, _ digits: Int) -> JSONValue {
        let scale = pow10(digits)
        return .double((v * scale).rounded() / scale)
    }

    static func score(_ v: Double?) -> JSONValue { v.map { .int(Int64($0.rounded())) } ?? .null }

    static func pow10(_ d: Int) -> Double { (0..<d).reduce(1.0) { r, _ in r * 10 } }
}
