import Foundation

/// Decides each passage word from what Whisper heard, and keeps from the acoustic
/// analysis (PocketSphinx) what it measures well: the reading time, the phone-level
/// evidence and the calibrated scores.
///
/// A word is correct unless the evidence of a miscue is strong; the thresholds are in
/// `MiscuePolicy`, chosen on real children's readings.
enum WordDecisions {
    static func decide(hearing: Hearing, passage: PassageModel, acoustic: AnalysisResult, policy: MiscuePolicy,
                       sourceSampleRate: Int, recognizer: String, speech: [VoiceActivity.Region]) -> AnalysisResult {
        let spoken = hearing.words.map {
            HeardWord(word: $0.token, start: $0.start, end: $0.end, posterior: $0.probability, acousticPerFrame: 0)
        }
        let (decided, steps, disputes) = confirmed(hearing.alignment,
                                                   heard: spoken, support: hearing.support, acoustic: acoustic, passage: passage,
                                                   policy: policy)
        let heard = timed(decided, steps: steps, acoustic: acoustic)
        var result = Scoring.score(passage: passage, heard: heard, steps: steps, duration: acoustic.duration,
                                   sourceSampleRate: sourceSampleRate, readingSeconds: acoustic.readingSeconds, speech: speech)
        result.scores = acoustic.scores
        result.scoreErrors = acoustic.scoreErrors
        result.scores[.accuracy] = result.wordsAttempted > 0 ? result.accuracyPercent.rounded() : nil
        result.scores[.completeness] = result.completenessPercent.rounded()
        result.prosody = acoustic.prosody
        result.features = acoustic.features
        result.wordFeatures = acoustic.wordFeatures
        result.wordPhones = acoustic.wordPhones
        result.wordGrades = acoustic.wordGrades
        result.disputes = disputes
        result.recognizer = "\(recognizer); miscue policy \(policy.summary)"
        for i in result.words.indices where i < acoustic.words.count && result.words[i].status != .notAttempted {
            result.words[i].score = acoustic.words[i].score
        }
        return result
    }

    /// Word times from the acoustic alignment where it placed the same passage word:
    /// Whisper's token times are rough (tenths of a second off, more at a piece's edges),
    /// and pauses, hesitations and the phone evidence need the word's real edges. A time
    /// that would run backwards is left as Whisper gave it.
    static func timed(_ heard: [HeardWord], steps: [AlignmentStep], acoustic: AnalysisResult) -> [HeardWord] {
        var out = heard
        var previousEnd = -Double.infinity
        for step in steps {
            switch step {
            case let .match(p, h), let .substitution(p, h):
                if p < acoustic.words.count, let s = acoustic.words[p].start, let e = acoustic.words[p].end, s >= previousEnd {
                    let w = heard[h]
                    out[h] = HeardWord(word: w.word, start: s, end: e, posterior: w.posterior, acousticPerFrame: w.acousticPerFrame)
                }
                previousEnd = max(previousEnd, out[h].end)
            case let .insertion(h, _):
                previousEnd = max(previousEnd, out[h].end)
            case .omission: break
            }
        }
        return out
    }

