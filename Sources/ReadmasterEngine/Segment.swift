import Foundation

/// One word (or phone) segment of a decode: frames are 10 ms, inclusive.
public struct Segment: Sendable, Equatable {
    public let word: String
    public let startFrame: Int
    public let endFrame: Int
    /// Acoustic score in the decoder's log base (1.0001), normalised to lattice scale.
    public let acoustic: Double
    /// Posterior probability of the word, 0…1 (1 where the search gives none).
    public let posterior: Double

    public var frames: Int { endFrame - startFrame + 1 }

    /// The same segment, `frames` later (a stretch decoded on its own, put back in place).
    func shifted(by frames: Int) -> Segment {
        Segment(word: word, startFrame: startFrame + frames, endFrame: endFrame + frames, acoustic: acoustic, posterior: posterior)
    }
    public var start: Double { Double(startFrame) / 100 }
    public var end: Double { Double(endFrame + 1) / 100 }
}
