/// The report's score names (docs/CONTRACTS.md, `scores`), spelled once: the report,
/// `--explain`, the analyze table, the stored columns, the HTML page and
/// `bench/calibrate` all walk these cases, so a new score is a new case here.
public enum ScoreName: String, Sendable, CaseIterable, Hashable {
    case accuracy, fluency, prosody, completeness, pronunciation, overall

    /// The calibrated scores (fitted to experts' ratings by `bench/calibrate`), in the
    /// order `--explain` and the one-line-per-recording table show them. Accuracy and
    /// completeness are counts of words, not estimates.
    public static let calibrated: [ScoreName] = [.fluency, .prosody, .pronunciation, .overall]

    public var isCalibrated: Bool { ScoreName.calibrated.contains(self) }

    /// What a calibrated score estimates: the expert rating it is fitted to (the scale's
    /// name in speechocean762's labels, which `bench/calibrate` reads); nil for a count.
    public var expertRating: String? {
        switch self {
        case .pronunciation: "accuracy"
        case .fluency: "fluency"
        case .prosody: "prosodic"
        case .overall: "total"
        case .accuracy, .completeness: nil
        }
    }
}

/// One value per score (a score, or its expected error), nil where it was not measured.
public struct ScoreSet: Sendable, Equatable {
    private var values: [ScoreName: Double]

    public init(_ values: [ScoreName: Double] = [:]) { self.values = values }

    public subscript(name: ScoreName) -> Double? {
        get { values[name] }
        set { values[name] = newValue }
    }
}
