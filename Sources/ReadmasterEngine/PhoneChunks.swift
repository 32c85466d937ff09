/// Splits a reading into stretches for the phone-level searches. The forced-alignment
/// search (PocketSphinx's FSG search) visits every grammar state at every frame, so one
/// grammar for a whole minute-long passage costs states × frames; aligning stretches
/// of a few seconds each costs a small fraction of that, and the free phone loop then
/// skips the long pauses between them. Stretches break at pauses, and are long
/// enough (≥ 2 s) that each one's cepstral mean is a fair estimate.
public struct PhoneChunk: Equatable, Sendable {
    /// 10 ms frames of the recording covered by the stretch.
    public let frames: Range<Int>
    /// Indices of the words aligned within it.
    public let words: Range<Int>
}

/// A word the passage search heard: the phones it was heard with and its frames.
public struct WordSpan: Sendable {
    public let phones: [String]
    public let startFrame: Int
    public let endFrame: Int

    public init(phones: [String], startFrame: Int, endFrame: Int) {
        self.phones = phones
        self.startFrame = startFrame
        self.endFrame = endFrame
    }
}

enum PhoneChunks {
    static let padding = 15
    static let pauseFrames = 30
    static let minimumFrames = 200
    static let maximumPhones = 100

    static func plan(_ words: [WordSpan], totalFrames: Int) -> [PhoneChunk] {
        guard !words.isEmpty, totalFrames > 0 else { return [] }
        // Word indices at which a new stretch begins.
        var starts = [0]
        var phones = words[0].phones.count
        for i in 1..<words.count {
            let gap = words[i].startFrame - words[i - 1].endFrame - 1
            let span = words[i - 1].endFrame - words[starts.last!].startFrame + 1
            if (gap >= pauseFrames && span >= minimumFrames) || phones + words[i].phones.count > maximumPhones {
                starts.append(i)
                phones = 0
            }
            phones += words[i].phones.count
        }
        var chunks: [PhoneChunk] = []
        for (k, first) in starts.enumerated() {
            let last = k + 1 < starts.count ? starts[k + 1] - 1 : words.count - 1
            var lower = max(0, words[first].startFrame - padding)
            var upper = min(totalFrames, words[last].endFrame + 1 + padding)
            // Never reach into a neighbouring stretch's words: stop halfway across the gap.
            if first > 0 { lower = max(lower, (words[first - 1].endFrame + 1 + words[first].startFrame) / 2) }
            if last + 1 < words.count { upper = min(upper, (words[last].endFrame + 1 + words[last + 1].startFrame + 1) / 2) }
            if upper > lower { chunks.append(PhoneChunk(frames: lower..<upper, words: first..<(last + 1))) }
        }
        return chunks
    }
}
