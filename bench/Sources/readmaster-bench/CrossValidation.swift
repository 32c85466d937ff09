import Foundation
import ReadmasterCore
import ReadmasterEngine
import Synchronization

// Speaker-grouped cross-validation over the whole corpus: every speaker is scored once by
// models fitted without any of their recordings, and every setting (ridge penalty and
// hinges, the output curve, the phone norms, the stacked rating the word model reads) is
// chosen inside the training part of each fold. A single fixed split of 200 recordings
// moved by ±0.02–0.04 between equally good variants and overstated what new speakers see.

/// Speakers dealt into folds within each age band, so every fold holds children, teenagers
/// and adults in about the corpus's proportions.
struct SpeakerFolds {
    let count: Int
    let fold: [String: Int]

    enum AgeBand: String, CaseIterable {
        case children = "6-12", teenagers = "13-15", adults = "16+"
        init(age: Int) { self = age <= 12 ? .children : age <= 15 ? .teenagers : .adults }
    }

    init(_ corpus: [Utterance], count: Int) {
        self.count = count
        var age: [String: Int] = [:]
        for u in corpus { age[u.speaker] = u.age }
        // Within a band, speakers in the order of a hash of their id: deterministic, and
        // not the corpus's id order (ids were handed out in recording sessions).
        func hash(_ s: String) -> UInt64 { s.utf8.reduce(0xcbf29ce484222325) { ($0 ^ UInt64($1)) &* 0x100000001b3 } }
        var fold: [String: Int] = [:], next = 0
        for band in AgeBand.allCases {
            let members = age.keys.filter { AgeBand(age: age[$0]!) == band }.sorted { hash($0) < hash($1) }
            for s in members { fold[s] = next % count; next += 1 }
        }
        self.fold = fold
    }
}

/// Which features a variant's models may use.
struct FeatureSet {
    let name: String
    let recording: [String]
    let word: [String]

    static let all = FeatureSet(name: "all features", recording: Features.names, word: WordFeatures.names)

    /// Every feature but these (recording and word names alike).
    static func without(_ name: String, _ dropped: Set<String>) -> FeatureSet {
        FeatureSet(name: name, recording: Features.names.filter { !dropped.contains($0) },
                   word: WordFeatures.names.filter { !dropped.contains($0) })
    }

    /// The feature families whose out-of-fold contribution `calibrate` measures.
    static let ablations: [FeatureSet] = [
        without("without Whisper's evidence", ["support_mean", "support_p10", "support_low_share", "support_missing_share",
                                               "whisper_agreement", "support", "whisper_matched", "support_relative"]),
        without("without GOP and phone loop", ["gop_mean", "gop_p10", "gop_word_min", "gop_low_share", "phone_agreement",
                                               "lattice_gop_mean", "lattice_gop_p10", "loop_phone_error", "gop_min", "lattice_gop",
                                               "phone_z_mean", "phone_z_min", "phone_z_low_share", "recording_lattice_gop_mean"]),
        without("without PocketSphinx posteriors", ["posterior_mean", "posterior_min", "low_posterior_share", "posterior",
                                                    "recording_posterior_mean"]),
        without("without pitch and intensity", ["pitch_range_st", "pitch_sd_st", "word_pitch_sd_st", "sentence_final_fall_st",
                                                "declination_st_per_s", "voiced_share", "word_intensity_sd_db", "pitch_median_hz"]),
    ]

    func project(_ row: [Double], names all: [String], keep: [String]) -> [Double] {
        keep.map { row[all.firstIndex(of: $0)!] }
    }
}

/// Out-of-fold predictions: per rated scale, one per recording (0–10, through the output
/// curve); per scored word, the reported score (0–10) next to its rating.
struct OutOfFold {
    var recording: [String: [Double]] = [:]
    var words: [(recording: Int, predicted: Double, human: Double)] = []
    var unscoredWords = 0
    /// Rated words of recordings whose word count did not match the passage's.
    var skippedWords = 0
}

