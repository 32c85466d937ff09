import CPocketSphinx
import Foundation
import Synchronization

/// What every worker shares, loaded once per process: the model location, the
/// pronunciation dictionary, and passage models by text.
public final class EngineResources: Sendable {
    public let model: SpeechModel
    public let dictionary: PronunciationDictionary
    let confusables: Confusables
    let whisper: WhisperModel
    /// Passage models by text, built once each.
    private let passages = Mutex<[String: PassageModel]>([:])

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        model = try SpeechModel.locate(environment: environment)
        err_set_logfp(nil)
        dictionary = try PronunciationDictionary(path: model.dictionary)
        confusables = Confusables(vocabulary: try GeneralVocabulary(lmPath: model.generalLM))
        whisper = try WhisperModel(path: model.words)
    }

    public func passage(_ text: String) throws -> PassageModel {
        try passages.withLock { cache in
            if let p = cache[text] { return p }
            let p = try PassageModel(text: text, dictionary: dictionary, confusables: confusables)
            cache[text] = p
            return p
        }
    }
}
