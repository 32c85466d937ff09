import Foundation
/// Decides each passage word from what Whisper heard, and keeps from the acoustic
/// analysis (PocketSphinx) what it measures well: the reading time, the phone-level
/// evidence and the calibrated scores.
///
/// A word is correct unless the evidence of a miscue is strong; the thresholds are in
/// `MiscuePolicy`, chosen on real children's readings.
enum WordDecisions {
    static func decide(hearing: Hearing, passage: PassageModel, acoustic: AnalysisResult, policy: MiscuePolicy,
                       sourceSampleRate: Int, recognizer: String, tag: String = "") -> AnalysisResult {
        let spoken = hearing.words.map {
            HeardWord(word: $0.token, start: $0.start, end: $0.end, posterior: $0.probability, acousticPerFrame: 0)
        }
        let (heard, steps, disputes) = confirmed(Aligner.align(passage: passage.tokens, heard: spoken.map(\.word), pronunciations: passage.pronunciations),
                                       heard: spoken, support: hearing.support, passage: passage, policy: policy)
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
        result.disputes = disputes
        result.recognizer = "\(recognizer); miscue policy \(policy.summary)"
        for i in result.words.indices where i < acoustic.words.count && result.words[i].status != .notAttempted {
            result.words[i].score = acoustic.words[i].score
        }
        if let dump = ProcessInfo.processInfo.environment["RM_DUMP"] {
            var prob = [Double?](repeating: nil, count: passage.tokens.count)
            for step in steps {
                switch step { case let .match(p, h), let .substitution(p, h): prob[p] = heard[h].posterior; default: break }
            }
            var lines = ""
            for i in result.words.indices {
                let a = acoustic.words[i]
                lines += "\(tag)\t\(i)\t\(result.words[i].expected)\t\(result.words[i].status.rawValue)\t\(result.words[i].heard ?? "-")\t\(prob[i].map { String($0) } ?? "-")\t\(a.status.rawValue)\t\(a.heard ?? "-")\t\(a.score.map { String($0) } ?? "-")\t\(hearing.support[i].map { "\($0.logProbability)\t\($0.margin)" } ?? "-\t-")\n"
            }
            if let h = FileHandle(forWritingAtPath: dump) { h.seekToEndOfFile(); h.write(lines.data(using: .utf8)!); h.closeFile() }
        }
        return result
    }

    /// The alignment with each disagreement the audio does not bear out taken back: a
    /// passage word Whisper wrote as another word, or left out, whose support (the
    /// probability of the passage word read in its place) is at least the policy's
    /// threshold was read, and becomes a match. Prompted with the passage, Whisper still
    /// drops words a child said and writes near-homophones; the support check is the
    /// second opinion that keeps those from becoming miscues.
    static func confirmed(_ steps: [AlignmentStep], heard: [HeardWord], support: [WordSupport?], passage: PassageModel,
                          policy: MiscuePolicy) -> (heard: [HeardWord], steps: [AlignmentStep], disputes: [AnalysisResult.Dispute]) {
        var outHeard: [HeardWord] = [], outSteps: [AlignmentStep] = []
        var disputes: [AnalysisResult.Dispute] = []
        func read(_ p: Int, heard: String?) -> Bool {
            let s = support[p]
            let read = s.map { policy.read($0) } ?? false
            disputes.append(.init(index: p, heard: heard, support: s?.logProbability, margin: s?.margin, upheld: !read))
            return read
        }
        for (k, step) in steps.enumerated() {
            switch step {
            case let .match(p, h):
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

/// The operating point of the miscue decisions: one calibrated, versioned place.
struct MiscuePolicy: Sendable {
    let id: String
    /// A passage word whose support (log probability, `WordRecognizer.score`) is at least
    /// this was read, whatever the free decode wrote.
    let supportAtLeast: Double
    /// ... and whose first token is at most this far (log) below the decoder's own choice.
    let marginAtLeast: Double

    var summary: String { "\(id) (a disputed word was read when log P >= \(supportAtLeast) and its first token is within \(-marginAtLeast) of Whisper's choice)" }

    func read(_ s: WordSupport) -> Bool { s.logProbability >= supportAtLeast && s.margin >= marginAtLeast }

    static let current = MiscuePolicy(id: "mp1", supportAtLeast: Double(ProcessInfo.processInfo.environment["RM_SUPPORT"] ?? "") ?? -2.0,
                                      marginAtLeast: Double(ProcessInfo.processInfo.environment["RM_MARGIN"] ?? "") ?? -1000)
}
