/// Likely misreadings of passage words: frequent English words that look or sound
/// nearly the same ("horse" for "house", "jumped" for "dumped"). Putting them in the
/// recogniser's vocabulary lets it hear a substitution instead of pulling the sound
/// back to the passage word.
struct Confusables: Sendable {
    /// Words by first letter, in frequency order, with their UTF-8 bytes: a passage
    /// compares each of its words with a few thousand candidates, and turning every
    /// candidate into an array again cost more than the comparisons.
    private let buckets: [Character: [(word: String, bytes: [UInt8])]]

    init(vocabulary: GeneralVocabulary) {
        var b: [Character: [(word: String, bytes: [UInt8])]] = [:]
        for w in vocabulary.words { if let f = w.first { b[f, default: []].append((w, Array(w.utf8))) } }
        buckets = b
    }

    /// Up to `limit` neighbours of `word`, most frequent first: same first letter and a
    /// spelling at most one edit away (two for words of six letters or more).
    func neighbours(of word: String, limit: Int = 6) -> [String] {
        guard let first = word.first, word.count >= 3, let bucket = buckets[first] else { return [] }
        let target = Array(word.utf8)
        let maxEdits = target.count >= 6 ? 2 : 1
        var rows = EditRows(length: target.count)
        var out: [String] = []
        for candidate in bucket where candidate.word != word {
            let c = candidate.bytes
            guard abs(c.count - target.count) <= maxEdits, c.count >= 3 else { continue }
            if Confusables.editDistance(c, target, limit: maxEdits, rows: &rows) <= maxEdits {
                out.append(candidate.word)
                if out.count == limit { break }
            }
        }
        return out
    }

    /// Two rows of the edit-distance table, reused from one candidate to the next.
    struct EditRows {
        var prev: [Int]
        var cur: [Int]
        init(length: Int) {
            prev = [Int](repeating: 0, count: length + 1)
            cur = prev
        }
    }

    /// Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`;
    /// `rows` must be sized for `b`.
    static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int, rows: inout EditRows) -> Int {
        for j in 0...b.count { rows.prev[j] = j }
        for i in 1...a.count {
            rows.cur[0] = i
            var rowMin = i
            for j in 1...max(b.count, 1) where j <= b.count {
                rows.cur[j] = min(rows.prev[j] + 1, rows.cur[j - 1] + 1, rows.prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, rows.cur[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&rows.prev, &rows.cur)
        }
        return rows.prev[b.count]
    }
}
