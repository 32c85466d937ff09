/// Rejects recordings that cannot be graded, with the reason a teacher can act on.
public enum AudioChecks {
    public static let minimumSeconds = 1.0
    /// Peak level under which a recording counts as silent (about -60 dBFS).
    static let silencePeak: Float = 0.001
    /// Share of clipped samples above which the signal is too distorted to grade.
    static let maxClipped = 0.05

    public static func validate(_ audio: Audio) throws {
        if audio.duration < minimumSeconds { throw EngineError.tooShort(seconds: audio.duration) }
        var peak: Float = 0
        for s in audio.samples { peak = max(peak, abs(s)) }
        if peak < silencePeak { throw EngineError.silent }
        if audio.clippedFraction > maxClipped { throw EngineError.clipped(percent: audio.clippedFraction * 100) }
    }
}
