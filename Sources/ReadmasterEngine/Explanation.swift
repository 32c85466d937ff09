import ReadmasterCore

/// Why a recording got its scores: every feature's value and how many score points
/// (0–100) it added to or took from each calibrated score, from the model's baseline
/// (the average training recording). `assess analyze --explain` prints this.
public struct Explanation: Sendable {
    public struct Row: Sendable {
        public let feature: String
        public let value: Double
        /// Score points per report score, in `Explanation.scores` order.
        public let points: [Double]
    }

    public static let scores = ScoreName.calibrated.map(\.rawValue)

    /// The score every model starts from, in points.
    public let baseline: [Double]
    public let rows: [Row]
    /// The final scores (baseline + all rows, clamped to 0–100).
    public let totals: [Double?]
    /// Each score's expected error (± points) on recordings like this one (`ScoreErrors`).
    public let errors: [Double?]
    public let calibration: String
    /// Per read word: its features, the word model's score, the reported score, and
    /// which rules of `Grading.wordScores` took points (`outlier_penalty`,
    /// `substitution_cap`), so a score that differs from the model's says why; and its
    /// phones as aligned, each with its goodness of pronunciation, so a low score shows
    /// which sound was off.
    public let words: [(index: Int, expected: String, score: Double?, model: Double, rules: [String], features: [Double], phones: [PhoneScore])]
    /// The word recogniser and decision policy, and each disputed word with its evidence.
    public let recognizer: String
    public let disputes: [(index: Int, expected: String, dispute: AnalysisResult.Dispute)]

    public init?(_ r: AnalysisResult, calibration: Calibration = .current) {
        guard let features = r.features else { return nil }
        let models = calibration.scoreModels.map(\.model)
        let explained = models.map { $0.explained { features[named: $0] } }
        baseline = explained.map { $0.baseline * 10 }
        let perModel = explained.map { e in Dictionary(uniqueKeysWithValues: e.contributions.map { ($0.feature, $0.points * 10) }) }
        rows = Features.names.map { name in Row(feature: name, value: features[named: name], points: perModel.map { $0[name] ?? 0 }) }
        totals = ScoreName.calibrated.map { r.scores[$0] }
        errors = ScoreName.calibrated.map { r.scoreErrors[$0] }
        self.calibration = calibration.id
        recognizer = r.recognizer
        disputes = r.disputes.map { ($0.index, r.words[$0.index].expected, $0) }
        words = r.words.indices.compactMap { i in
            guard i < r.wordFeatures.count, let f = r.wordFeatures[i], i < r.wordGrades.count, let g = r.wordGrades[i] else { return nil }
            let phones = i < r.wordPhones.count ? r.wordPhones[i] ?? [] : []
            return (i, r.words[i].expected, r.words[i].score, g.model, g.rules, f.values, phones)
        }
    }

    static func disputeJSON(_ d: (index: Int, expected: String, dispute: AnalysisResult.Dispute)) -> JSONValue {
        func num(_ v: Double?) -> JSONValue {
            guard let v, v.isFinite else { return .null }
            return .double((v * 100).rounded() / 100)
        }
        let heard: JSONValue = d.dispute.heard.map { .string($0) } ?? .null
        return .object([("index", .int(Int64(d.index))), ("expected", .string(d.expected)), ("heard", heard),
                        ("support", num(d.dispute.support)), ("acoustic_match", .bool(d.dispute.acousticMatch)),
                        ("miscue", .bool(d.dispute.upheld))])
    }

    public var json: JSONValue {
        func num(_ v: Double, _ d: Double = 1000) -> JSONValue { v.isFinite ? .double((v * d).rounded() / d) : .null }
        let features: [(String, JSONValue)] = rows.map { row in
            (row.feature, .object([("value", num(row.value))] + zip(Explanation.scores, row.points).map { ($0, num($1, 10)) }))
        }
        return .object([
            ("calibration", .string(calibration)),
            ("recognizer", .string(recognizer)),
            ("disputes", .array(disputes.map(Explanation.disputeJSON))),
            ("baseline", .object(zip(Explanation.scores, baseline).map { ($0, num($1, 10)) })),
            ("features", .object(features)),
            ("scores", .object(zip(Explanation.scores, totals).map { ($0, $1.map { .int(Int64($0)) } ?? .null) })),
            ("score_errors", .object(zip(Explanation.scores, errors).map { ($0, $1.map { .int(Int64($0.rounded())) } ?? .null) })),
            ("words", .array(words.map { w in
                .object([("index", .int(Int64(w.index))), ("expected", .string(w.expected)),
                         ("score", w.score.map { .int(Int64($0)) } ?? .null), ("model_score", .int(Int64(w.model))),
                         ("rules", .array(w.rules.map { .string($0) })),
                         ("phones", .array(w.phones.map { p in
                             .object([("phone", .string(p.phone)), ("start", num(Double(p.startFrame) / 100, 100)),
                                      ("end", num(Double(p.endFrame + 1) / 100, 100)), ("gop", num(p.gop, 100)),
                                      ("loop_agreement", num(p.agreement, 100))])
                         })),
                         ("features", .object(zip(WordFeatures.names, w.features).map { ($0, num($1)) }))])
            })),
        ])
    }
}
