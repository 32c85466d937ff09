import CPocketSphinx
import Foundation

/// What every worker shares, loaded once per process: the model location, the
/// pronunciation dictionary, and passage models by text.
public final class EngineResources: @unchecked Sendable {
    // The passage cache is guarded by `lock`; everything else is immutable.
    public let model: SpeechModel
    public let dictionary: PronunciationDictionary
    let confusables: Confusables
    let whisper: WhisperModel
    private var passages: [String: PassageModel] = [:]
    private let lock = NSLock()

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        model = try SpeechModel.locate(environment: environment)
        err_set_logfp(nil)
        dictionary = try PronunciationDictionary(path: model.dictionary)
        confusables = Confusables(vocabulary: try GeneralVocabulary(lmPath: model.generalLM))
        whisper = try WhisperModel(path: model.words)
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
