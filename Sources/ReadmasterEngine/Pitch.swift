import Foundation

/// Fundamental frequency every 10 ms with the YIN method (de Cheveigné & Kawahara 2002):
/// the cumulative-mean-normalised difference function, an absolute threshold, and
/// parabolic interpolation. Runs at 8 kHz (the audio is halved first), which is plenty
/// for 60–500 Hz and four times cheaper, and only over frames the voice-activity
/// detector marked as speech.
struct PitchTrack: Sendable {
    /// Hz per 10 ms frame; 0 where unvoiced or silent.
    let f0: [Float]

    static let minHz: Float = 60
    static let maxHz: Float = 500
    static let threshold: Float = 0.15

    init(_ audio: Audio, speech: [Bool]) {
        let rate = Audio.sampleRate / 2
        // Halve the rate after a two-tap average (a crude low-pass is enough below 500 Hz).
        let src = audio.samples
        var x = [Float](repeating: 0, count: src.count / 2)
        for i in 0..<x.count { x[i] = 0.5 * (src[2 * i] + src[2 * i + 1]) }
        let hop = rate / 100
        let window = rate * 3 / 100 // 30 ms: two periods of 66 Hz
        let tauMin = Int(Float(rate) / PitchTrack.maxHz)
        let tauMax = Int(Float(rate) / PitchTrack.minHz)
        let frames = speech.count
        var f0 = [Float](repeating: 0, count: frames)
        var cmnd = [Float](repeating: 1, count: tauMax + 2)
        x.withUnsafeBufferPointer { s in
            let raw = UnsafeRawPointer(s.baseAddress!)
            for frame in 0..<frames where speech[frame] {
                let start = frame * hop - window / 2
                guard start >= 0, start + window + tauMax + 1 < s.count else { continue }
                // d(τ) and its cumulative-mean normalisation, computed only as far as the
                // search below looks: a voiced frame's dip is found long before tauMax.
                var computed = 0
                var running: Float = 0
                func fill(through k: Int) {
                    while computed < k {
                        computed += 1
                        let d = PitchTrack.difference(raw, s, start: start, window: window, tau: computed)
                        running += d
                        cmnd[computed] = running > 0 ? d * Float(computed) / running : 1
                    }
                }
                // The first dip under the threshold, followed to its bottom.
                var best = -1
                var tau = tauMin
                fill(through: tau)
                while tau <= tauMax {
                    if cmnd[tau] < PitchTrack.threshold {
                        fill(through: tau + 1)
                        while tau + 1 <= tauMax, cmnd[tau + 1] < cmnd[tau] {
                            tau += 1
                            fill(through: tau + 1)
                        }
                        best = tau
                        break
                    }
                    tau += 1
                    fill(through: tau)
                }
                guard best > 0 else { continue }
                let a = cmnd[best - 1], b = cmnd[best], c = cmnd[best + 1]
                let denom = a - 2 * b + c
                let shift = denom != 0 ? 0.5 * (a - c) / denom : 0
                let period = Float(best) + max(-1, min(1, shift))
                f0[frame] = Float(rate) / period
            }
        }
        // Drop isolated voiced frames and octave jumps against both neighbours.
        var cleaned = f0
        for i in f0.indices where f0[i] > 0 {
            let prev = i > 0 ? f0[i - 1] : 0, next = i + 1 < f0.count ? f0[i + 1] : 0
            if prev == 0 && next == 0 { cleaned[i] = 0; continue }
            if prev > 0, next > 0, f0[i] > 1.8 * max(prev, next) || f0[i] < 0.55 * min(prev, next) { cleaned[i] = 0 }
        }
        self.f0 = cleaned
    }

    /// The YIN difference d(τ): the squared difference between the window and itself
    /// shifted by τ, eight lanes at a time (the compiler may not reorder a float sum itself,
    /// and this is most of the tracker's time).
    @inline(__always)
    private static func difference(_ raw: UnsafeRawPointer, _ s: UnsafeBufferPointer<Float>, start: Int, window: Int, tau: Int) -> Float {
        let lanes = window / 8 * 8
        var acc8 = SIMD8<Float>()
        var j = 0
        while j < lanes {
            let a = raw.loadUnaligned(fromByteOffset: (start + j) * 4, as: SIMD8<Float>.self)
            let b = raw.loadUnaligned(fromByteOffset: (start + j + tau) * 4, as: SIMD8<Float>.self)
            let diff = a - b
            acc8 += diff * diff
            j += 8
        }
        var acc = acc8.sum()
        while j < window {
            let diff = s[start + j] - s[start + j + tau]
            acc += diff * diff
            j += 1
        }
        return acc
    }

    /// Semitones relative to the speaker's median voiced pitch, nil where unvoiced.
    func semitones() -> [Float?] {
        guard let median = medianHz(minimumFrames: 1) else { return f0.map { _ in nil } }
        return f0.map { $0 > 0 ? 12 * log2f($0 / median) : nil }
    }

    /// The median pitch of the voiced frames; nil with fewer than `minimumFrames` of them.
    func medianHz(minimumFrames: Int) -> Float? {
        let voiced = f0.filter { $0 > 0 }.sorted()
        return voiced.count >= max(1, minimumFrames) ? voiced[voiced.count / 2] : nil
    }
}
