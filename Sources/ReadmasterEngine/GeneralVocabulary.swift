import CPocketSphinx
import Foundation

/// Frequency-ranked English words from the general en-us language model, read once per
/// process. The passage model draws likely misreadings of each passage word from here.
public struct GeneralVocabulary: Sendable {
    /// Words by descending unigram probability, plain lower-case words only.
    public let words: [String]

    public init(lmPath: String, limit: Int = 30_000) throws {
        guard let lmath = logmath_init(1.0001, 0, 0) else { throw EngineError.recognizer("logmath_init failed") }
        defer { logmath_free(lmath) }
        guard let lm = ngram_model_read(nil, lmPath, NGRAM_AUTO, lmath) else { throw EngineError.modelMissing(lmPath) }
        defer { ngram_model_free(lm) }
        let count = Int(ngram_model_get_counts(lm)[0])
        // (score, word id) packed so that sorting plain integers puts the most probable
        // first and keeps ties in model order; strings are made only for the words kept.
        var ranked: [UInt64] = []
        ranked.reserveCapacity(count)
        var used: Int32 = 0
        for wid in 0..<Int32(count) {
            guard let cword = ngram_word(lm, wid), GeneralVocabulary.isPlainWord(cword) else { continue }
            let score = ngram_ng_score(lm, wid, nil, 0, &used)
            // Offset binary orders signed scores as unsigned ones; inverted, the best comes first.
            let key = ~(UInt32(bitPattern: score) ^ 0x8000_0000)
            ranked.append(UInt64(key) << 32 | UInt64(UInt32(wid)))
        }
        ranked.sort()
        words = ranked.prefix(limit).map { String(cString: ngram_word(lm, Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF))!) }
    }

    /// a-z and apostrophes, starting with a letter: checked on the C string's bytes
    /// because Unicode properties on all ~130,000 model words cost more than the rest of
    /// reading the model (the en-us model is ASCII).
    static func isPlainWord(_ c: UnsafePointer<CChar>) -> Bool {
        var p = c
        guard p.pointee >= 0x61, p.pointee <= 0x7A else { return false }
        while p.pointee != 0 {
            let b = p.pointee
            guard (b >= 0x61 && b <= 0x7A) || b == 0x27 else { return false }
            p += 1
        }
        return true
    }
}
