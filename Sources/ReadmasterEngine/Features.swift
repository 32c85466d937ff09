import ReadmasterCore

/// One measurement behind the calibrated scores; its raw value is the stable snake_case
/// name `--explain` prints and a fitted model's terms name. Code names a feature by its
/// case, so a misspelt one does not compile.
public enum Feature: String, CaseIterable, Sendable {
    // pronunciation: goodness of pronunciation over the forced alignment
    case gopMean = "gop_mean", gopP10 = "gop_p10", gopWordMin = "gop_word_min", gopLowShare = "gop_low_share"
    case phoneAgreement = "phone_agreement", posteriorMean = "posterior_mean", posteriorMin = "posterior_min", lowPosteriorShare = "low_posterior_share"
    case latticeGopMean = "lattice_gop_mean", latticeGopP10 = "lattice_gop_p10", loopPhoneError = "loop_phone_error"
    // pronunciation as Whisper hears it: the log probability of each passage word read
    // in its place (`WordRecognizer.score`), and the share of passage words its free
    // decode wrote. Whisper was trained on far more voices than the adult acoustic
    // model behind the GOP features, children's and accented ones among them
    case supportMean = "support_mean", supportP10 = "support_p10", supportLowShare = "support_low_share", supportMissingShare = "support_missing_share"
    case whisperAgreement = "whisper_agreement"
    // reading accuracy from the word alignment
    case wordsCorrectShare = "words_correct_share", completenessShare = "completeness_share"
    // rate and pauses
    case speakingRateWps = "speaking_rate_wps", articulationRatePps = "articulation_rate_pps", rateCv = "rate_cv", pausesPerWord = "pauses_per_word"
    case pauseMeanS = "pause_mean_s"
    case pausesInPhrasePerWord = "pauses_in_phrase_per_word", phraseLengthWords = "phrase_length_words", longPauses = "long_pauses", disfluenciesPerWord = "disfluencies_per_word"
    // pitch and intensity
    case pitchRangeSt = "pitch_range_st", pitchSdSt = "pitch_sd_st", wordPitchSdSt = "word_pitch_sd_st", sentenceFinalFallSt = "sentence_final_fall_st"
    case declinationStPerS = "declination_st_per_s"
    case voicedShare = "voiced_share", wordIntensitySdDb = "word_intensity_sd_db"
    // who is speaking: children's voices are higher, and the acoustic model (adult
    // speech) fits them less well, which the pronunciation features must allow for
    case pitchMedianHz = "pitch_median_hz"
    // the text: raters fault a longer sentence of longer words more (on so762 these
    // two add 0.01-0.03 to every scale's correlation)
    case passageWords = "passage_words", lettersPerWord = "letters_per_word"

    /// Where this feature sits in `Features.values`.
    public var index: Int { Feature.indexOf[self]! }
    private static let indexOf = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
}

/// One measurement behind a word's pronunciation score (raw value: its name in models
/// and `--explain`).
public enum WordFeature: String, CaseIterable, Sendable {
    case gopMean = "gop_mean", gopMin = "gop_min", phoneAgreement = "phone_agreement", posterior
    case secondsPerPhone = "seconds_per_phone", phones, alignedCorrect = "aligned_correct"
    case latticeGop = "lattice_gop", loopPhoneError = "loop_phone_error"
    // letters in the passage word: longer words give a reader more to get wrong
    // (on so762 it adds 0.01 to the word correlation)
    case letters
    // its phones against what a well-pronounced phone of each kind scores (PhoneNorms)
    case phoneZMean = "phone_z_mean", phoneZMin = "phone_z_min", phoneZLowShare = "phone_z_low_share"
    // the reader's level over the whole recording: raters judge words in that light
    case recordingPosteriorMean = "recording_posterior_mean", recordingWordsCorrectShare = "recording_words_correct_share", recordingLatticeGopMean = "recording_lattice_gop_mean"
    // the recording's calibrated pronunciation rating (0-10): on so762 a word's rating
    // correlates 0.50 with its sentence's, and this one number carries more of the
    // reader's level than the three measurements above
    case recordingPronunciation = "recording_pronunciation"
    // Whisper's log probability of the word read in its place, and whether its
    // free decode wrote this word (1) or not (0)
    case support, whisperMatched = "whisper_matched"
    // the word's support against the reading's mean: raters judge a word
    // against the reader's other words
    case supportRelative = "support_relative"

    /// Where this feature sits in `WordFeatures.values`.
    public var index: Int { WordFeature.indexOf[self]! }
    private static let indexOf = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
}

/// The measurements behind the calibrated scores, in a fixed order with stable
/// snake_case names: what `--explain` prints and what `bench/calibrate` fits on.
/// A value is NaN when it cannot be measured (no voiced frames, no pauses to average);
/// the calibration then uses the training mean, so the feature contributes nothing.
public struct Features: Sendable {
    public static let names = Feature.allCases.map(\.rawValue)

    public private(set) var values: [Double]

    init() { values = [Double](repeating: .nan, count: Features.names.count) }

    public init(values: [Double]) {
        precondition(values.count == Features.names.count)
        self.values = values
    }

    private static let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })

    public subscript(feature: Feature) -> Double {
        get { values[feature.index] }
        set { values[feature.index] = newValue }
    }

    /// A feature named in data (a fitted model's terms); NaN for a name this engine does
    /// not measure (`CalibratedScoreTests` checks the shipped models name only known ones).
    public subscript(named name: String) -> Double { Features.position[name].map { values[$0] } ?? .nan }
}

/// Per-word measurements for the word pronunciation score.
public struct WordFeatures: Sendable {
    public static let names = WordFeature.allCases.map(\.rawValue)
    public let values: [Double]

    public init(values: [Double]) {
        precondition(values.count == WordFeatures.names.count)
        self.values = values
    }

    public subscript(feature: WordFeature) -> Double { values[feature.index] }

    /// The same features with one of them replaced.
    public func setting(_ feature: WordFeature, to value: Double) -> WordFeatures { setting([feature], to: [value]) }

    public func setting(_ features: [WordFeature], to new: [Double]) -> WordFeatures {
        var v = values
        for (feature, value) in zip(features, new) { v[feature.index] = value }
        return WordFeatures(values: v)
    }
}
