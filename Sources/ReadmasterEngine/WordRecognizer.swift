import CWhisper
import Foundation
import ReadmasterCore

/// A word Whisper heard in one piece of a recording, with times in the recording.
struct SpokenWord: Sendable, Equatable {
    /// Comparison form (lower case, punctuation dropped), as passage tokens are spelled.
    let token: String
    let start: Double
    let end: Double
    /// Lowest probability of the word's tokens: one unsure sub-word makes the word unsure.
    let probability: Double
}

/// Whisper (whisper.cpp) as the word recogniser: it hears what was said rather than
/// what was expected, even in children's accented speech, when prompted with the
/// passage text. One per worker thread: a context holds its own decoding state.
final class WordRecognizer {
    private let context: OpaquePointer
    /// Whisper's decoder takes at most half its text context (224 tokens) as a prompt
    /// and keeps the *last* ones; the prompt is cut here so that it keeps its start.
    static let promptTokens = 200

    init(modelPath: String) throws {
        WordRecognizer.silenceLogging
        var params = whisper_context_default_params()
        params.use_gpu = false
        guard let ctx = whisper_init_from_file_with_params(modelPath, params) else {
            throw EngineError.recognizer("cannot load the Whisper model \(modelPath)")
        }
        context = ctx
    }

    deinit { whisper_free(context) }

    /// whisper.cpp logs every model load and decode to stderr; the report is the output.
    private static let silenceLogging: Void = {
        whisper_log_set({ _, _, _ in }, nil)
    }()

    /// Transcribes `samples` (16 kHz) that start `offset` seconds into the recording,
    /// prompted with `prompt` (passage text; a leading space is added).
    func transcribe(_ samples: ArraySlice<Float>, offset: Double, prompt: String) throws -> [SpokenWord] {
        let beam = Int32(ProcessInfo.processInfo.environment["RM_BEAM"] ?? "") ?? 0
        var params = whisper_full_default_params(beam > 0 ? WHISPER_SAMPLING_BEAM_SEARCH : WHISPER_SAMPLING_GREEDY)
        if beam > 0 { params.beam_search.beam_size = beam }
        params.n_threads = 1
        params.no_context = true
        params.print_progress = false
        params.print_realtime = false
        params.print_special = false
        params.print_timestamps = false
        params.token_timestamps = true
        params.suppress_blank = true
        // No temperature fallback: the same recording always gives the same words.
        params.temperature = 0
        params.temperature_inc = 0
        // whisper.cpp always encodes a 30 s window unless told the audio is shorter:
        // 50 encoder positions per second, with a little room at the end.
        let seconds = Double(samples.count) / Double(Audio.sampleRate)
        params.audio_ctx = Int32(min(1500, Int((seconds + 0.5) * 50)))
        let env = ProcessInfo.processInfo.environment
        if env["RM_FULLCTX"] != nil { params.audio_ctx = 0 }
        if let v = env["RM_CTXPAD"], let d = Double(v) { params.audio_ctx = Int32(min(1500, Int((seconds + d) * 50))) }
        if let v = env["RM_NOSPEECH"], let d = Float(v) { params.no_speech_thold = d }
        if env["RM_SINGLE"] != nil { params.single_segment = true }
        if env["RM_NOTS"] != nil { params.no_timestamps = true }
        if let v = env["RM_MAXLEN"], let d = Int32(v) { params.max_len = d }
        let text = " " + trimmedPrompt(prompt)
        let status = text.withCString { cText -> Int32 in
            params.initial_prompt = cText
            return "en".withCString { lang in
                params.language = lang
                return samples.withUnsafeBufferPointer { whisper_full(context, params, $0.baseAddress, Int32($0.count)) }
            }
        }
        guard status == 0 else { throw EngineError.recognizer("whisper_full returned \(status)") }
        return words(offset: offset)
    }

    /// Cuts the prompt to `promptTokens` tokens, dropping words from its end.
    private func trimmedPrompt(_ prompt: String) -> String {
        var words = prompt.split(separator: " ")
        func tokens(_ s: String) -> Int32 { -whisper_tokenize(context, " " + s, nil, 0) }
        var text = words.joined(separator: " ")
        while words.count > 1, tokens(text) > Int32(WordRecognizer.promptTokens) {
            words.removeLast(max(1, words.count / 10))
            text = words.joined(separator: " ")
        }
        return text
    }

    /// Merges the last decode's tokens into words: a token starting with a space starts a word.
    private func words(offset: Double) -> [SpokenWord] {
        let eot = whisper_token_eot(context)
        var out: [SpokenWord] = []
        var text = "", start = 0.0, end = 0.0, probability = 1.0
        func flush() {
            for token in WordRecognizer.tokens(text) {
                out.append(SpokenWord(token: token, start: start, end: end, probability: probability))
            }
            text = ""
            probability = 1
        }
        for segment in 0..<whisper_full_n_segments(context) {
            for index in 0..<whisper_full_n_tokens(context, segment) {
                let data = whisper_full_get_token_data(context, segment, index)
                guard data.id < eot, let cText = whisper_full_get_token_text(context, segment, index) else { continue }
                let piece = String(cString: cText)
                let t0 = offset + Double(data.t0) / 100, t1 = offset + Double(data.t1) / 100
                if piece.hasPrefix(" ") || text.isEmpty {
                    flush()
                    start = t0
                }
                text += piece
                end = max(t1, start)
                probability = min(probability, Double(data.p))
            }
        }
        flush()
        return out
    }

    /// Passage-comparable tokens of a written word ("Don't," → "don't"; "well-known" → two).
    static func tokens(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "—" || $0 == "–" })
            .map { PassageModel.token(WordTokenizer.normalize(String($0))) }
            .filter { $0 != "<unk>" }
    }
}
