import CWhisper

/// A Whisper model (ggml file) loaded once per process and shared by every worker:
/// whisper.cpp keeps the weights in the context and each decoder's working memory in a
/// separate state (`WordRecognizer`), so threads share the ~75 MB of weights.
final class WhisperModel: @unchecked Sendable {
    // The context is only read after loading; whisper.cpp's *_with_state calls do not
    // write to it.
    let context: OpaquePointer
    let path: String
    /// The report's engine.model: the installed tiny.en beside PocketSphinx, or the file
    /// `--model` named.
    let reportName: String

    init(path: String) throws {
        WhisperModel.silenceLogging
        var params = whisper_context_default_params()
        params.use_gpu = false
        guard let ctx = whisper_init_from_file_with_params_no_state(path, params) else {
            throw EngineError.modelUnreadable(path)
        }
        context = ctx
        self.path = path
        reportName = path == SpeechModel.defaultWords
            ? ReadmasterEngine.modelName
            : "whisper " + (path.split(separator: "/").last.map(String.init) ?? path) + " + pocketsphinx en-us"
    }

    deinit { whisper_free(context) }

    /// whisper.cpp logs every model load and decode to stderr; the report is the output.
    private static let silenceLogging: Void = {
        whisper_log_set({ _, _, _ in }, nil)
    }()
}
