/// Flesch–Kincaid grade level of a passage, from the same words the engine scores:
/// 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
public enum Readability {
    public static func gradeLevel(_ text: String) -> Double? {
        let words = WordTokenizer.words(text)
        guard !words.isEmpty else { return nil }
        let sentences = max(1, WordTokenizer.sentences(words).count)
        let syllables = words.reduce(0) { $0 + syllableCount($1.normalized) }
        let grade = 0.39 * Double(words.count) / Double(sentences) + 11.8 * Double(syllables) / Double(words.count) - 15.59
        return (grade * 10).rounded() / 10
    }

    /// Vowel groups, less a silent final e, at least one: the usual heuristic.
    public static func syllableCount(_ word: String) -> Int {
        let letters = Array(word.lowercased().filter { $0.isLetter })
        guard !letters.isEmpty else { return word.isEmpty ? 0 : 1 }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
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
}
