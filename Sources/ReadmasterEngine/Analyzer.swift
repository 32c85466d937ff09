import Foundation

/// Analyses recordings one at a time. Not thread-safe: give each worker its own.
public final class Analyzer {
    public let resources: EngineResources
    public let calibration: Calibration
    private let recognizer: Recognizer

    public init(resources: EngineResources, calibration: Calibration = .current) throws {
        self.resources = resources
        self.calibration = calibration
        recognizer = try Recognizer(model: resources.model)
    }

    public func analyze(path: String, passage: PassageModel) throws -> AnalysisResult {
        let audio = try AudioDecoder.decode(path: path)
        return try analyze(audio: audio, passage: passage)
    }

    public func analyze(audio: Audio, passage: PassageModel) throws -> AnalysisResult {
        try AudioChecks.validate(audio)
        let vad = VoiceActivity(audio)
        guard vad.speechSeconds >= 0.2 else { throw EngineError.noSpeech }
        let pitch = PitchTrack(audio, speech: vad.speechMask)
        // The recogniser may hear a lowered voice (VoiceWarp): its frames are `warp` times
        // as long in the recording, and every time it reports is scaled back.
        let warp = VoiceWarp.factor(pitch)
        let pcm = try VoiceWarp.recognizerAudio(audio, factor: warp).int16()
        let segments = try recognizer.recognize(pcm, passage: passage)
        var heard: [HeardWord] = [], heardPhones: [[String]] = [], frames: [(Int, Int)] = []
        for s in segments where !s.word.hasPrefix("<") && !s.word.hasPrefix("[") {
            // "the(2)" is the second pronunciation variant of "the".
            var word = s.word, variant = 0
            if let paren = s.word.firstIndex(of: "(") {
                word = String(s.word[..<paren])
                variant = max(0, (Int(s.word[s.word.index(after: paren)...].dropLast()) ?? 1) - 1)
            }
            let variants = passage.pronunciations[word] ?? []
            heard.append(HeardWord(word: word, start: s.start * warp, end: s.end * warp, posterior: s.posterior,
                                   acousticPerFrame: s.acoustic / Double(max(s.frames, 1))))
            heardPhones.append(variant < variants.count ? variants[variant] : variants.first ?? [])
            frames.append((s.startFrame, s.endFrame))
        }
        guard !heard.isEmpty else { throw EngineError.noSpeech }
        let steps = Aligner.align(passage: passage.tokens, heard: heard.map(\.word), pronunciations: passage.pronunciations)
        var result = Scoring.score(passage: passage, heard: heard, steps: steps, duration: audio.duration,
                                   sourceSampleRate: audio.sourceSampleRate)

        // Pronunciation is judged against what the passage says, not against what the
        // recogniser heard: a substituted word heard perfectly as the wrong word would
        // otherwise score as well pronounced.
        let expected = Analyzer.expectedPhones(heardPhones, steps: steps, passage: passage.tokens,
                                                pronunciations: passage.pronunciations)
        let spans = zip(expected, frames).map { WordSpan(phones: $0, startFrame: $1.0, endFrame: $1.1) }
        let (forced, loop, chunks) = try recognizer.phoneEvidence(pcm, words: spans)
        let loopEvidence = LoopEvidence(loop)
        let pronunciation = Pronunciation.perWord(expected, chunks: chunks, forced: forced, loop: loopEvidence)
        let acoustics = heard.indices.map { loopEvidence.word(heard[$0], frames: frames[$0], phones: expected[$0]) }
        // Whisper listens before the scores are computed: its support for each passage word
        // is pronunciation evidence too. A fresh decoder state per recording: a reused one
        // gave different words for the same audio the second time round, and results must
        // not depend on what the worker graded before.
        let hearing = try PassageListener.hear(audio, vad: vad, passage: passage, recognizer: try WordRecognizer(model: resources.whisper))
        let evidence = Evidence(passage: passage, heard: heard, heardPhones: heardPhones, pronunciation: pronunciation, acoustics: acoustics,
                                steps: steps, result: result, pitch: pitch, frameDB: vad.frameDB, warp: warp,
                                support: hearing.support, whisperMatched: Analyzer.matched(hearing, passage: passage))
        let features = FeatureExtractor.recording(evidence)
        result.wordPhones = FeatureExtractor.wordPhones(evidence)
        Grading.apply(calibration, features: features, words: FeatureExtractor.words(evidence, recording: features), to: &result)
        var decided = WordDecisions.decide(hearing: hearing, passage: passage, acoustic: result, policy: .current,
                                    sourceSampleRate: audio.sourceSampleRate,
                                    recognizer: "Whisper (whisper.cpp) \(resources.whisper.path)", speech: vad.regions)
        decided.model = resources.whisper.reportName
        return decided
    }

    /// Per passage word, whether Whisper's free decode wrote it where it belongs.
    static func matched(_ hearing: Hearing, passage: PassageModel) -> [Bool] {
        var out = [Bool](repeating: false, count: passage.tokens.count)
        for case let .match(p, _) in hearing.alignment where p < out.count { out[p] = true }
        return out
    }

    /// Per heard word, the phones it should have had: its own for a match or an
    /// insertion, and for a substitution the passage word's pronunciation closest to
    /// what was heard.
    static func expectedPhones(_ heardPhones: [[String]], steps: [AlignmentStep], passage: [String],
                               pronunciations: [String: [[String]]]) -> [[String]] {
        var out = heardPhones
        for case let .substitution(p, h) in steps where h < out.count {
            let variants = pronunciations[passage[p]] ?? []
            let heard = heardPhones[h].map(Phonetics.stripStress)
            if let best = variants.min(by: {
                Phonetics.normalizedEdit($0.map(Phonetics.stripStress), heard) < Phonetics.normalizedEdit($1.map(Phonetics.stripStress), heard)
            }) { out[h] = best }
        }
        return out
    }
}
