import ReadmasterCore
import Testing

@Suite("Word tokenizer")
struct WordTokenizerTests {
    @Test("words, punctuation and apostrophes")
    func words() {
        let w = WordTokenizer.words("“Don’t go,” said Mrs. O'Neil — it's well-known; 42 cats!")
        #expect(w.map(\.text) == ["Don't", "go", "said", "Mrs", "O'Neil", "it's", "well", "known", "42", "cats"])
        #expect(w.map(\.normalized) == ["don't", "go", "said", "mrs", "o'neil", "it's", "well", "known", "42", "cats"])
        #expect(w[1].punctuationAfter == ",")
        #expect(w[3].punctuationAfter == ".")
        #expect(w[4].punctuationAfter == "—")
        #expect(w[7].punctuationAfter == ";")
        #expect(w[9].endsSentence)
        #expect(WordTokenizer.count("  ...  ") == 0)
        #expect(WordTokenizer.count("The cat sat. The dog ran!") == 6)
    }

    @Test("sentences")
    func sentences() {
        let w = WordTokenizer.words("One two. Three? Four five")
        #expect(WordTokenizer.sentences(w) == [0..<2, 2..<3, 3..<5])
    }
}

@Suite("Word tokenizer fast path")
struct WordTokenizerFastPathTests {
    @Test("ASCII and Unicode paths agree")
    func agree() {
        let ascii = "Don't go, said Mrs. O'Neil -- it's well-known; 42 cats! 'Quoted' words... end"
        let unicode = ascii + " é"
        let a = WordTokenizer.words(ascii)
        let u = WordTokenizer.words(unicode)
        #expect(Array(u.dropLast()) == a)
        #expect(Readability.syllableCount("underneath") == Readability.syllableCount("underneath\u{301}"))
    }
}
