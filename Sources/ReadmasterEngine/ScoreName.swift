/// The report's score names (docs/CONTRACTS.md, `scores`), spelled once.
public enum ScoreName: String, Sendable, CaseIterable {
    case accuracy, fluency, prosody, completeness, pronunciation, overall

    /// The calibrated scores, in the order the models produce them: what `--explain`
    /// breaks down and the one-line-per-recording table shows.
    public static let calibrated: [ScoreName] = [.fluency, .prosody, .pronunciation, .overall]
}
