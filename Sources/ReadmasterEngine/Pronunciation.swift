/// Goodness of pronunciation (GOP): for each phone of the forced alignment, its acoustic
/// score minus the score a free phone loop reached over the same frames, per frame.
/// Near 0 means the expected phone explains the audio as well as any phone does; very
/// negative means another sound was said. Rolled up per word and per recording.
public struct PhoneScore: Sendable {
    public let phone: String
    /// 10 ms frames from the start of the recording.
    public let startFrame: Int
    public let endFrame: Int
    /// (forced − free) / frames, on the grammar search's score scale.
    public let gop: Double
    /// Share of the phone's frames where the free loop heard the same phone.
    public let agreement: Double

    public var frames: Int { endFrame - startFrame + 1 }
}

struct WordPronunciation: Sendable {
    let phones: [PhoneScore]

    var meanGOP: Double {
        let frames = phones.reduce(0) { $0 + $1.frames }
        return phones.reduce(0) { $0 + $1.gop * Double($1.frames) } / Double(max(frames, 1))
    }
    var minGOP: Double { phones.map(\.gop).min() ?? 0 }
    var agreement: Double {
        let frames = phones.reduce(0) { $0 + $1.frames }
        return phones.reduce(0) { $0 + $1.agreement * Double($1.frames) } / Double(max(frames, 1))
    }
    var startFrame: Int { phones.first?.startFrame ?? 0 }
    var endFrame: Int { phones.last?.endFrame ?? 0 }
}

enum Pronunciation {
    /// Splits the forced alignment into words (`phonesPerWord[i]` phones each) and
    /// scores every phone against the loop. Nil when the alignment did not reach the
    /// end of the grammar (its phones do not match what was asked for).
    static func score(phonesPerWord: [Int], expected: [String], forced: [Segment], loop: LoopEvidence) -> [WordPronunciation]? {
        let aligned = forced.filter { $0.word.hasPrefix("p_") }
        guard aligned.count == expected.count, !aligned.isEmpty,
              zip(aligned, expected).allSatisfy({ $0.word.dropFirst(2).uppercased() == $1 }) else { return nil }
        var words: [WordPronunciation] = []
        var k = 0
        for count in phonesPerWord {
            var phones: [PhoneScore] = []
            for _ in 0..<count {
                let s = aligned[k]
                let phone = expected[k]
                var freeScore = 0.0, same = 0
                for f in s.startFrame...s.endFrame where f >= 0 && f < loop.perFrame.count {
                    freeScore += loop.perFrame[f]
                    if loop.phoneAt[f] == phone { same += 1 }
                }
                let n = Double(s.frames)
                phones.append(PhoneScore(phone: phone, startFrame: s.startFrame, endFrame: s.endFrame,
                                         gop: (s.acoustic - freeScore) / n, agreement: Double(same) / n))
                k += 1
            }
            words.append(WordPronunciation(phones: phones))
        }
        return words
    }

    /// Scores every stretch's alignment on its own: a stretch whose alignment did not
    /// reach the end of its grammar leaves only its own words unscored (nil).
    static func perWord(_ phones: [[String]], chunks: [PhoneChunk], forced: [[Segment]], loop: LoopEvidence) -> [WordPronunciation?] {
        var out = [WordPronunciation?](repeating: nil, count: phones.count)
        for (chunk, aligned) in zip(chunks, forced) where chunk.words.upperBound <= phones.count {
            let words = phones[chunk.words]
            guard let scored = score(phonesPerWord: words.map(\.count), expected: words.flatMap { $0 }, forced: aligned, loop: loop) else {
                continue
            }
            for (k, word) in scored.enumerated() { out[chunk.words.lowerBound + k] = word }
        }
        return out
    }
}
