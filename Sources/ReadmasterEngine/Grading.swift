/// Applies the calibrated models to a result: the 0–100 scores, each read word's
/// pronunciation score, mispronunciation miscues, and the prosody level.
public enum Grading {
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
        let scores = wordScores(scored.map { calibration.wordScore(words[$0]!) }, features: scored.map { words[$0]! },
                                substitution: scored.map { result.words[$0].status == .substitution })
        for (k, i) in scored.enumerated() {
            let score = scores[k]
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

    /// GOP (per frame) below which the passage word's phones clearly do not fit the audio:
    /// on so762 the median word rated 10 has −1.8, the median rated 3 or less −9.5.
    static let passageWordNotSaid = -8.0

    /// The reported 0–100 score of each scored word of one reading: the calibrated word
    /// model's, less the within-reading penalty; a word heard as another word scores at
    /// most 30 (on the raters' scale another word said is a 2 or 3) when its GOP against
    /// the passage word's phones agrees that the passage word was not said. Not on the
    /// recogniser's word alone: on so762, 73 % of the words it heard as another word
    /// were rated 10 by the experts (accented readings); capping all of them lowered the
    /// word correlation 0.39 → 0.34, capping only those the GOP confirms 0.39 → 0.36.
    /// `bench/calibrate` scores words through this too.
    public static func wordScores(_ model: [Double], features: [WordFeatures], substitution: [Bool]) -> [Double] {
        let penalties = relativePenalties(features)
        let gop = WordFeatures.names.firstIndex(of: "gop_mean")!
        return model.indices.map { k in
            let score = max(0, model[k] - penalties[k])
            return substitution[k] && features[k].values[gop] < passageWordNotSaid ? min(score, 30) : score
        }
    }

    /// Score points taken from each word whose goodness of pronunciation (forced
    /// alignment against the phone loop) falls far below the same reader's other words:
    /// 20 points per standard deviation beyond two deviations under the reader's mean.
    /// The calibrated word model learned from short sentences by accented readers and
    /// hardly sees a single wrong vowel; within one longer reading such an acoustic
    /// outlier is what a teacher hears as mispronounced. Per-word GOP is noisy (a clean
    /// reading's words spread over about ±1.5 deviations, and move that much between two
    /// recordings of the same audio), so only clear outliers lose points: on so762
    /// readings of 8 words or more this costs the word correlation 0.45 → 0.44, where the
    /// earlier rule (10 points per deviation beyond half a deviation, on GOP and on the
    /// recogniser's own word score) cost 0.45 → 0.32. Needs at least 8 words.
    public static func relativePenalties(_ words: [WordFeatures]) -> [Double] {
        guard words.count >= 8 else { return words.map { _ in 0 } }
        let k = WordFeatures.names.firstIndex(of: "gop_mean")!
        let v = words.map { $0.values[k] }
        let finite = v.filter(\.isFinite)
        guard finite.count >= 8 else { return words.map { _ in 0 } }
        let m = finite.reduce(0, +) / Double(finite.count)
        let sd = (finite.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(finite.count)).squareRoot()
        guard sd > 0 else { return words.map { _ in 0 } }
        return v.map { $0.isFinite ? 20 * max(0, (m - $0) / sd - 2) : 0 }
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