func crossValidate(corpus: [Utterance], measured: [Measured], folds: SpeakerFolds, features set: FeatureSet, childWeight: Int = 1) -> OutOfFold {
    // Folds are independent: they run on every core, each filling in its own speakers.
    let merged = Mutex(OutOfFold())
    merged.withLock { out in for (scale, _) in ratedScales { out.recording[scale] = [Double](repeating: .nan, count: corpus.count) } }
    DispatchQueue.concurrentPerform(iterations: folds.count) { k in
        let train = corpus.indices.filter { folds.fold[corpus[$0].speaker] != k }
        let test = corpus.indices.filter { folds.fold[corpus[$0].speaker] == k }
        let fitted = fitAll(corpus: corpus, measured: measured, recordings: train, features: set, childWeight: childWeight)
        var predicted: [String: [Int: Double]] = [:]
        for i in test {
            let row = featureRow(measured[i])
            for (scale, score) in ratedScales {
                predicted[scale, default: [:]][i] = fitted.recording[score]!.predict { Features.names.firstIndex(of: $0).map { row[$0] } ?? .nan }
            }
        }
        let zMeasured = withPhoneZ(measured, fitted.norms)
        var words: [(recording: Int, predicted: Double, human: Double)] = [], unscored = 0, skipped = 0
        for i in test {
            guard measured[i].words.count == corpus[i].wordLabels.count else { skipped += corpus[i].wordLabels.count; continue }
            let (reported, _) = reportedWordScores(fitted.word, zMeasured[i].words, rating: predicted["accuracy"]![i]!)
            for (j, label) in corpus[i].wordLabels.enumerated() {
                guard let score = reported[j] else { unscored += 1; continue }
                words.append((i, score, label))
            }
        }
        merged.withLock { out in
            for (scale, values) in predicted { for (i, v) in values { out.recording[scale]![i] = v } }
            out.words += words
            out.unscoredWords += unscored
            out.skippedWords += skipped
        }
    }
    var out = merged.withLock { $0 }
    // Pool words in a fixed order whatever order the folds finished in.
    out.words.sort { $0.recording < $1.recording }
    return out
}

/// The models fitted on `recordings` alone: one per rated scale, the phone norms, and the
/// word model stacked on the pronunciation model's out-of-fold ratings.
struct FittedModels {
    var recording: [String: Blend] = [:]
    var descriptions: [String: String] = [:]
    var word: Blend
    var wordDescription: String
    var norms: PhoneNorms
}

/// `childWeight`: each child's recording counts this many times (the product's readers are children).
func fitAll(corpus: [Utterance], measured: [Measured], recordings all: [Int], features set: FeatureSet, childWeight: Int = 1) -> FittedModels {
    let recordings = all.flatMap { SpeakerFolds.AgeBand(age: corpus[$0].age) == .children ? Array(repeating: $0, count: childWeight) : [$0] }
    var models: [String: Blend] = [:], descriptions: [String: String] = [:]
    var rating = [Double](repeating: .nan, count: corpus.count)
    let x = recordings.map { set.project(featureRow(measured[$0]), names: Features.names, keep: set.recording) }
    let groups = recordings.map { corpus[$0].speaker }
    for (scale, score) in ratedScales {
        let (model, description, oof) = fitBlend(names: set.recording, x: x, y: recordings.map { corpus[$0].labels[scale]! },
                                                 groups: groups, minLeaf: 15, shares: recordingShares)
        models[score] = model
        descriptions[score] = description
        if score == "pronunciation" { for (j, i) in recordings.enumerated() { rating[i] = oof[j] } }
    }
    let norms = fitPhoneNorms(corpus, measured, recordings)
    let words = wordTrainingSet(corpus, withPhoneZ(measured, norms), recordings, rating: rating)
    let (wordModel, wordDescription, _) = fitBlend(names: set.word, x: words.x.map { set.project($0, names: WordFeatures.names, keep: set.word) },
                                                   y: words.y, groups: words.groups, minLeaf: 40)
    return FittedModels(recording: models, descriptions: descriptions, word: wordModel, wordDescription: wordDescription, norms: norms)
}

