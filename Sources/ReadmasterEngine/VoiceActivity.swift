import Foundation

/// Energy-based voice activity detection on 10 ms frames: an adaptive threshold between
/// the noise floor and the speech level, with hangover so that stop closures and short
/// gaps inside words stay speech.
public struct VoiceActivity: Sendable {
    public struct Region: Sendable, Equatable {
        public let start: Double
        public let end: Double
    }

    public let regions: [Region]
    /// Frame energies in dB (10 ms frames), kept for prosody and pause analysis.
    public let frameDB: [Float]

    public static let frameSeconds = 0.01

    public init(_ audio: Audio) {
        let hop = Audio.sampleRate / 100
        let frames = audio.samples.count / hop
        var db = [Float](repeating: -100, count: frames)
        audio.samples.withUnsafeBufferPointer { s in
            for f in 0..<frames {
                var e: Float = 0
                let base = f * hop
                for i in 0..<hop { e += s[base + i] * s[base + i] }
                db[f] = 10 * log10f(max(e / Float(hop), 1e-10))
            }
        }
        frameDB = db
        guard frames > 0 else { regions = []; return }
        let sorted = db.sorted()
        let floor = sorted[frames / 10]
        let loud = sorted[min(frames - 1, frames * 95 / 100)]
        // Speech when 40 % of the way from the noise floor to the loud level, and at
        // least 12 dB above the floor.
        let threshold = max(floor + 12, floor + (loud - floor) * 0.4)
        var active = db.map { $0 > threshold }
        // Close gaps shorter than 300 ms; drop bursts shorter than 50 ms.
        VoiceActivity.fill(&active, value: true, shorterThan: 30)
        VoiceActivity.fill(&active, value: false, shorterThan: 5)
        var regions: [Region] = []
        var start: Int?
        for (i, a) in active.enumerated() {
            if a, start == nil { start = i }
            if !a, let s = start {
                regions.append(Region(start: Double(s) * Self.frameSeconds, end: Double(i) * Self.frameSeconds))
                start = nil
            }
        }
        if let s = start { regions.append(Region(start: Double(s) * Self.frameSeconds, end: Double(frames) * Self.frameSeconds)) }
        self.regions = regions
    }

    /// Sets runs of `!value` shorter than `n` frames that lie between runs of `value` to `value`.
    static func fill(_ a: inout [Bool], value: Bool, shorterThan n: Int) {
        var i = 0
        while i < a.count {
            guard a[i] != value else { i += 1; continue }
            var j = i
            while j < a.count, a[j] != value { j += 1 }
            if i > 0, j < a.count, j - i < n { for k in i..<j { a[k] = value } }
            i = j
        }
    }

    public var speechSeconds: Double { regions.reduce(0) { $0 + $1.end - $1.start } }

    /// Per 10 ms frame, whether it lies in a speech region.
    var speechMask: [Bool] {
        var speech = [Bool](repeating: false, count: frameDB.count)
        for region in regions {
            let a = Int(region.start * 100), b = min(speech.count, Int(region.end * 100))
            if b > a { for f in a..<b { speech[f] = true } }
        }
        return speech
    }
}
