import Foundation
import ReadmasterCore

/// The recogniser's view of one passage: its vocabulary with pronunciations, and an
/// ARPA bigram model biased to the passage's word order, mixed with common English
/// words so that off-passage words (insertions, substitutions) can still be heard.
///
/// Bigrams come from the passage sequence with absolute discounting; what is discounted
/// backs off to a unigram distribution where passage words hold (1 − commonShare) of
/// the mass and the common words share the rest by frequency rank. Skips, repeats and
/// restarts go through the backoff.
public struct PassageModel: Sendable {
    public let words: [PassageWord]
    /// Recognition token for each passage word (lower case, as in the dictionary).
    public let tokens: [String]
    /// token → phone sequences, for every word the recogniser may output.
    public let pronunciations: [String: [[String]]]
    public let arpa: String

    static let commonShare = 0.05
    /// Probability of each confusable neighbour relative to its passage word's unigram.
    static let neighbourWeight = 0.1
    static let discount = 0.5

    init(text: String, dictionary: PronunciationDictionary, confusables: Confusables?) throws {
        let words = WordTokenizer.words(text)
        guard !words.isEmpty else { throw EngineError.emptyPassage }
        self.words = words
        var pron: [String: [[String]]] = [:]
        var tokens: [String] = []
        for w in words {
            let token = PassageModel.token(w.normalized)
            tokens.append(token)
            if pron[token] == nil {
                pron[token] = PassageModel.pronounce(w.normalized, dictionary: dictionary)
            }
        }
        self.tokens = tokens
        var neighbours: [(String, String)] = []
        if let confusables {
            // Only for dictionary words: a name or invented word has no usual misreadings,
            // and its guessed pronunciation is easily beaten by a real word.
            for token in Set(tokens).sorted() where dictionary.contains(token) {
                for n in confusables.neighbours(of: token) where pron[n] == nil {
                    guard let v = dictionary.variants(n) else { continue }
                    pron[n] = v
                    neighbours.append((n, token))
                }
            }
        }
        var common: [String] = []
        for c in CommonWords.list where pron[c] == nil {
            guard let v = dictionary.variants(c) else { continue }
            pron[c] = v
            common.append(c)
        }
        pronunciations = pron.filter { !$0.value.isEmpty }
        arpa = PassageModel.buildARPA(tokens: tokens.filter { pron[$0]?.isEmpty == false }, common: common, neighbours: neighbours)
    }

    /// Dictionary tokens must be one word without spaces or parentheses.
    static func token(_ normalized: String) -> String {
        normalized.isEmpty ? "<unk>" : normalized.replacingOccurrences(of: " ", with: "_")
    }

    static func pronounce(_ word: String, dictionary: PronunciationDictionary) -> [[String]] {
        if let v = dictionary.variants(word) { return v }
        if let spoken = NumberWords.words(word) {
            var phones: [String] = []
            for part in spoken { phones += dictionary.variants(part)?.first ?? [] }
            return phones.isEmpty ? [] : [phones]
        }
        // Possessives and contractions CMUdict lacks: the stem plus /Z/ or /S/.
        if word.hasSuffix("'s"), let stem = dictionary.variants(String(word.dropLast(2)))?.first {
            let voiceless: Set<String> = ["P", "T", "K", "F", "TH"]
            return [stem + [voiceless.contains(stem.last ?? "") ? "S" : "Z"]]
        }
        return dictionary.pronunciations(word)
    }

    /// The dictionary file PocketSphinx loads: one line per pronunciation variant.
    public var dictionaryText: String {
        var out = ""
        for token in pronunciations.keys.sorted() {
            for (i, phones) in pronunciations[token]!.enumerated() {
                out += (i == 0 ? token : "\(token)(\(i + 1))") + " " + phones.joined(separator: " ") + "\n"
            }
        }
        return out
    }

    static func buildARPA(tokens: [String], common: [String], neighbours: [(word: String, of: String)]) -> String {
        // Unigrams.
        var passageCounts: [String: Int] = [:]
        for t in tokens { passageCounts[t, default: 0] += 1 }
        passageCounts["</s>", default: 0] += 1
        let passageTotal = Double(tokens.count + 1)
        var uni: [String: Double] = [:]
        for (w, c) in passageCounts { uni[w] = (1 - commonShare) * Double(c) / passageTotal }
        let rankWeights = common.indices.map { 1.0 / Double($0 + 20) }
        let rankTotal = rankWeights.reduce(0, +)
        for (i, w) in common.enumerated() { uni[w] = commonShare * rankWeights[i] / max(rankTotal, 1e-9) }
        for (w, of) in neighbours { uni[w] = max(uni[w] ?? 0, neighbourWeight * (uni[of] ?? 0)) }
        // Renormalise: neighbours took a little mass on top of the rest.
        let total = uni.values.reduce(0, +)
        for k in uni.keys { uni[k]! /= total }

        // Bigrams from the passage sequence.
        let sequence = ["<s>"] + tokens + ["</s>"]
        var follow: [String: [String: Int]] = [:]
        for i in 0..<(sequence.count - 1) { follow[sequence[i], default: [:]][sequence[i + 1], default: 0] += 1 }
        var bigrams: [(String, String, Double)] = []
        var backoff: [String: Double] = [:]
        for (h, followers) in follow {
            let total = Double(followers.values.reduce(0, +))
            var kept = 0.0, uniCovered = 0.0
            for (w, c) in followers.sorted(by: { $0.key < $1.key }) {
                let p = (Double(c) - discount) / total
                bigrams.append((h, w, p))
                kept += p
                uniCovered += uni[w] ?? 0
            }
            backoff[h] = (1 - kept) / max(1 - uniCovered, 1e-6)
        }

        func l(_ p: Double) -> String { String(format: "%.4f", log10(max(p, 1e-99))) }
        var out = "\\data\\\nngram 1=\(uni.count + 1)\nngram 2=\(bigrams.count)\n\n\\1-grams:\n"
        out += "-99.0000 <s> \(l(backoff["<s>"] ?? 1))\n"
        for w in uni.keys.sorted() {
            out += "\(l(uni[w]!)) \(w)"
            if let b = backoff[w], w != "</s>" { out += " \(l(b))" } else if w != "</s>" { out += " 0.0000" }
            out += "\n"
        }
        out += "\n\\2-grams:\n"
        for (h, w, p) in bigrams.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) { out += "\(l(p)) \(h) \(w)\n" }
        out += "\n\\end\\\n"
        return out
    }
}
