import Foundation
import ReadmasterCore

/// Everything the analysis learned about one recording that the scores are built from.
struct Evidence {
    let passage: PassageModel
    let heard: [HeardWord]
    let heardPhones: [[String]]
    /// Per heard word, from the forced alignment; nil where its stretch failed to align.
    let pronunciation: [WordPronunciation?]
    /// Per heard word, from the phone loop and the passage decode.
    let acoustics: [WordAcoustics]
    let steps: [AlignmentStep]
    let result: AnalysisResult
    let pitch: PitchTrack
    let frameDB: [Float]
    /// How far the recogniser's audio was lowered (VoiceWarp): its frames are this many
    /// recording frames.
    let warp: Double
    /// Per passage word, Whisper's support for it (nil where none was measured).
    let support: [WordSupport?]
    /// Per passage word, whether Whisper's free decode wrote it.
    let whisperMatched: [Bool]
}

/// Turns evidence into the named features of `Features` and `WordFeatures`.
enum FeatureExtractor {
    /// A phone this far below the loop per frame is counted as badly pronounced.
    static let lowGOP = -8.0
    /// Support (log probability) below which a passage word counts as poorly heard: about
    /// one chance in ten that Whisper would have continued with it.
    static let lowSupport = -2.3
    /// Passage length beyond which `passage_words` stays put.
    static let longestPassageWords = 12

    static func recording(_ e: Evidence) -> Features {
        var f = Features()
        let r = e.result
        let attempted = Double(max(r.wordsAttempted, 1))
        let passageIndex = heardToPassage(e.steps)

        let pron = e.pronunciation.compactMap { $0 }
        if !pron.isEmpty {
            let phones = pron.flatMap(\.phones)
            let frames = Double(phones.reduce(0) { $0 + $1.frames })
            f[.gopMean] = phones.reduce(0) { $0 + $1.gop * Double($1.frames) } / max(frames, 1)
            f[.gopP10] = quantile(phones.map(\.gop), 0.1)
            f[.gopWordMin] = pron.map(\.meanGOP).min() ?? .nan
            f[.gopLowShare] = Double(phones.filter { $0.gop < lowGOP }.count) / Double(phones.count)
            f[.phoneAgreement] = phones.reduce(0) { $0 + $1.agreement * Double($1.frames) } / max(frames, 1)
        }
        if !e.acoustics.isEmpty {
            let frames = e.heard.map { max(0.01, $0.end - $0.start) }
            let total = frames.reduce(0, +)
            let gops = e.acoustics.map(\.latticeGOP)
            f[.latticeGopMean] = zip(gops, frames).reduce(0) { $0 + ($1.0.isFinite ? $1.0 * $1.1 : 0) } / total
            f[.latticeGopP10] = quantile(gops.filter(\.isFinite), 0.1)
            let expected = e.heardPhones.reduce(0) { $0 + $1.count }
            let errors = zip(e.acoustics, e.heardPhones).reduce(0.0) { $0 + ($1.0.loopPhoneError.isFinite ? $1.0.loopPhoneError * Double($1.1.count) : 0) }
            f[.loopPhoneError] = expected > 0 ? errors / Double(expected) : .nan
        }
        if !e.heard.isEmpty {
            f[.posteriorMean] = e.heard.reduce(0) { $0 + $1.posterior } / Double(e.heard.count)
            f[.posteriorMin] = e.heard.map(\.posterior).min()!
            f[.lowPosteriorShare] = Double(e.heard.filter { $0.posterior < 0.5 }.count) / Double(e.heard.count)
        }
        let support = e.support.compactMap { $0?.logProbability }
        if !support.isEmpty {
            f[.supportMean] = support.reduce(0, +) / Double(support.count)
            f[.supportP10] = quantile(support, 0.1)
            f[.supportLowShare] = Double(support.filter { $0 < lowSupport }.count) / Double(support.count)
        }
        if !e.support.isEmpty {
            f[.supportMissingShare] = Double(e.support.count - support.count) / Double(e.support.count)
            f[.whisperAgreement] = Double(e.whisperMatched.filter { $0 }.count) / Double(max(e.whisperMatched.count, 1))
        }
        f[.wordsCorrectShare] = Double(r.wordsCorrect) / Double(max(r.wordsTotal, 1))
        f[.completenessShare] = Double(r.wordsAttempted) / Double(max(r.wordsTotal, 1))

        // Rate: words over the reading span; phones over the time spent voicing words.
        f[.speakingRateWps] = r.readingSeconds > 0 ? Double(r.wordsAttempted) / r.readingSeconds : .nan
        let spoken = e.heard.reduce(0) { $0 + ($1.end - $1.start) }
        let phoneCount = e.heardPhones.reduce(0) { $0 + $1.count }
        f[.articulationRatePps] = spoken > 0 ? Double(phoneCount) / spoken : .nan
        let perPhone = zip(e.heard, e.heardPhones).compactMap { w, p in p.isEmpty ? nil : (w.end - w.start) / Double(p.count) }
        if perPhone.count >= 2 {
            let m = perPhone.reduce(0, +) / Double(perPhone.count)
            f[.rateCv] = sqrt(perPhone.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(perPhone.count)) / m
        }

        // Pauses between consecutive heard words; "in a phrase" when the passage word
        // before the gap has no punctuation after it.
        var pauses: [Double] = [], inPhrase = 0
        for i in 1..<max(e.heard.count, 1) {
            let gap = e.heard[i].start - e.heard[i - 1].end
            guard gap >= Scoring.pauseSeconds else { continue }
            pauses.append(gap)
            if let p = passageIndex[i - 1], !e.passage.words[p].endsPhrase { inPhrase += 1 }
            else if passageIndex[i - 1] == nil { inPhrase += 1 }
        }
        f[.pausesPerWord] = Double(pauses.count) / attempted
        f[.pauseMeanS] = pauses.isEmpty ? 0 : pauses.reduce(0, +) / Double(pauses.count)
        f[.pausesInPhrasePerWord] = Double(inPhrase) / attempted
        f[.phraseLengthWords] = Double(e.heard.count) / Double(pauses.count + 1)
        f[.longPauses] = Double(pauses.filter { $0 >= Scoring.longPauseSeconds }.count)
        let disfluent = r.miscues.filter { [.repetition, .selfCorrection, .insertion, .hesitation].contains($0.type) }.count
        f[.disfluenciesPerWord] = Double(disfluent) / attempted

        // so762's texts have 1-10 words: a longer passage is scored as one of 12 words,
        // the model has seen nothing longer to say what more words would mean.
        let words = e.passage.words
        f[.passageWords] = Double(min(words.count, FeatureExtractor.longestPassageWords))
        let letters = words.reduce(0) { $0 + $1.text.filter(\.isLetter).count }
        f[.lettersPerWord] = words.isEmpty ? .nan : Double(letters) / Double(words.count)

        prosody(e, passageIndex: passageIndex, into: &f)
        return f
    }

