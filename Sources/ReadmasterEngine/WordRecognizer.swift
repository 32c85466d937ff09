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

/// How well the audio bears out one passage word read in its place (`WordRecognizer.score`).
struct WordSupport: Sendable, Equatable {
    /// log P of the word's tokens, fed after the passage words before it.
    let logProbability: Double
}

/// Whisper (whisper.cpp) as the word recogniser: it hears what was said rather than
/// what was expected, even in children's accented speech, when prompted with the
/// passage text. One per recording (`Analyzer`): it owns a decoder state, while the
/// weights (`WhisperModel`) are shared by every worker.
final class WordRecognizer {
    private let model: WhisperModel
    private let state: OpaquePointer
    private var context: OpaquePointer { model.context }
    /// Whisper's decoder takes at most half its text context (224 tokens) as a prompt
    /// and keeps the *last* ones; the prompt is cut here so that it keeps its start.
    static let promptTokens = 200
    static let beams: Int32 = 5

    init(model: WhisperModel) throws {
        self.model = model
        guard let state = whisper_init_state(model.context) else {
            throw EngineError.recognizer("cannot allocate a Whisper decoder state")
        }
        self.state = state
    }

    deinit { whisper_free_state(state) }

    /// Transcribes `samples` (16 kHz) that start `offset` seconds into the recording,
    /// prompted with `prompt` (passage text; a leading space is added).
    func transcribe(_ samples: ArraySlice<Float>, offset: Double, prompt: String) throws -> [SpokenWord] {
        // Beam search (5 beams): greedy decoding fell into loops ("i'm not sure i'm not
        // sure ...") and dropped sentences on children's pieces that beams read through.
        var params = whisper_full_default_params(WHISPER_SAMPLING_BEAM_SEARCH)
        params.beam_search.beam_size = WordRecognizer.beams
        params.n_threads = 1
        params.no_context = true
        params.print_progress = false
        params.print_realtime = false
        params.print_special = false
        params.print_timestamps = false
        params.token_timestamps = true
        params.suppress_blank = true
        // Temperature fallback as whisper.cpp sets it (+0.2 while the decode looks like a
        // loop: entropy under 2.4 or mean log P under -1): without it a synthetic reading
        // came back as "and i said this is a treasure map" over and over. Each decoder's
        // random generator is seeded per call, and every recording gets a fresh state
        // (`Analyzer`), so the same recording still always gives the same words.
        params.temperature = 0
        params.temperature_inc = 0.2
        // The whole 30 s window is encoded (audio_ctx 0) even for a shorter piece. With the
        // encoder cut to the piece's length plus 1 s (what whisper.cpp offers to save ~40 %
        // of the CPU), Whisper disagreed with the passage on 17 % of the words children read
        // instead of 4 % (so762 passages), and the support check could not repair it.
        params.audio_ctx = 0
        let text = " " + trimmedPrompt(prompt)
        let status = text.withCString { cText -> Int32 in
            params.initial_prompt = cText
            return "en".withCString { lang in
                params.language = lang
                return samples.withUnsafeBufferPointer { whisper_full_with_state(context, state, params, $0.baseAddress, Int32($0.count)) }
            }
        }
        guard status == 0 else { throw EngineError.recognizer("whisper_full returned \(status)") }
        return words(offset: offset)
    }

    private func tokenize(_ text: String) -> [whisper_token] {
        let n = -whisper_tokenize(context, text, nil, 0)
        guard n > 0 else { return [] }
        var tokens = [whisper_token](repeating: 0, count: Int(n))
        let got = whisper_tokenize(context, text, &tokens, n)
        return Array(tokens.prefix(Int(max(0, got))))
    }

    /// How well the audio of the last `transcribe` supports each of `words` (passage text,
    /// in order) read in that order: Whisper's decoder is fed the words themselves, and
    /// each word gets the summed log probability of its tokens.
    /// A word the reader said scores high even where the free decode wrote another word
    /// or skipped it; a word not said scores low.
    func score(_ words: ArraySlice<PassageWord>) throws -> [WordSupport?] {
        guard !words.isEmpty else { return [] }
        // No prompt here: with the passage as its prompt the decoder copies the next passage
        // word from it, and on readings of another passage 36-48 % of the words were
        // "supported"; fed only the words read so far, it must hear each one.
        let prefix = [whisper_token_sot(context), whisper_token_not(context)]
        let vocabulary = Int(whisper_n_vocab(context))
        let limit = Int32(whisper_n_text_ctx(context))
        var past = Int32(0)
        func feed(_ tokens: [whisper_token]) throws -> Bool {
            guard !tokens.isEmpty else { return true }
            guard past + Int32(tokens.count) <= limit else { return false }
            let status = tokens.withUnsafeBufferPointer { whisper_decode_with_state(context, state, $0.baseAddress, Int32($0.count), past, 1) }
            guard status == 0 else { throw EngineError.recognizer("whisper_decode returned \(status)") }
            past += Int32(tokens.count)
            return true
        }
        /// log P(token) at the current position.
        func logProbability(of token: whisper_token) -> Double {
            let logits = UnsafeBufferPointer(start: whisper_get_logits_from_state(state), count: vocabulary)
            var top = -Float.infinity
            for v in logits where v > top { top = v }
            var sum: Double = 0
            for v in logits { sum += Double(expf(v - top)) }
            return Double(logits[Int(token)] - top) - log(sum)
        }
        guard try feed(prefix) else { return words.map { _ in nil } }
        var out: [WordSupport?] = []
        var full = false
        for word in words {
            // The punctuation is fed too (Whisper writes it) but does not count.
            var total = 0.0
            for token in tokenize(" " + word.text) where !full {
                total += logProbability(of: token)
                full = try !feed([token])
            }
            out.append(full ? nil : WordSupport(logProbability: total))
            if !full, !word.punctuationAfter.isEmpty { full = try !feed(tokenize(word.punctuationAfter)) }
        }
        return out
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
        for segment in 0..<whisper_full_n_segments_from_state(state) {
            for index in 0..<whisper_full_n_tokens_from_state(state, segment) {
                let data = whisper_full_get_token_data_from_state(state, segment, index)
                guard data.id < eot, let cText = whisper_full_get_token_text_from_state(context, state, segment, index) else { continue }
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
