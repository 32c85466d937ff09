/// Likely misreadings of passage words: frequent English words that look or sound
/// nearly the same ("horse" for "house", "jumped" for "dumped"). Putting them in the
/// recogniser's vocabulary lets it hear a substitution instead of pulling the sound
/// back to the passage word.
struct Confusables: Sendable {
    /// Words by first letter, in frequency order.
    private let buckets: [Character: [String]]

    init(vocabulary: GeneralVocabulary) {
        var b: [Character: [String]] = [:]
        for w in vocabulary.words { if let f = w.first { b[f, default: []].append(w) } }
        buckets = b
    }

    /// Up to `limit` neighbours of `word`, most frequent first: same first letter and a
    /// spelling at most one edit away (two for words of six letters or more).
    func neighbours(of word: String, limit: Int = 6) -> [String] {
        guard let first = word.first, word.count >= 3, let bucket = buckets[first] else { return [] }
        let target = Array(word.utf8)
        let maxEdits = target.count >= 6 ? 2 : 1
        var out: [String] = []
        for candidate in bucket where candidate != word {
            let c = Array(candidate.utf8)
            guard abs(c.count - target.count) <= maxEdits, c.count >= 3 else { continue }
            if Confusables.editDistance(c, target, limit: maxEdits) <= maxEdits {
                out.append(candidate)
                if out.count == limit { break }
            }
        }
        return out
    }

    /// Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`.
    static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        var prev = Array(0...b.count)
        var cur = prev
        for i in 1...a.count {
            cur[0] = i
            var rowMin = i
            for j in 1...max(b.count, 1) where j <= b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, cur[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
