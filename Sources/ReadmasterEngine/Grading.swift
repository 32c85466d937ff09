import ReadmasterCore

/// Applies the calibrated models to a result: the 0–100 scores, each read word's
/// pronunciation score, and the prosody level. A low word score no longer makes a
/// mispronunciation miscue: on children's accented speech it flagged words the raters
/// found correct, and the word decisions are Whisper's (`WordDecisions`).
public enum Grading {
    static func apply(_ calibration: Calibration, features: Features, words measured: [WordFeatures?], to result: inout AnalysisResult) {
        let rating = calibration.models[.pronunciation]!.predict { features[named: $0] }
        let words = measured.indices.map { i in
            measured[i].map { w in
                let phones = i < result.wordPhones.count ? result.wordPhones[i] ?? [] : []
                let z = calibration.phoneNorms.wordFeatures(phones: phones.map(\.phone), gops: phones.map(\.gop))
                return w.setting(.recordingPronunciation, to: rating).setting(PhoneNorms.featureNames, to: z)
            }
        }
        result.features = features
        result.wordFeatures = words
        for (name, model) in calibration.scoreModels {
            let score = name == .pronunciation ? Calibration.percent(rating) : calibration.score(model, features)
            result.scores[name] = score
            result.scoreErrors[name] = calibration.errors[name]?.error(at: score)
        }
        let range = features[.pitchRangeSt]
        result.prosody.pitchRangeSemitones = range.isFinite ? (range * 10).rounded() / 10 : nil
        result.prosody.level = level(prosodyScore: result.scores[.prosody] ?? 0, features: features, words: result.wordsAttempted)

        let scored = result.words.indices.filter { words[$0] != nil }
        let grades = wordGrades(scored.map { calibration.wordScore(words[$0]!) }, features: scored.map { words[$0]! },
                                substitution: scored.map { result.words[$0].status == .substitution })
        result.wordGrades = [WordGrade?](repeating: nil, count: result.words.count)
        for (k, i) in scored.enumerated() {
            let score = grades[k].score
            result.wordGrades[i] = grades[k]
            result.words[i].score = score
        }
    }

    /// GOP (per frame) below which the passage word's phones clearly do not fit the audio:
    /// on so762 the median word rated 10 has −1.8, the median rated 3 or less −9.5.
    static let passageWordNotSaid = -8.0

    /// Share of the passage words read that the recogniser accepted, from which on its
    /// word for another word is believed (see `wordScores`).
    static let recogniserTrusted = 0.9

    /// The reported 0–100 score of each scored word of one reading: the calibrated word
    /// model's, less the within-reading penalty. A word heard as another word whose GOP
    /// against the passage word's phones agrees (below −8 per frame) scores at most 30,
    /// another word said on the raters' scale, but only in a reading where the
    /// recogniser accepted at least 90 % of the words: on clean native readings it makes
    /// at most one spurious miscue per 50 words, so there its substitutions are real.
    /// On accented speech it is not to be believed: on so762 (held-out speakers) 666
    /// words met the GOP condition, the experts rated 440 of them 10 and 155 three or
    /// less, nothing the engine measures told the two apart, and capping them lowered
    /// the word correlation 0.50 → 0.36; so762 readings rarely reach 90 %, so there the
    /// word model (which knows the word was heard as another) decides.
    /// `bench/calibrate` scores words through this too.
    public static func wordScores(_ model: [Double], features: [WordFeatures], substitution: [Bool]) -> [Double] {
        wordGrades(model, features: features, substitution: substitution).map(\.score)
    }

    /// `wordScores` with the model's score and the rules that took points kept.
    public static func wordGrades(_ model: [Double], features: [WordFeatures], substitution: [Bool]) -> [WordGrade] {
        let penalties = relativePenalties(features)
        let gop = WordFeature.gopMean.index
        let accepted = WordFeature.recordingWordsCorrectShare.index
        return model.indices.map { k in
            var rules: [String] = []
            var score = max(0, model[k] - penalties[k])
            if penalties[k] > 0 { rules.append("outlier_penalty") }
            let believed = features[k].values[accepted] >= recogniserTrusted && features[k].values[gop] < passageWordNotSaid
            if substitution[k], believed, score > 30 {
                score = 30
                rules.append("substitution_cap")
            }
            return WordGrade(model: model[k], score: score, rules: rules)
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
        let k = WordFeature.gopMean.index
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
        let phrase = features[.phraseLengthWords]
        if words >= 8, phrase.isFinite {
            let phrasing = phrase < 1.6 ? 1 : phrase < 2.6 ? 2 : phrase < 4 ? 3 : 4
            level = min(level, phrasing)
        }
        return level
    }
}
