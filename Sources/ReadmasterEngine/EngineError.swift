/// Why a recording or a passage could not be analysed. `code` is the stable,
/// snake_case name that error records carry.
public enum EngineError: Error, CustomStringConvertible, Equatable {
    case fileNotFound(String)
    /// A FIFO, socket, device or folder where a recording was expected.
    case notRegularFile(String, kind: String)
    case unreadable(String, reason: String)
    case unsupportedFormat(String, reason: String)
    case corrupt(String, reason: String)
    case tooShort(seconds: Double)
    case silent
    case noSpeech
    case clipped(percent: Double)
    case emptyPassage
    case modelMissing(String)
    case modelUnreadable(String)
    case recognizer(String)

    public var code: String {
        switch self {
        case .fileNotFound: return "file_not_found"
        case .notRegularFile: return "not_a_file"
        case .unreadable: return "unreadable"
        case .unsupportedFormat: return "unsupported_format"
        case .corrupt: return "corrupt_audio"
        case .tooShort: return "too_short"
        case .silent: return "silent"
        case .noSpeech: return "no_speech"
        case .clipped: return "clipped"
        case .emptyPassage: return "empty_passage"
        case .modelMissing: return "model_missing"
        case .modelUnreadable: return "model_unreadable"
        case .recognizer: return "recognizer_failed"
        }
    }

    public var description: String {
        switch self {
        case let .fileNotFound(path): return "\(path): no such file"
        case let .notRegularFile(path, kind): return "\(path): is \(kind), not a recording file; only regular files are read"
        case let .unreadable(path, reason): return "\(path): cannot read: \(reason)"
        case let .unsupportedFormat(path, reason): return "\(path): not an audio format readmaster can decode (\(reason)); use WAV, FLAC, OGG/Vorbis, Opus or MP3"
        case let .corrupt(path, reason): return "\(path): the audio is damaged or truncated: \(reason)"
        case let .tooShort(seconds): return "the recording is too short (\(String(format: "%.2f", seconds)) s; at least 1 s is needed)"
        case .silent: return "the recording is silent"
        case .noSpeech: return "no speech was found in the recording"
        case let .clipped(percent): return "the recording is too distorted to grade (\(String(format: "%.1f", percent)) % of samples clipped); record again with a lower input level"
        case .emptyPassage: return "the passage has no words"
        case let .modelMissing(what): return "speech model not found: \(what) (scripts/install-deps.sh installs the models; --model or READMASTER_MODEL names another Whisper ggml file)"
        case let .modelUnreadable(path): return "\(path): not a Whisper model whisper.cpp can load (a ggml file such as ggml-tiny.en.bin is needed)"
        case let .recognizer(message): return "speech recogniser failed: \(message)"
        }
    }
}
