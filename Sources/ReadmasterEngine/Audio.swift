/// Decoded audio ready for analysis: mono, 16 kHz, floats in [-1, 1]. Keeps what the
/// original was, since a low source rate lowers the confidence of the result.
public struct Audio: Sendable {
    public static let sampleRate = 16_000

    public var samples: [Float]
    public let sourceSampleRate: Int
    public let sourceChannels: Int
    /// Share of source samples at or near full scale, before mixing down.
    public let clippedFraction: Double

    public init(samples: [Float], sourceSampleRate: Int, sourceChannels: Int, clippedFraction: Double) {
        self.samples = samples
        self.sourceSampleRate = sourceSampleRate
        self.sourceChannels = sourceChannels
        self.clippedFraction = clippedFraction
    }

    public var duration: Double { Double(samples.count) / Double(Audio.sampleRate) }

    /// 16-bit PCM, what PocketSphinx consumes.
    public func int16() -> [Int16] {
        samples.map { Int16(max(-32768, min(32767, ($0 * 32767).rounded()))) }
    }
}
