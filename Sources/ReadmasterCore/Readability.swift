/// Flesch–Kincaid grade level of a passage, from the same words the engine scores:
/// 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
public enum Readability {
    public static func gradeLevel(_ text: String) -> Double? { gradeLevel(words: WordTokenizer.words(text)) }

    public static func gradeLevel(words: [PassageWord]) -> Double? {
        guard !words.isEmpty else { return nil }
        let sentences = max(1, WordTokenizer.sentences(words).count)
        let syllables = words.reduce(0) { $0 + syllableCount($1.normalized) }
        let grade = 0.39 * Double(words.count) / Double(sentences) + 11.8 * Double(syllables) / Double(words.count) - 15.59
        return (grade * 10).rounded() / 10
    }

    /// Vowel groups, less a silent final e, at least one: the usual heuristic.
    public static func syllableCount(_ word: String) -> Int {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSyllables(Array(word.utf8)) }
        let letters = Array(word.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic })
        guard !letters.isEmpty else { return word.isEmpty ? 0 : 1 }
        let vowels: Set<Unicode.Scalar> = ["a", "e", "i", "o", "u", "y"]
        var count = 0
        var previousVowel = false
        for c in letters {
            let v = vowels.contains(c)
            if v && !previousVowel { count += 1 }
            previousVowel = v
        }
        if letters.count > 2, letters.last == "e", !vowels.contains(letters[letters.count - 2]), count > 1 {
            // "make" → 1, but "table" keeps its "-le" syllable.
            if !(letters[letters.count - 2] == "l" && !vowels.contains(letters[letters.count - 3])) { count -= 1 }
        }
        return max(1, count)
    }

    static func asciiSyllables(_ word: [UInt8]) -> Int {
        let letters = word.compactMap { b -> UInt8? in
            if b >= 97 && b <= 122 { return b }
            if b >= 65 && b <= 90 { return b + 32 }
            return nil
        }
        guard !letters.isEmpty else { return word.isEmpty ? 0 : 1 }
        func vowel(_ b: UInt8) -> Bool { b == 97 || b == 101 || b == 105 || b == 111 || b == 117 || b == 121 }
        var count = 0
        var previousVowel = false
        for c in letters {
            let v = vowel(c)
            if v && !previousVowel { count += 1 }
            previousVowel = v
        }
        let n = letters.count
        if n > 2, letters[n - 1] == 101, !vowel(letters[n - 2]), count > 1,
           !(letters[n - 2] == 108 && !vowel(letters[n - 3])) {
            count -= 1
        }
        return max(1, count)
    }
}
