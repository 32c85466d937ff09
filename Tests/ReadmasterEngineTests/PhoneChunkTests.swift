@testable import ReadmasterEngine
import Testing

@Suite("Stretches for the phone-level searches")
struct PhoneChunkTests {
    func word(_ start: Int, _ end: Int, phones: Int = 3) -> WordSpan {
        WordSpan(phones: Array(repeating: "AH", count: phones), startFrame: start, endFrame: end)
    }

    @Test("a long pause after 2 s of speech starts a new stretch; the pause itself is left out")
    func splitsAtPauses() {
        let words = [word(10, 100), word(101, 220), word(300, 400), word(401, 450)]
        let chunks = PhoneChunks.plan(words, totalFrames: 500)
        #expect(chunks == [PhoneChunk(frames: 0..<236, words: 0..<2), PhoneChunk(frames: 285..<466, words: 2..<4)])
    }

    @Test("a short pause early on does not split: each stretch is long enough for its own cepstral mean")
    func keepsShortStretchesTogether() {
        let words = [word(10, 50), word(100, 150), word(151, 400)]
        #expect(PhoneChunks.plan(words, totalFrames: 420).map(\.words) == [0..<3])
    }

    @Test("continuous speech is cut at word boundaries once a stretch has 100 phones, never inside a neighbour")
    func capsPhones() {
        let words = (0..<40).map { word($0 * 30, $0 * 30 + 29, phones: 5) }
        let chunks = PhoneChunks.plan(words, totalFrames: 1200)
        #expect(chunks.map(\.words) == [0..<20, 20..<40])
        #expect(chunks[0].frames.upperBound == chunks[1].frames.lowerBound)
        #expect(chunks[0].frames.upperBound == 600)
        #expect(PhoneChunks.plan([], totalFrames: 100).isEmpty)
    }
}

@Suite("Pronunciation scored stretch by stretch")
struct StretchPronunciationTests {
    func seg(_ word: String, _ a: Int, _ b: Int, _ score: Double) -> Segment {
        Segment(word: word, startFrame: a, endFrame: b, acoustic: score, posterior: 1)
    }

    @Test("a stretch whose alignment stops short leaves only its own words unscored")
    func failedStretch() {
        let phones = [["K", "AE", "T"], ["D", "AO", "G"], ["S", "AH", "N"]]
        let chunks = [PhoneChunk(frames: 0..<40, words: 0..<2), PhoneChunk(frames: 40..<60, words: 2..<3)]
        let loop = [seg("SIL", 0, 59, -600)]
        let first = [seg("p_k", 0, 4, -40), seg("p_ae", 5, 14, -90), seg("p_t", 15, 19, -60),
                     seg("p_d", 20, 24, -50), seg("p_ao", 25, 34, -100), seg("p_g", 35, 39, -45)]
        let second = [seg("p_s", 40, 49, -100)] // "AH" and "N" never reached
        let scored = Pronunciation.perWord(phones, chunks: chunks, forced: [first, second], loop: LoopEvidence(loop))
        #expect(scored.count == 3)
        #expect(scored[0]?.phones.map(\.phone) == ["K", "AE", "T"])
        #expect(scored[1]?.phones.count == 3)
        #expect(scored[2] == nil)
        // GOP is the forced score minus the loop's over the same frames, per frame: the
        // loop gives −10 per frame here, so /K/ (−40 over 5 frames) is +2.
        #expect(abs((scored[0]?.phones[0].gop ?? 0) - 2) < 1e-9)
    }
}

@Suite("Pronunciation judged against the passage")
struct ExpectedPhonesTests {
    @Test("a substituted word is aligned with the passage word's closest pronunciation; matches and insertions keep what was heard")
    func substitutionsUsePassagePhones() {
        let pronunciations = ["the": [["DH", "AH"], ["DH", "IY"]], "house": [["HH", "AW", "S"]],
                              "horse": [["HH", "AO", "R", "S"]], "big": [["B", "IH", "G"]], "a": [["AH"]]]
        let passage = ["the", "house"]
        let heard = [["DH", "IY"], ["AH"], ["HH", "AO", "R", "S"]]
        let steps = Aligner.align(passage: passage, heard: ["the", "a", "horse"], pronunciations: pronunciations)
        #expect(steps == [.match(passage: 0, heard: 0), .insertion(heard: 1, before: 1), .substitution(passage: 1, heard: 2)])
        let expected = Analyzer.expectedPhones(heard, steps: steps, passage: passage, pronunciations: pronunciations)
        #expect(expected == [["DH", "IY"], ["AH"], ["HH", "AW", "S"]])
        // "the" misread as "these": of the passage word's two pronunciations, the one nearer to what was heard.
        let misread = Analyzer.expectedPhones([["DH", "IY", "Z"]], steps: [.substitution(passage: 0, heard: 0)],
                                              passage: ["the"], pronunciations: pronunciations)
        #expect(misread == [["DH", "IY"]])
    }
}

@Suite("Word scores within one reading")
struct RelativePenaltyTests {
    func word(gop: Double) -> WordFeatures {
        var values = [Double](repeating: 0, count: WordFeatures.names.count)
        values[WordFeatures.names.firstIndex(of: "gop_mean")!] = gop
        return WordFeatures(values: values)
    }

    @Test("only a clear acoustic outlier among the reader's words loses points; ordinary spread and short readings lose none")
    func outliersOnly() {
        let spread = [-2.0, 3, -5, 1, 4, -3, 0, 2, -1, 5].map { word(gop: $0) }
        #expect(Grading.relativePenalties(spread).allSatisfy { $0 == 0 })
        let outlier = spread + [word(gop: -40)]
        let penalties = Grading.relativePenalties(outlier)
        #expect(penalties.last! > 15)
        #expect(penalties.dropLast().allSatisfy { $0 == 0 })
        #expect(Grading.relativePenalties(Array(outlier.suffix(7))).allSatisfy { $0 == 0 })
        #expect(Grading.wordScores(Array(repeating: 90, count: outlier.count), features: outlier,
                                   substitution: outlier.map { _ in false }) == penalties.map { 90 - $0 })
        // Another word heard: capped at 30 only when the passage word's phones do not fit
        // either and the recogniser accepted at least 90 % of the reading.
        func heard(gop: Double, accepted: Double) -> WordFeatures {
            word(gop: gop).setting(.recordingWordsCorrectShare, to: accepted)
        }
        #expect(Grading.wordScores([90, 90, 90, 90], features: [heard(gop: -12, accepted: 0.95), heard(gop: -12, accepted: 0.95),
                                                                heard(gop: -2, accepted: 0.95), heard(gop: -12, accepted: 0.7)],
                                   substitution: [false, true, true, true]) == [90, 30, 90, 90])
    }
}
