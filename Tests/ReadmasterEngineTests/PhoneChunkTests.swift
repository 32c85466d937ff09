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
