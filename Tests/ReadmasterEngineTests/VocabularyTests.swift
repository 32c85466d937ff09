import CPocketSphinx
import Foundation
import Testing
@testable import ReadmasterEngine

@Suite("Engine resources: pronunciation dictionary and general vocabulary")
struct VocabularyTests {
    @Test("every CMUdict word gives all its variants in file order, even when another word's lines come between them")
    func dictionary() throws {
        let dictionary = Engine.resources.dictionary
        #expect(dictionary.variants("a") == [["AH"], ["EY"]])   // "a's" lies between "a" and "a(2)"
        #expect(dictionary.variants("a's") == [["EY", "Z"]])
        #expect(dictionary.variants("read") == [["R", "EH", "D"], ["R", "IY", "D"]])
        #expect(dictionary.variants("zzqxv") == nil && !dictionary.contains("zzqxv") && !dictionary.contains(""))
        // The whole file, read the plain way.
        let text = try String(contentsOfFile: Engine.resources.model.dictionary, encoding: .utf8)
        var expected: [String: [[String]]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2 else { continue }
            var word = String(fields[0])
            if word.hasSuffix(")"), let paren = word.lastIndex(of: "("), paren > word.startIndex { word = String(word[..<paren]) }
            expected[word, default: []].append(fields.dropFirst().filter { !$0.hasPrefix("#") }.map(String.init))
        }
        #expect(expected.count > 120_000)
        let wrong = expected.filter { dictionary.variants($0.key) != $0.value }.map(\.key)
        #expect(wrong.count == 0, "e.g. \(wrong.prefix(5))")
    }

    @Test("general vocabulary: most probable words first, ties in model order, plain words only")
    func ranking() throws {
        let path = Engine.resources.model.generalLM
        let vocabulary = try GeneralVocabulary(lmPath: path, limit: 30_000)
        #expect(vocabulary.words.count == 30_000 && vocabulary.words.first == "the")
        // The same ranking the slow way: (word, score) pairs in model order, stably sorted.
        let lmath = try #require(logmath_init(1.0001, 0, 0))
        defer { logmath_free(lmath) }
        let lm = try #require(ngram_model_read(nil, path, NGRAM_AUTO, lmath))
        defer { ngram_model_free(lm) }
        var used: Int32 = 0
        var scored: [(word: String, score: Int32)] = []
        for wid in 0..<Int32(ngram_model_get_counts(lm)[0]) {
            let w = String(cString: ngram_word(lm, wid))
            guard w.first.map({ $0.isLowercase && $0.isASCII }) == true,
                  w.allSatisfy({ ($0.isLowercase && $0.isASCII) || $0 == "'" }) else { continue }
            scored.append((w, ngram_ng_score(lm, wid, nil, 0, &used)))
        }
        let expected = scored.enumerated()
            .sorted { ($0.element.score, $1.offset) > ($1.element.score, $0.offset) }
            .prefix(30_000).map(\.element.word)
        #expect(vocabulary.words == expected)
    }
}
