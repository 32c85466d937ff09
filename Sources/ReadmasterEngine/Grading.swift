/// Applies the calibrated models to a result: the 0–100 scores, each read word's
/// pronunciation score, mispronunciation miscues, and the prosody level.
enum Grading {
    /// A word the recogniser accepted whose pronunciation score is below this is a
    /// mispronunciation: on the raters' scale, most of its sounds were wrong.
    static let mispronouncedBelow = 40.0

    static func apply(_ calibration: Calibration, features: Features, words: [WordFeatures?], to result: inout AnalysisResult) {
        result.features = features
        result.wordFeatures = words
        result.scores.fluency = calibration.score(calibration.fluency, features)
        result.scores.prosody = calibration.score(calibration.prosody, features)
        result.scores.pronunciation = calibration.score(calibration.pronunciation, features)
        result.scores.overall = calibration.score(calibration.overall, features)
        let range = features["pitch_range_st"]
        result.prosody.pitchRangeSemitones = range.isFinite ? (range * 10).rounded() / 10 : nil
        result.prosody.level = level(prosodyScore: result.scores.prosody ?? 0, features: features, words: result.wordsAttempted)

        let scored = result.words.indices.filter { words[$0] != nil }
        let penalties = Grading.relativePenalties(scored.map { words[$0]! })
        for (k, i) in scored.enumerated() {
            let w = words[i]!
            var score = max(0, calibration.wordScore(w) - penalties[k])
            // On the raters' scale another word said is a 2 or 3.
            if result.words[i].status == .substitution { score = min(score, 30) }
            result.words[i].score = score
            if result.words[i].status == .correct, score < mispronouncedBelow {
                result.words[i].status = .mispronunciation
                let word = result.words[i]
                result.miscues.append(.init(type: .mispronunciation, index: i, expected: word.expected, heard: word.heard,
                                            start: word.start, end: word.end))
            }
        }
        result.miscues.sort { ($0.index, $0.start ?? 0) < ($1.index, $1.start ?? 0) }
    }

    /// Score points taken from each word whose goodness of pronunciation falls far below
    /// the same reader's other words, on both measures (forced-alignment GOP and the
    /// recogniser's word score against the loop): 10 points per standard deviation
    /// beyond half a deviation under the reader's mean, per measure. The calibrated
    /// word model learned from short sentences by accented adults and children, where
    /// the recogniser's confidence says most; within one longer reading, the acoustic
    /// outliers are what a teacher hears as mispronounced. Needs at least 8 words.
    public static func relativePenalties(_ words: [WordFeatures]) -> [Double] {
        guard words.count >= 8 else { return words.map { _ in 0 } }
        func z(_ name: String) -> [Double] {
            let k = WordFeatures.names.firstIndex(of: name)!
            let v = words.map { $0.values[k] }
            let finite = v.filter(\.isFinite)
            guard finite.count >= 8 else { return v.map { _ in 0 } }
            let m = finite.reduce(0, +) / Double(finite.count)
            let sd = (finite.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(finite.count)).squareRoot()
            return v.map { $0.isFinite && sd > 0 ? ($0 - m) / sd : 0 }
        }
        let gop = z("gop_mean"), lattice = z("lattice_gop")
        return zip(gop, lattice).map { 10 * max(0, -$0 - 0.5) + 10 * max(0, -$1 - 0.5) }
    }

    /// NAEP oral reading fluency scale: 1 word by word, 2 mostly two-word phrases,
    /// 3 three- or four-word phrase groups, 4 larger meaningful phrase groups with
    /// expression. The calibrated prosody score gives the level; on readings long
    /// enough to judge phrasing, the words read between pauses cap it.
    static func level(prosodyScore: Double, features: Features, words: Int) -> Int {
        var level = prosodyScore >= 80 ? 4 : prosodyScore >= 60 ? 3 : prosodyScore >= 40 ? 2 : 1
        let phrase = features["phrase_length_words"]
        if words >= 8, phrase.isFinite {
            let phrasing = phrase < 1.6 ? 1 : phrase < 2.6 ? 2 : phrase < 4 ? 3 : 4
            level = min(level, phrasing)
        }
        return level
    }
}
