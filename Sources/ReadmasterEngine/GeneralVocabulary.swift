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
        var scored: [(String, Int32)] = []
        scored.reserveCapacity(count)
        var used: Int32 = 0
        for wid in 0..<Int32(count) {
            guard let cword = ngram_word(lm, wid) else { continue }
            let word = String(cString: cword)
            guard let first = word.unicodeScalars.first, first.properties.isLowercase,
                  word.unicodeScalars.allSatisfy({ $0.properties.isLowercase || $0 == "'" }) else { continue }
            scored.append((word, ngram_ng_score(lm, wid, nil, 0, &used)))
        }
        scored.sort { $0.1 > $1.1 }
        words = scored.prefix(limit).map(\.0)
    }
}