    /// The alignment after the policy's two checks (`MiscuePolicy`): a passage word Whisper
    /// wrote as another word, or left out, that PocketSphinx placed and the audio supports
    /// becomes a match; a word Whisper wrote that PocketSphinx found missing and the audio
    /// does not support becomes an omission. Prompted with the passage, Whisper drops words
    /// a child said, writes near-homophones and sometimes writes a skipped word.
    static func confirmed(_ steps: [AlignmentStep], heard: [HeardWord], support: [WordSupport?], acoustic: AnalysisResult,
                          passage: PassageModel, policy: MiscuePolicy) -> (heard: [HeardWord], steps: [AlignmentStep], disputes: [AnalysisResult.Dispute]) {
        var outHeard: [HeardWord] = [], outSteps: [AlignmentStep] = []
        var disputes: [AnalysisResult.Dispute] = []
        func read(_ p: Int, heard: String?) -> Bool {
            let s = support[p]
            let status = p < acoustic.words.count ? acoustic.words[p].status : .omission
            let matched = status == .correct || status == .hesitation
            let read = s.map { policy.read($0, acousticallyMatched: matched) } ?? false
            disputes.append(.init(index: p, heard: heard, support: s?.logProbability, acousticMatch: matched, upheld: !read))
            return read
        }
        for (k, step) in steps.enumerated() {
            switch step {
            case let .match(p, h):
                // Prompted with the passage, Whisper sometimes writes a word the reader
                // skipped: when PocketSphinx found it missing too and the audio does not
                // bear it out, it is an omission (and the written word is dropped).
                if p < acoustic.words.count, acoustic.words[p].status == .omission, let s = support[p],
                   !policy.supported(s) {
                    disputes.append(.init(index: p, heard: heard[h].word, support: s.logProbability, acousticMatch: false, upheld: true))
                    outSteps.append(.omission(passage: p))
                    continue
                }
                outSteps.append(.match(passage: p, heard: outHeard.count))
                outHeard.append(heard[h])
            case let .substitution(p, h):
                if read(p, heard: heard[h].word) {
                    let w = heard[h]
                    outSteps.append(.match(passage: p, heard: outHeard.count))
                    outHeard.append(HeardWord(word: passage.tokens[p], start: w.start, end: w.end, posterior: w.posterior,
                                              acousticPerFrame: w.acousticPerFrame))
                } else {
                    outSteps.append(.substitution(passage: p, heard: outHeard.count))
                    outHeard.append(heard[h])
                }
            case let .insertion(h, before):
                outSteps.append(.insertion(heard: outHeard.count, before: before))
                outHeard.append(heard[h])
            case let .omission(p):
                guard read(p, heard: nil) else { outSteps.append(step); continue }
                // Said but not written: it takes the time between its neighbours.
                let start = outHeard.last?.end ?? heard.first?.start ?? 0
                let next = steps[(k + 1)...].lazy.compactMap { s -> Double? in
                    switch s {
                    case let .match(_, h), let .substitution(_, h), let .insertion(h, _): return heard[h].start
                    case .omission: return nil
                    }
                }.first ?? start
                outSteps.append(.match(passage: p, heard: outHeard.count))
                outHeard.append(HeardWord(word: passage.tokens[p], start: start, end: max(start, next), posterior: exp(support[p]!.logProbability),
                                          acousticPerFrame: 0))
            }
        }
        return (outHeard, outSteps, disputes)
    }
}

/// The operating point of the miscue decisions: one calibrated, versioned place (its id is
/// part of the engine version). Two independent checks decide what Whisper's transcript
/// disputes: PocketSphinx, decoding with the passage model, and Whisper's decoder fed the
/// passage words read so far without a prompt (`WordRecognizer.score`). A word the
/// transcript wrote as another or left out was read when PocketSphinx placed it and its
/// support is at least `supportAtLeast`; a word the transcript has but PocketSphinx found
/// missing is an omission when its support is below it (prompted, Whisper writes some
/// skipped words from the prompt).
///
/// Chosen on the 52 so762 children's passage readings (../shared/data) and the synthetic
/// fixtures (bench/miscues.py), each check alone having failed: with the transcript alone
/// 98 of ~2,600 correctly read words were flagged (WCPM error 4.2); PocketSphinx's
/// agreement alone credited 13 % of another passage's words (chance 8.7 %); Whisper's
/// support alone is carried by the text before the word (at -7 it credited half of
/// another passage; prompted, 36-48 %). Among thresholds that keep false alarms under 3 %
/// of correctly read words, -3 found the most planted substitutions and credits the
/// fewest words of another passage; -6 had a lower WCPM error (2.8 against 3.2) but
/// credited 9.7 % of another passage against 7.1 % (both from one engine variant's dumps).
/// The shipped engine, measured whole: 78 of 2,601 correctly read words flagged (3.0 %),
/// WCPM error 3.3, 10.8 % of another passage credited (chance 8.7 %); planted-miscue recall
/// 0.92 / 0.79 / 0.79 (omission / substitution / insertion).
struct MiscuePolicy: Sendable {
    let id: String
    let supportAtLeast: Double

    var summary: String {
        "\(id) (a disputed word was read when PocketSphinx placed it and Whisper gives it log P >= \(supportAtLeast) read in its place; "
            + "a transcribed word PocketSphinx found missing, below that, is an omission)"
    }

    func supported(_ s: WordSupport) -> Bool { s.logProbability >= supportAtLeast }

    func read(_ s: WordSupport, acousticallyMatched: Bool) -> Bool { acousticallyMatched && supported(s) }

    static let current = MiscuePolicy(id: "mp1", supportAtLeast: -3.0)
}
