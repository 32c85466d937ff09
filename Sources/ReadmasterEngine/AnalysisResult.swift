import ReadmasterCore

/// What the engine concluded about one reading of one passage. The JSON report of
/// docs/CONTRACTS.md is rendered from this (see `ReportJSON`).
public struct AnalysisResult: Sendable {
    public struct Word: Sendable {
        public let index: Int
        public let expected: String
        public var status: WordStatus
        public var heard: String?
        public var start: Double?
        public var end: Double?
        public var score: Double?
    }

    public struct Miscue: Sendable {
        public let type: MiscueType
        /// Passage word index; for an insertion, the index of the next passage word.
        public let index: Int
        public let expected: String?
        public let heard: String?
        public let start: Double?
        public let end: Double?
    }

    public struct Prosody: Sendable {
        public var level: Int?
        public var pitchRangeSemitones: Double?
        public var pauses: Int
        public var pausesAtPunctuation: Int
        public var longPauses: Int
    }

    public let duration: Double
    public let readingSeconds: Double
    public let wordsTotal: Int
    public let wordsAttempted: Int
    public let wordsCorrect: Int
    public let wcpm: Double
    public let wpm: Double
    public let accuracyPercent: Double
    public let completenessPercent: Double
    public var scores: ScoreSet
    /// Per calibrated score, how far it is expected to be from the experts' rating
    /// (`ScoreErrorBands`, points on the 0–100 scale); nil where the score or its error was not measured.
    public var scoreErrors = ScoreSet()
    public var prosody: Prosody
    public var words: [Word]
    public var miscues: [Miscue]
    /// 0…1: how much to trust this result (low values go to teacher review).
    public let confidence: Double
    /// What the recogniser heard, in order, for debugging and transcripts.
    public let heardText: String
    /// The measurements behind the calibrated scores (`--explain`).
    public var features: Features?
    /// Per passage word, the measurements behind its pronunciation score.
    public var wordFeatures: [WordFeatures?] = []
    /// Per passage word read, its phones as the forced alignment placed them, each with
    /// its goodness of pronunciation (nil where the word was not read or not aligned).
    public var wordPhones: [[PhoneScore]?] = []
    /// Per passage word, how its score came about (nil where it has none).
    public var wordGrades: [WordGrade?] = []
    /// Each passage word Whisper's transcript disagreed with, and how the second check
    /// (`WordDecisions`) decided it.
    public var disputes: [Dispute] = []
    /// The word recogniser and the decision policy behind the statuses (`--explain`).
    public var recognizer: String = ""
    /// The models behind the result, for the report's engine.model.
    public var model: String = ReadmasterEngine.modelName

    public struct Dispute: Sendable {
        public let index: Int
        /// What the transcript had in its place (nil: nothing, an omission).
        public let heard: String?
        /// log P of the passage word read in its place (nil where it could not be measured).
        public let support: Double?
        /// Whether PocketSphinx, decoding with the passage model, placed the passage word there.
        public let acousticMatch: Bool
        /// True when the miscue stands; false when the check found the word was read.
        public let upheld: Bool
    }
}
