/// Cuts a reading into pieces Whisper decodes well: whole stretches of speech, cut at
/// pauses, each under `maxSeconds`. Whisper sees 30 s at a time, and on a 47 s piece it
/// dropped or repeated whole sentences; silence left out of a piece is not there to be
/// "heard" as words.
enum ReadingPieces {
    static let maxSeconds = 24.0
    /// Silence kept around each piece: word edges quieter than the detector's threshold.
    static let padSeconds = 0.25

    /// Sample ranges of the pieces, in order.
    static func plan(_ vad: VoiceActivity, sampleCount: Int) -> [Range<Int>] {
        var regions: [(Double, Double)] = []
        for r in vad.regions {
            // A stretch of speech without a pause longer than a piece is cut at its
            // quietest 10 ms frame in the last third of the allowed length.
            var start = r.start
            while r.end - start > maxSeconds {
                let cut = quietest(vad.frameDB, from: start + maxSeconds * 2 / 3, to: start + maxSeconds)
                regions.append((start, cut))
                start = cut
            }
            regions.append((start, r.end))
        }
        var pieces: [(Double, Double)] = []
        for (s, e) in regions {
            if let last = pieces.last, e - last.0 <= maxSeconds {
                pieces[pieces.count - 1].1 = e
            } else {
                pieces.append((s, e))
            }
        }
        let total = Double(sampleCount) / Double(Audio.sampleRate)
        return pieces.indices.map { k in
            // Padding never reaches into the next piece's speech.
            let lower = k > 0 ? (pieces[k - 1].1 + pieces[k].0) / 2 : 0
            let upper = k + 1 < pieces.count ? (pieces[k].1 + pieces[k + 1].0) / 2 : total
            let s = max(lower, pieces[k].0 - padSeconds), e = min(upper, pieces[k].1 + padSeconds)
            return Int(s * Double(Audio.sampleRate))..<min(sampleCount, Int(e * Double(Audio.sampleRate)))
        }.filter { !$0.isEmpty }
    }

    static func quietest(_ db: [Float], from: Double, to: Double) -> Double {
        let a = max(0, Int(from * 100)), b = min(db.count, Int(to * 100))
        guard b > a else { return to }
        var best = a
        for f in a..<b where db[f] < db[best] { best = f }
        return Double(best) / 100
    }
}
