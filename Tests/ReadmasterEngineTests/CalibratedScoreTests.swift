import Foundation
import ReadmasterCore
@testable import ReadmasterEngine
import ReadmasterTestSupport
import Testing

@Suite("pronunciation, prosody and calibrated scores")
struct CalibratedScoreTests {
    static let sentence = "Every morning she walked to the creek with her dog. The water was cold and clear."

    @Test("a word said with the wrong vowel scores lower than the same word read normally; another word scores as one")
    func mispronouncedWord() throws {
        let normal = try Engine.analyze(try AudioFixtures.speak(Self.sentence, name: "gop-normal"), passage: Self.sentence)
        // "crick" is spoken K R IH K where "creek" is K R IY K: the recogniser still
        // accepts it as "creek", so only the acoustic check can tell.
        let wrong = try Engine.analyze(try AudioFixtures.speak(Self.sentence.replacingOccurrences(of: "creek", with: "crick"),
                                                               name: "gop-crick"), passage: Self.sentence)
        let i = Engine.index(of: "creek", in: Self.sentence)
        #expect(wrong.words[i].heard == "creek")
        let good = try #require(normal.words[i].score), bad = try #require(wrong.words[i].score)
        #expect(bad + 15 <= good, "creek read normally \(good), with the wrong vowel \(bad)")
        // The word's phones show where: its vowel fits worse than in the normal reading.
        func vowel(_ r: AnalysisResult) -> Double? { r.wordPhones[i]?.first { $0.phone.hasPrefix("IY") }?.gop }
        let vowelNormal = try #require(vowel(normal)), vowelWrong = try #require(vowel(wrong))
        #expect(vowelWrong < vowelNormal, "IY of creek: GOP \(vowelNormal) read normally, \(vowelWrong) as crick")
        // The calibration's phone norms turn them into the word model's phone_z_* features.
        let zMin = WordFeatures.names.firstIndex(of: "phone_z_min")!
        let zNormal = try #require(normal.wordFeatures[i]?.values[zMin]), zWrong = try #require(wrong.wordFeatures[i]?.values[zMin])
        #expect(zNormal.isFinite && zWrong < zNormal, "phone_z_min of creek: \(zNormal) read normally, \(zWrong) as crick")
        // The other words are the same audio and keep much the same scores.
        let others = normal.words.indices.filter { $0 != i }
        let drift = others.map { abs((normal.words[$0].score ?? 0) - (wrong.words[$0].score ?? 0)) }.max() ?? 0
        #expect(drift <= 15)
        // A different word ("kraik") is a substitution; its phones do not fit "creek" either, so it scores 30 or less.
        let other = try Engine.analyze(try AudioFixtures.speak(Self.sentence.replacingOccurrences(of: "creek", with: "kraik"),
                                                               name: "gop-kraik"), passage: Self.sentence)
        if other.words[i].status == .substitution {
            let substituted = try #require(other.words[i].score)
            #expect(substituted <= 30, "creek read normally \(good), \"kraik\" heard as \(other.words[i].heard ?? "-") \(substituted)")
            // --explain says which rule set the score when the word model thought better of it.
            let explained = try #require(Explanation(other)?.words.first { $0.index == i })
            if explained.model > substituted { #expect(explained.rules.contains("substitution_cap")) }
        }
    }

    /// The first three sentences of the test passage.
    static let short = "Maya lived in a small house at the edge of the woods. Every morning she walked to the creek with her dog, " +
        "Pepper. The water was cold and clear, and little fish darted between the stones."

    @Test("a monotone, word-by-word reading gets a lower prosody level and score than a natural reading")
    func wordByWord() throws {
        let natural = try Engine.analyze(try AudioFixtures.speak(Self.short, name: "natural-short"), passage: Self.short)
        // Each word synthesised alone with a flat pitch, then joined with 0.45 s pauses.
        var samples: [Float] = []
        var rate = 16_000
        for (k, w) in WordTokenizer.words(Self.short).enumerated() {
            let one = try AudioFixtures.read(try AudioFixtures.speak(w.text, settings: ["int_f0_target_stddev=0"], name: "wbw-\(k)"))
            rate = one.rate
            samples += one.samples + [Float](repeating: 0, count: rate * 45 / 100)
        }
        let url = AudioFixtures.path("word-by-word.flac")
        try AudioFixtures.write(samples, rate: rate, format: AudioFixtures.flac, to: url)
        let flat = try Engine.analyze(url, passage: Self.short)
        let a = try #require(natural.prosody.level), b = try #require(flat.prosody.level)
        #expect(b < a, "natural level \(a), word by word \(b)")
        #expect(b == 1)
        #expect(try #require(flat.scores[.prosody]) < (try #require(natural.scores[.prosody])))
        #expect(try #require(flat.scores[.fluency]) < (try #require(natural.scores[.fluency])))
    }

    @Test("each calibrated score has an expected error from cross-validation, looked up by the band the score falls in")
    func expectedErrors() throws {
        for name in ScoreName.calibrated {
            let bands = try #require(Calibration.current.errors[name], "\(name) has no expected error")
            #expect(bands.errors.allSatisfy { $0 > 0 && $0 < 40 })
            #expect(bands.error(at: 0) == bands.errors[0] && bands.error(at: 49.9) == bands.errors[0])
            #expect(bands.error(at: 50) == bands.errors[1] && bands.error(at: 100) == bands.errors.last)
        }
        #expect(Calibration.current.errors[.accuracy] == nil)
    }

    @Test("boosted trees are read from their text form, missing children and unmeasured features included")
    func treeText() {
        // Tree 1: a split on b at 2.5 whose left child is a leaf and right child missing;
        // tree 2: a single leaf.
        let trees = TreeEnsemble(text: "a,b\n1,7\n10\n1 2.5 0.5;-1 0 -1.25;x\n-1 0 0.25\n")
        #expect(trees.features == ["a", "b"] && trees.fill == [1, 7] && trees.treeCount == 2)
        #expect(trees.bias == 10.75)
        #expect(trees.predict { $0 == "b" ? 2 : 0 } == 10.75 - 1.75)
        // b unmeasured takes its fill (7): right of the split, where the tree stops.
        #expect(trees.predict { _ in .nan } == 10.75)
    }

    @Test("an output curve keeps the order of predictions, holds flat beyond its range, and explanations still add up")
    func outputCurve() {
        // 7 + z - 0.1 z^3 rises for |z| < 1.83; its range stops at z = ±1.5.
        let curve = OutputCurve(coefficients: [7, 1, 0, -0.1], center: 7, scale: 1, lower: 5.5, upper: 8.5)
        #expect(curve.isRising)
        #expect(abs(curve.apply(8) - 7.9) < 1e-9)
        #expect(curve.apply(3) == curve.apply(5.5) && curve.apply(12) == curve.apply(8.5))
        #expect(OutputCurve.identity.apply(4.25) == 4.25 && OutputCurve.identity.isRising)
        // Over a range where it falls, it is not rising.
        #expect(!OutputCurve(coefficients: [7, 1, 0, -0.1], center: 7, scale: 1, lower: 4, upper: 10).isRising)
        for (_, model) in Calibration.current.scoreModels { #expect(model.curve.isRising) }
        // The feature points, shared out along the curve, still add up to the prediction.
        let model = Calibration.current.models[.pronunciation]!
        let values: [String: Double] = ["words_correct_share": 0.5, "posterior_mean": 0.5, "gop_mean": -5, "speaking_rate_wps": 1]
        let e = model.explained { values[$0] ?? .nan }
        let sum = e.baseline + e.contributions.reduce(0) { $0 + $1.points }
        #expect(abs(sum - model.predict { values[$0] ?? .nan }) < 1e-9)
        #expect(model.predict { values[$0] ?? .nan } < model.curve.apply(model.intercept))
    }

    @Test("the fitted calibration is loaded and applied, and names the engine version")
    func calibrationApplied() throws {
        let c = Calibration.current
        #expect(c.id != "unfitted")
        #expect(ReadmasterEngine.version.hasSuffix("+cal." + c.id))
        for (_, model) in c.scoreModels {
            var seen = Set<String>()
            #expect(model.features.filter { seen.insert($0).inserted } == Features.names)
            #expect(model.linear.weights.count == model.linear.features.count && model.linear.weights.contains { $0 != 0 })
            #expect(model.trees.treeCount > 0)
        }
        var seen = Set<String>()
        #expect(c.word.features.filter { seen.insert($0).inserted } == WordFeatures.names)

        let r = try Engine.analyze(try AudioFixtures.speak(AudioFixtures.passage, name: "clean-slt"))
        let scores = ScoreName.calibrated.map { r.scores[$0] }
        for s in scores { #expect(s.map { (0...100).contains($0) } == true) }
        // The scores are the models' predictions from this recording's features.
        let f = try #require(r.features)
        #expect(r.scores[.pronunciation] == Calibration.percent(c.models[.pronunciation]!.predict { f[named: $0] }))
        #expect(r.scores[.overall] == Calibration.percent(c.models[.overall]!.predict { f[named: $0] }))
        // Every word that was read has a score; the explanation adds up to the scores.
        #expect(r.words.filter { $0.heard != nil }.allSatisfy { $0.score != nil })
        let why = try #require(Explanation(r))
        for (k, total) in why.totals.enumerated() {
            let sum = why.baseline[k] + why.rows.reduce(0) { $0 + $1.points[k] }
            #expect(abs(max(0, min(100, sum)) - (total ?? -1)) <= 0.5 + 1e-9)
        }
    }
}
