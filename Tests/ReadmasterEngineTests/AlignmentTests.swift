@testable import ReadmasterEngine
import ReadmasterCore
import Testing

@Suite("Alignment and scoring rules")
struct AlignmentTests {
    static let text = "The big dog ran to the red house. It was fast."

    static func heard(_ words: [(String, Double)]) -> [HeardWord] {
        words.map { HeardWord(word: $0.0, start: $0.1, end: $0.1 + 0.3, posterior: 0.95, acousticPerFrame: -20000) }
    }

    static func score(_ words: [(String, Double)]) throws -> AnalysisResult {
        let passage = try Engine.resources.passage(text)
        let h = heard(words)
        let steps = Aligner.align(passage: passage.tokens, heard: h.map(\.word), pronunciations: passage.pronunciations)
        return Scoring.score(passage: passage, heard: h, steps: steps, duration: 10, sourceSampleRate: 16_000)
    }

    static func timed(_ words: [String], gapAfter: [Int: Double] = [:]) -> [(String, Double)] {
        var t = 0.5
        return words.enumerated().map { i, w in
            defer { t += 0.4 + (gapAfter[i] ?? 0) }
            return (w, t)
        }
    }

    @Test("a perfect reading has no miscues")
    func perfect() throws {
        let r = try Self.score(Self.timed(["the", "big", "dog", "ran", "to", "the", "red", "house", "it", "was", "fast"]))
        #expect(r.miscues.isEmpty)
        #expect(r.wordsCorrect == 11 && r.accuracyPercent == 100 && r.completenessPercent == 100)
        #expect(abs(r.readingSeconds - 4.3) < 1e-9)
        #expect(abs(r.wcpm - 11 / 4.3 * 60) < 1e-6)
    }

    @Test("omission, sound-alike substitution, insertion")
    func basics() throws {
        let r = try Self.score(Self.timed(["the", "dog", "ran", "up", "to", "the", "red", "horse", "it", "was", "fast"]))
        let kinds = r.miscues.map { "\($0.type.rawValue)@\($0.index)" }
        #expect(kinds == ["omission@1", "insertion@4", "substitution@7"])
        #expect(r.words[7].heard == "horse")
        #expect(r.wordsCorrect == 9)
        #expect(abs(r.accuracyPercent - 9.0 / 11 * 100) < 1e-9)
    }

    @Test("repetitions and self-corrections are reported but are not errors")
    func notErrors() throws {
        let r = try Self.score(Self.timed(["the", "big", "dog", "the", "big", "dog", "ran", "to", "the", "rid", "red", "house", "it", "was", "fast"]))
        let kinds = r.miscues.map { "\($0.type.rawValue)@\($0.index)" }
        #expect(kinds.contains("repetition@0") || kinds.contains("repetition@3") || kinds.contains { $0.hasPrefix("repetition@") })
        #expect(kinds.contains("self_correction@6"), "\(kinds)")
        #expect(r.wordsCorrect == 11 && r.accuracyPercent == 100)
    }

    @Test("a 3 s pause makes a hesitation; stopping early leaves words not attempted")
    func hesitationAndStop() throws {
        let r = try Self.score(Self.timed(["the", "big", "dog", "ran", "to", "the", "red", "house"], gapAfter: [3: 3.2]))
        #expect(r.words[4].status == .hesitation)
        #expect(r.miscues.contains { $0.type == .hesitation && $0.index == 4 })
        #expect(r.words[8...].allSatisfy { $0.status == .notAttempted })
        #expect(r.wordsAttempted == 8 && r.wordsCorrect == 7)
        #expect(abs(r.completenessPercent - 8.0 / 11 * 100) < 1e-9)
        #expect(r.prosody.longPauses == 1)
    }

    @Test("numbers and possessives get pronunciations")
    func pronunciations() throws {
        let p = try Engine.resources.passage("In 1999 the 42 cats slept on Maya's bed.")
        #expect(p.pronunciations["1999"]?.isEmpty == false)
        #expect(p.pronunciations["42"]?.first?.first == "F")
        #expect(p.pronunciations["maya's"]?.first?.last == "Z")
        #expect(NumberWords.words("1999") == ["nineteen", "ninety", "nine"])
        #expect(NumberWords.words("2005") == ["two", "thousand", "five"])
        #expect(NumberWords.words("342") == ["three", "hundred", "forty", "two"])
    }

    @Test("the passage model is a valid ARPA bigram model over the passage and its neighbours")
    func arpa() throws {
        let p = try Engine.resources.passage(Self.text)
        #expect(p.arpa.hasPrefix("\\data\\\nngram 1="))
        #expect(p.arpa.contains("\\2-grams:") && p.arpa.hasSuffix("\\end\\\n"))
        #expect(p.arpa.contains(" big dog\n"))
        #expect(p.pronunciations["horse"] != nil, "confusable neighbour of house")
        for line in p.dictionaryText.split(separator: "\n") { #expect(line.split(separator: " ").count >= 2) }
    }
}