    /// Pitch range and movement: over the reading, between words, and per sentence
    /// (the fall at a sentence end, or rise on a question; declination).
    private static func prosody(_ e: Evidence, passageIndex: [Int: Int], into f: inout Features) {
        let st = e.pitch.semitones()
        guard let first = e.heard.first, let last = e.heard.last else { return }
        let a = max(0, Int(first.start * 100)), b = min(st.count, Int(last.end * 100))
        guard b > a else { return }
        let voiced = st[a..<b].compactMap { $0 }.map(Double.init)
        let hz = e.pitch.f0[a..<b].filter { $0 > 0 }.map(Double.init)
        if hz.count >= 10 { f[.pitchMedianHz] = quantile(hz, 0.5) }
        f[.voicedShare] = Double(voiced.count) / Double(b - a)
        guard voiced.count >= 10 else { return }
        f[.pitchRangeSt] = quantile(voiced, 0.9) - quantile(voiced, 0.1)
        f[.pitchSdSt] = sd(voiced)

        func mean(_ w: HeardWord) -> Double? {
            let s = max(0, Int(w.start * 100)), t = min(st.count, Int(w.end * 100))
            let v = t > s ? st[s..<t].compactMap { $0 } : []
            return v.count >= 3 ? Double(v.reduce(0, +)) / Double(v.count) : nil
        }
        let wordPitch = e.heard.map(mean)
        let known = wordPitch.compactMap { $0 }
        if known.count >= 2 { f[.wordPitchSdSt] = sd(known) }
        let loudness = e.heard.compactMap { w -> Double? in
            let s = max(0, Int(w.start * 100)), t = min(e.frameDB.count, Int(w.end * 100))
            return t > s ? Double(e.frameDB[s..<t].max()!) : nil
        }
        if loudness.count >= 2 { f[.wordIntensitySdDb] = sd(loudness) }

        // Sentences: runs of heard words up to one aligned to a sentence-ending word
        // (or the end of the reading).
        var falls: [Double] = [], slopes: [Double] = []
        var sentence: [Int] = []
        for i in e.heard.indices {
            sentence.append(i)
            let p = passageIndex[i]
            let ends = i == e.heard.count - 1 || (p.map { e.passage.words[$0].endsSentence } ?? false)
            guard ends else { continue }
            defer { sentence = [] }
            let pitches = sentence.compactMap { wordPitch[$0] }
            guard sentence.count >= 2, pitches.count >= 2, let final = wordPitch[sentence.last!] ?? pitches.last else { continue }
            let body = sentence.dropLast().compactMap { wordPitch[$0] }
            guard !body.isEmpty else { continue }
            let question = p.map { e.passage.words[$0].punctuationAfter.contains("?") } ?? false
            let fall = body.reduce(0, +) / Double(body.count) - final
            falls.append(question ? -fall : fall)
            // Declination: least-squares slope of word pitch against word time.
            let pts = sentence.compactMap { k in wordPitch[k].map { ((e.heard[k].start + e.heard[k].end) / 2, $0) } }
            if pts.count >= 3 { slopes.append(slope(pts)) }
        }
        if !falls.isEmpty { f[.sentenceFinalFallSt] = falls.reduce(0, +) / Double(falls.count) }
        if !slopes.isEmpty { f[.declinationStPerS] = slopes.reduce(0, +) / Double(slopes.count) }
    }