/// Pooled and per-fold correlations of one variant.
struct CrossValidationSummary {
    struct Row { let pooled: Double; let folds: [Double]; let children: Double; let baseline: Double; var childrenBaseline = Double.nan }
    var rows: [(label: String, row: Row)] = []

    init(corpus: [Utterance], measured: [Measured], folds: SpeakerFolds, oof: OutOfFold) {
        let children = Set(corpus.indices.filter { SpeakerFolds.AgeBand(age: corpus[$0].age) == .children })
        let rate = corpus.indices.map { speakingRate(corpus[$0], measured[$0]) }
        for (scale, score) in ratedScales {
            let p = oof.recording[scale]!, h = corpus.map { $0.labels[scale]! }
            let perFold = (0..<folds.count).map { k in
                let idx = corpus.indices.filter { folds.fold[corpus[$0].speaker] == k }
                return pearson(idx.map { p[$0] }, idx.map { h[$0] })
            }
            let kids = corpus.indices.filter { children.contains($0) }
            rows.append(("\(scale) → \(score)", Row(pooled: pearson(p, h), folds: perFold,
                                                    children: pearson(kids.map { p[$0] }, kids.map { h[$0] }),
                                                    baseline: pearson(rate, h), childrenBaseline: pearson(kids.map { rate[$0] }, kids.map { h[$0] }))))
        }
        let w = oof.words
        let perFold = (0..<folds.count).map { k in
            let sel = w.filter { folds.fold[corpus[$0.recording].speaker] == k }
            return pearson(sel.map(\.predicted), sel.map(\.human))
        }
        let kids = w.filter { children.contains($0.recording) }
        rows.append(("word → words[].score", Row(pooled: pearson(w.map(\.predicted), w.map(\.human)), folds: perFold,
                                                 children: pearson(kids.map(\.predicted), kids.map(\.human)), baseline: .nan)))
    }

    func pooled(_ label: String) -> Double { rows.first { $0.label.hasPrefix(label) }!.row.pooled }
}

func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(v.count, 1)) }
func sd(_ v: [Double]) -> Double {
    let m = mean(v)
    return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(v.count - 1, 1))).squareRoot()
}

/// Expected error of each calibrated score by band of the score itself: the root mean
/// square of out-of-fold score − rating (both 0–100) over the recordings whose score fell
/// in the band. A band with fewer than 30 recordings takes its neighbour's error.
func expectedErrors(corpus: [Utterance], oof: OutOfFold) -> [String: ScoreErrorBands] {
    var out: [String: ScoreErrorBands] = [:]
    for (scale, score) in ratedScales {
        let predicted = oof.recording[scale]!.map(Calibration.percent)
        let human = corpus.map { $0.labels[scale]! * 10 }
        var errors: [Double] = []
        for (lower, upper) in zip(ScoreErrorBands.lowerBounds, ScoreErrorBands.lowerBounds.dropFirst() + [101]) {
            let sel = predicted.indices.filter { predicted[$0] >= lower && predicted[$0] < upper && predicted[$0].isFinite }
            errors.append(sel.count >= 30 ? (sel.reduce(0) { $0 + pow(predicted[$1] - human[$1], 2) } / Double(sel.count)).squareRoot() : .nan)
        }
        // Fill a thin band from the nearest band that has an error.
        for k in errors.indices where errors[k].isNaN {
            let nearest = errors.indices.filter { errors[$0].isFinite }.min { abs($0 - k) < abs($1 - k) }
            errors[k] = nearest.map { errors[$0] } ?? 15
        }
        out[score] = ScoreErrorBands(errors: errors.map { ($0 * 10).rounded() / 10 })
    }
    return out
}
