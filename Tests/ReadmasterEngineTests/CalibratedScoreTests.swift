import Foundation
import ReadmasterCore
@testable import ReadmasterEngine
import ReadmasterTestSupport
import Testing

@Suite("pronunciation, prosody and calibrated scores")
struct CalibratedScoreTests {
    static let sentence = "Every morning she walked to the creek with her dog. The water was cold and clear."

    @Test("a word said with the wrong vowel scores lower than the same word read normally")
    func mispronouncedWord() throws {
        let normal = try Engine.analyze(try AudioFixtures.speak(Self.sentence, name: "gop-normal"), passage: Self.sentence)
        // "kraik" is spoken K R EY K where "creek" is K R IY K.
        let wrong = try Engine.analyze(try AudioFixtures.speak(Self.sentence.replacingOccurrences(of: "creek", with: "kraik"),
                                                               name: "gop-wrong"), passage: Self.sentence)
        let i = Engine.index(of: "creek", in: Self.sentence)
        let good = try #require(normal.words[i].score), bad = try #require(wrong.words[i].score)
        #expect(bad + 15 <= good, "creek read normally \(good), with the wrong vowel \(bad)")
        // The other words are the same audio and keep their scores.
        let others = normal.words.indices.filter { $0 != i && $0 != i - 1 && $0 != i + 1 }
        let drift = others.map { abs((normal.words[$0].score ?? 0) - (wrong.words[$0].score ?? 0)) }.max() ?? 0
        #expect(drift <= 15)
    }

    @Test("a monotone, word-by-word reading gets a lower prosody level and score than a natural reading")
    func wordByWord() throws {
        let natural = try Engine.analyze(try AudioFixtures.speak(AudioFixtures.passage, name: "clean-slt"))
        // Each word its own sentence (a pause after every word), with a flat pitch.
        let choppy = WordTokenizer.words(AudioFixtures.passage).map { $0.text + "." }.joined(separator: " ")
        let flat = try Engine.analyze(try AudioFixtures.speak(choppy, settings: ["int_f0_target_stddev=0"], name: "monotone-wbw"))
        let a = try #require(natural.prosody.level), b = try #require(flat.prosody.level)
        #expect(b < a, "natural level \(a), word by word \(b)")
        #expect(b == 1)
        #expect(try #require(flat.scores.prosody) < (try #require(natural.scores.prosody)))
        #expect(try #require(flat.scores.fluency) < (try #require(natural.scores.fluency)))
        #expect(flat.prosody.pitchRangeSemitones ?? 0 < natural.prosody.pitchRangeSemitones ?? 0)
    }

    @Test("the fitted calibration is loaded and applied, and names the engine version")
    func calibrationApplied() throws {
        let c = Calibration.current
        #expect(c.id != "unfitted")
        #expect(ReadmasterEngine.version.hasSuffix("+cal." + c.id))
        for (_, model) in c.scoreModels {
            #expect(model.features == Features.names)
            #expect(model.weights.count == Features.names.count && model.weights.contains { $0 != 0 })
        }
        #expect(c.word.features == WordFeatures.names)

        let r = try Engine.analyze(try AudioFixtures.speak(AudioFixtures.passage, name: "clean-slt"))
        let scores = [r.scores.fluency, r.scores.prosody, r.scores.pronunciation, r.scores.overall]
        for s in scores { #expect(s.map { (0...100).contains($0) } == true) }
        // The scores are the models' predictions from this recording's features.
        let f = try #require(r.features)
        #expect(r.scores.pronunciation == Calibration.percent(c.pronunciation.predict { f[$0] }))
        #expect(r.scores.overall == Calibration.percent(c.overall.predict { f[$0] }))
        // Every word that was read has a score; the explanation adds up to the scores.
        #expect(r.words.filter { $0.heard != nil }.allSatisfy { $0.score != nil })
        let why = try #require(Explanation(r))
        for (k, total) in why.totals.enumerated() {
            let sum = why.baseline[k] + why.rows.reduce(0) { $0 + $1.points[k] }
            #expect(abs(max(0, min(100, sum)) - (total ?? -1)) <= 0.5 + 1e-9)
        }
    }
}
