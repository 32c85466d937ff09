import Foundation
@testable import ReadmasterEngine
import ReadmasterTestSupport
import Testing

@Suite("the same recording gets the same result, and a high voice is heard lowered")
struct RepeatabilityTests {
    static let sentence = "Every morning she walked to the creek with her dog. The water was cold and clear."

    @Test("one analyzer gives a recording the same features and scores before and after another recording")
    func sameResultWhateverCameBefore() throws {
        let analyzer = try Analyzer(resources: Engine.resources)
        let passage = try Engine.resources.passage(Self.sentence)
        let a = try AudioFixtures.speak(Self.sentence, name: "repeat-a")
        let b = try AudioFixtures.speak("Maya lived in a small house at the edge of the woods.", voice: "kal", name: "repeat-b")
        let first = try analyzer.analyze(path: a.path, passage: passage)
        _ = try analyzer.analyze(path: b.path, passage: try Engine.resources.passage("Maya lived in a small house at the edge of the woods."))
        let again = try analyzer.analyze(path: a.path, passage: passage)
        let f1 = try #require(first.features?.values), f2 = try #require(again.features?.values)
        for (name, (x, y)) in zip(Features.names, zip(f1, f2)) {
            #expect(x == y || (x.isNaN && y.isNaN), "\(name): \(x) then \(y)")
        }
        #expect(first.words.map(\.score) == again.words.map(\.score))
        #expect(first.scores[.overall] == again.scores[.overall])
    }

    @Test("a voice pitched like a child's is lowered for the recogniser, and every time is mapped back to the recording")
    func highVoice() throws {
        let url = try AudioFixtures.speak(Self.sentence, settings: ["int_f0_target_mean=300"], name: "high-voice")
        let audio = try AudioDecoder.decode(path: url.path)
        #expect(VoiceWarp.factor(PitchTrack(audio, speech: VoiceActivity(audio).speechMask)) == VoiceWarp.lowering)
        let normal = try AudioFixtures.speak(Self.sentence, name: "gop-normal")
        let normalAudio = try AudioDecoder.decode(path: normal.path)
        #expect(VoiceWarp.factor(PitchTrack(normalAudio, speech: VoiceActivity(normalAudio).speechMask)) == 1)

        let r = try Engine.analyze(url, passage: Self.sentence)
        #expect(r.wordsCorrect >= r.wordsTotal - 2, "\(r.heardText)")
        let span = try Engine.speechSpan(url)
        #expect(abs(r.readingSeconds - span) < 0.3, "reading_s \(r.readingSeconds), speech \(span)")
        for (word, phones) in zip(r.words, r.wordPhones) {
            guard let start = word.start, let end = word.end, let phones, let first = phones.first, let last = phones.last else { continue }
            #expect(end <= audio.duration + 0.01)
            // The forced alignment may take a little of the silence around a word; times
            // left in the recogniser's frames would be 13 % late (0.4 s at 3 s).
            #expect(abs(Double(first.startFrame) / 100 - start) <= 0.15 && abs(Double(last.endFrame + 1) / 100 - end) <= 0.15,
                    "\(word.expected): word \(start)-\(end), phones \(first.startFrame)-\(last.endFrame)")
        }
    }
}
