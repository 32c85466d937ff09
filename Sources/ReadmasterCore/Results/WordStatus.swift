/// What became of one passage word (docs/CONTRACTS.md, `words[].status`): written by the
/// engine, stored per word, corrected by teachers, drawn by the reading page.
public enum WordStatus: String, Sendable, CaseIterable {
    case correct, substitution, omission, hesitation, mispronunciation
    /// After the last word the reader reached: neither read nor an error.
    case notAttempted = "not_attempted"

    /// The statuses that count against words correct per minute.
    public var isError: Bool { self == .substitution || self == .omission || self == .hesitation }

    /// What a teacher may set with `assess correct --word` (not-attempted is where the
    /// reading stopped, not a judgement).
    public static let correctable: [WordStatus] = [.correct, .substitution, .omission, .hesitation, .mispronunciation]
}

/// The kinds of miscue a report lists (docs/CONTRACTS.md, `miscues[].type`).
public enum MiscueType: String, Sendable, CaseIterable {
    case omission, substitution, insertion, repetition
    case selfCorrection = "self_correction"
    case hesitation, mispronunciation
}
