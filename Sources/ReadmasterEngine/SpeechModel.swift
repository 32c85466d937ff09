import Foundation

/// Where the Debian `pocketsphinx-en-us` package puts the model, overridable with
/// `READMASTER_MODEL_DIR` (a folder holding `en-us/`, `cmudict-en-us.dict` and
/// `en-us-phone.lm.bin`, `en-us.lm.bin`), and the Whisper model (a ggml file) that
/// `scripts/install-whisper.sh` installs, overridable with `READMASTER_MODEL`.
public struct SpeechModel: Sendable {
    public static let defaultWords = "/usr/local/share/readmaster/ggml-tiny.en.bin"

    public let acousticModel: String
    public let dictionary: String
    public let phoneLM: String
    public let generalLM: String
    /// The Whisper model that recognises the words read.
    public let words: String

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SpeechModel {
        let base = environment["READMASTER_MODEL_DIR"] ?? "/usr/share/pocketsphinx/model/en-us"
        let model = SpeechModel(acousticModel: base + "/en-us", dictionary: base + "/cmudict-en-us.dict",
                                phoneLM: base + "/en-us-phone.lm.bin", generalLM: base + "/en-us.lm.bin",
                                words: environment["READMASTER_MODEL"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultWords)
        for path in [model.acousticModel + "/mdef", model.dictionary, model.phoneLM, model.generalLM, model.words]
        where !FileManager.default.fileExists(atPath: path) {
            throw EngineError.modelMissing(path)
        }
        return model
    }
}
