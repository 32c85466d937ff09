/// How one read word's reported score came about: the calibrated word model's score,
/// the score after the reading-level rules of `Grading.wordGrades`, and which of those
/// rules took points (`outlier_penalty`, `substitution_cap`), for `--explain`.
public struct WordGrade: Sendable, Equatable {
    public let model: Double
    public let score: Double
    public let rules: [String]
}
