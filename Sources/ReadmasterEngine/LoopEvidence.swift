/// What the free phone loop says about each heard word, whether or not the forced
/// alignment succeeded: how the word's own acoustic score from the passage decode
/// compares with the loop's over the same frames (a word-level goodness of
/// pronunciation), and how far the phones the loop heard there are from the phones
/// the word should have.
struct WordAcoustics: Sendable {
    /// (lattice score / 1024 − loop score) per frame; lattice scores are 1024× finer.
    let latticeGOP: Double
    /// Edit distance between the loop's phones and the expected ones, over the expected count.
    let loopPhoneError: Double
    let loopPhones: Int
}

struct LoopEvidence {
    /// The loop's score spread evenly over each of its segments' frames, and the phone
    /// it heard at each frame (10 ms frames of the recording).
    let perFrame: [Double]
    let phoneAt: [String]
    let segments: [Segment]

    static let ignored: Set<String> = ["SIL", "+SPN+", "+NSN+", "<s>", "</s>", "<sil>"]

    init(_ loop: [Segment]) {
        segments = loop
        let frames = (loop.map(\.endFrame).max() ?? -1) + 1
        var perFrame = [Double](repeating: 0, count: frames)
        var phoneAt = [String](repeating: "", count: frames)
        for s in loop where s.startFrame >= 0 && s.endFrame >= s.startFrame {
            for f in s.startFrame...s.endFrame {
                perFrame[f] = s.acoustic / Double(s.frames)
                phoneAt[f] = s.word
            }
        }
        self.perFrame = perFrame
        self.phoneAt = phoneAt
    }

    /// `frames`: the word's first and last frame as the recogniser heard it.
    func word(_ w: HeardWord, frames: (Int, Int), phones expected: [String]) -> WordAcoustics {
        let a = max(0, frames.0), b = min(perFrame.count - 1, frames.1)
        guard b >= a else { return WordAcoustics(latticeGOP: .nan, loopPhoneError: .nan, loopPhones: 0) }
        let free = perFrame[a...b].reduce(0, +) / Double(b - a + 1)
        // Loop phones whose middle falls inside the word.
        let heard = segments.filter { s in
            let mid = (s.startFrame + s.endFrame) / 2
            return mid >= a && mid <= b && !LoopEvidence.ignored.contains(s.word)
        }.map(\.word)
        let error = expected.isEmpty ? Double.nan
            : Phonetics.normalizedEdit(heard, expected) * Double(max(heard.count, expected.count)) / Double(expected.count)
        return WordAcoustics(latticeGOP: w.acousticPerFrame / 1024 - free, loopPhoneError: error, loopPhones: heard.count)
    }
}
