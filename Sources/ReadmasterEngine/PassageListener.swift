import Foundation
/// Hears a passage reading piece by piece with Whisper, each piece prompted with the
/// passage text from where the reader is expected to be. Prompted this way Whisper's
/// word error on children's speech falls from ~48 % to ~7 % while a wrong passage's
/// words are still not credited (../shared/ENGINE-NOTES.md).
enum PassageListener {
    /// Passage words before the expected position that the prompt starts with, so a
    /// reader who goes back a little is still prompted with what they read.
    static let promptLookBack = 60

    static func hear(_ audio: Audio, vad: VoiceActivity, passage: PassageModel, recognizer: WordRecognizer) throws -> [SpokenWord] {
        var heard: [SpokenWord] = []
        var expected = 0
        for range in ReadingPieces.plan(vad, sampleCount: audio.samples.count) {
            let from = ProcessInfo.processInfo.environment["RM_WHOLE"] != nil ? 0 : max(0, min(expected, passage.words.count - 1) - promptLookBack)
            let prompt = passage.words[from...].map { $0.text + $0.punctuationAfter }.joined(separator: " ")
            let words = try recognizer.transcribe(audio.samples[range], offset: Double(range.lowerBound) / Double(Audio.sampleRate),
                                                  prompt: prompt)
            heard += words; if ProcessInfo.processInfo.environment["RM_DEBUG"] != nil { FileHandle.standardError.write("piece \(Double(range.lowerBound)/16000)-\(Double(range.upperBound)/16000) from \(from): \(words.map(\.token).joined(separator: " "))\n".data(using: .utf8)!) }
            expected = nextExpected(after: words, from: from, passage: passage) ?? expected
        }
        return heard
    }

    /// The passage index after the last passage word these words matched, looking from
    /// `from` over a window a little longer than what was heard.
    static func nextExpected(after words: [SpokenWord], from: Int, passage: PassageModel) -> Int? {
        guard !words.isEmpty else { return nil }
        let upper = min(passage.tokens.count, from + words.count * 2 + 10)
        let steps = Aligner.align(passage: Array(passage.tokens[from..<upper]), heard: words.map(\.token),
                                  pronunciations: passage.pronunciations)
        var last: Int?
        for case let .match(p, _) in steps { last = max(last ?? p, p) }
        return last.map { from + $0 + 1 }
    }
}
