import ReadmasterCore

/// The measurements behind the calibrated scores, in a fixed order with stable
/// snake_case names: what `--explain` prints and what `bench/calibrate` fits on.
/// A value is NaN when it cannot be measured (no voiced frames, no pauses to average);
/// the calibration then uses the training mean, so the feature contributes nothing.
public struct Features: Sendable {
    public static let names = [
        // pronunciation: goodness of pronunciation over the forced alignment
        "gop_mean", "gop_p10", "gop_word_min", "gop_low_share", "phone_agreement", "posterior_mean", "posterior_min", "low_posterior_share",
        "lattice_gop_mean", "lattice_gop_p10", "loop_phone_error",
        // pronunciation as Whisper hears it: the log probability of each passage word read
        // in its place (`WordRecognizer.score`), and the share of passage words its free
        // decode wrote. Whisper was trained on far more voices than the adult acoustic
        // model behind the GOP features, children's and accented ones among them
        "support_mean", "support_p10", "support_low_share", "support_missing_share", "whisper_agreement",
        // reading accuracy from the word alignment
        "words_correct_share", "completeness_share",
        // rate and pauses
        "speaking_rate_wps", "articulation_rate_pps", "rate_cv", "pauses_per_word", "pause_mean_s",
        "pauses_in_phrase_per_word", "phrase_length_words", "long_pauses", "disfluencies_per_word",
        // pitch and intensity
        "pitch_range_st", "pitch_sd_st", "word_pitch_sd_st", "sentence_final_fall_st", "declination_st_per_s",
        "voiced_share", "word_intensity_sd_db",
        // who is speaking: children's voices are higher, and the acoustic model (adult
        // speech) fits them less well, which the pronunciation features must allow for
        "pitch_median_hz",
        // the text: raters fault a longer sentence of longer words more (on so762 these
        // two add 0.01-0.03 to every scale's correlation)
        "passage_words", "letters_per_word",
    ]

    public private(set) var values: [Double]

    init() { values = [Double](repeating: .nan, count: Features.names.count) }

    public init(values: [Double]) {
        precondition(values.count == Features.names.count)
        self.values = values
    }

    private static let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })

    public subscript(name: String) -> Double {
        get { Features.position[name].map { values[$0] } ?? .nan }
        set { values[Features.position[name]!] = newValue }
    }
}

/// Per-word measurements for the word pronunciation score.
public struct WordFeatures: Sendable {
    public static let names = ["gop_mean", "gop_min", "phone_agreement", "posterior", "seconds_per_phone", "phones", "aligned_correct",
                               "lattice_gop", "loop_phone_error",
                               // letters in the passage word: longer words give a reader more to get wrong
                               // (on so762 it adds 0.01 to the word correlation)
                               "letters",
                               // its phones against what a well-pronounced phone of each kind scores (PhoneNorms)
                               "phone_z_mean", "phone_z_min", "phone_z_low_share",
                               // the reader's level over the whole recording: raters judge words in that light
                               "recording_posterior_mean", "recording_words_correct_share", "recording_lattice_gop_mean",
                               // the recording's calibrated pronunciation rating (0-10): on so762 a word's rating
                               // correlates 0.50 with its sentence's, and this one number carries more of the
                               // reader's level than the three measurements above
                               "recording_pronunciation",
                               // Whisper's log probability of the word read in its place, and whether its
                               // free decode wrote this word (1) or not (0)
                               "support", "whisper_matched",
                               // the word's support against the reading's mean: raters judge a word
                               // against the reader's other words
                               "support_relative"]
    public let values: [Double]

    public init(values: [Double]) {
        precondition(values.count == WordFeatures.names.count)
        self.values = values
    }

    /// The same features with one of them replaced.
    public func setting(_ name: String, to value: Double) -> WordFeatures { setting([name], to: [value]) }

    public func setting(_ names: [String], to new: [Double]) -> WordFeatures {
        var v = values
        for (name, value) in zip(names, new) { v[WordFeatures.names.firstIndex(of: name)!] = value }
        return WordFeatures(values: v)
    }
}