    /// Per passage word, the features of the heard word aligned to it (nil when the
    /// word was not read or the alignment failed).
    static func words(_ e: Evidence, recording: Features) -> [WordFeatures?] {
        var out = [WordFeatures?](repeating: nil, count: e.passage.words.count)
        let pron = e.pronunciation
        func support(_ p: Int) -> Double { p < e.support.count ? e.support[p]?.logProbability ?? .nan : .nan }
        for step in e.steps {
            let p: Int, h: Int, correct: Bool
            switch step {
            case let .match(pi, hi): (p, h, correct) = (pi, hi, true)
            case let .substitution(pi, hi): (p, h, correct) = (pi, hi, false)
            default: continue
            }
            let w = h < pron.count ? pron[h] : nil
            let a = e.acoustics[h]
            let phones = Double(max(e.heardPhones[h].count, 1))
            out[p] = WordFeatures(values: [w?.meanGOP ?? .nan, w?.minGOP ?? .nan, w?.agreement ?? .nan, e.heard[h].posterior,
                                           (e.heard[h].end - e.heard[h].start) / phones, phones, correct ? 1 : 0,
                                           a.latticeGOP, a.loopPhoneError, Double(e.passage.words[p].text.filter(\.isLetter).count),
                                           .nan, .nan, .nan /* phone_z_*: set by Grading */,
                                           recording[.posteriorMean], recording[.wordsCorrectShare],
                                           recording[.latticeGopMean], .nan /* recording_pronunciation: set by Grading */,
                                           support(p), p < e.whisperMatched.count ? (e.whisperMatched[p] ? 1 : 0) : .nan,
                                           support(p) - recording[.supportMean]])
        }
        return out
    }

    /// Per passage word, the phones of the heard word aligned to it.
    static func wordPhones(_ e: Evidence) -> [[PhoneScore]?] {
        var out = [[PhoneScore]?](repeating: nil, count: e.passage.words.count)
        for (h, p) in heardToPassage(e.steps) where h < e.pronunciation.count && p < out.count {
            out[p] = e.pronunciation[h]?.phones.map { s in
                PhoneScore(phone: s.phone, startFrame: Int((Double(s.startFrame) * e.warp).rounded()),
                           endFrame: Int((Double(s.endFrame + 1) * e.warp).rounded()) - 1, gop: s.gop, agreement: s.agreement)
            }
        }
        return out
    }

    static func heardToPassage(_ steps: [AlignmentStep]) -> [Int: Int] {
        var map: [Int: Int] = [:]
        for step in steps {
            switch step {
            case let .match(p, h), let .substitution(p, h): map[h] = p
            default: break
            }
        }
        return map
    }

    static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted()
        return s[min(s.count - 1, Int(Double(s.count - 1) * q + 0.5))]
    }

    static func sd(_ v: [Double]) -> Double {
        let m = v.reduce(0, +) / Double(v.count)
        return sqrt(v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count))
    }

    static func slope(_ pts: [(Double, Double)]) -> Double {
        let n = Double(pts.count)
        let mx = pts.reduce(0) { $0 + $1.0 } / n, my = pts.reduce(0) { $0 + $1.1 } / n
        let sxx = pts.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
        return sxx > 0 ? pts.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / sxx : 0
    }
}
