import CPocketSphinx
import Foundation

/// What every worker shares, loaded once per process: the model location, the
/// pronunciation dictionary, and passage models by text.
public final class EngineResources: @unchecked Sendable {
    // The passage cache is guarded by `lock`; everything else is immutable.
    public let model: SpeechModel
    public let dictionary: PronunciationDictionary
    let confusables: Confusables
    private var passages: [String: PassageModel] = [:]
    private let lock = NSLock()

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        model = try SpeechModel.locate(environment: environment)
        err_set_logfp(nil)
        dictionary = try PronunciationDictionary(path: model.dictionary)
        confusables = Confusables(vocabulary: try GeneralVocabulary(lmPath: model.generalLM))
    }

    public func passage(_ text: String) throws -> PassageModel {
        lock.lock()
        defer { lock.unlock() }
        if let p = passages[text] { return p }
        let p = try PassageModel(text: text, dictionary: dictionary, confusables: confusables)
        passages[text] = p
        return p
    }
}

/// Analyses recordings one at a time. Not thread-safe: give each worker its own.
public final class Analyzer {
    public let resources: EngineResources
    private let recognizer: Recognizer

    public init(resources: EngineResources) throws {
        self.resources = resources
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
        let segments = try recognizer.recognize(audio.int16(), passage: passage)
        let heard = segments.compactMap { s -> HeardWord? in
            guard !s.word.hasPrefix("<"), !s.word.hasPrefix("[") else { return nil }
            let word = s.word.firstIndex(of: "(").map { String(s.word[..<$0]) } ?? s.word
            return HeardWord(word: word, start: s.start, end: s.end, posterior: s.posterior,
                             acousticPerFrame: s.acoustic / Double(max(s.frames, 1)))
        }
        guard !heard.isEmpty else { throw EngineError.noSpeech }
        let steps = Aligner.align(passage: passage.tokens, heard: heard.map(\.word), pronunciations: passage.pronunciations)
        return Scoring.score(passage: passage, heard: heard, steps: steps, duration: audio.duration,
                             sourceSampleRate: audio.sourceSampleRate)
    }
}
