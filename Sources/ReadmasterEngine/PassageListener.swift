/// What Whisper made of a passage reading.
struct Hearing: Sendable {
    /// The words heard, in order, with times in the recording.
    var words: [SpokenWord] = []
    /// Per passage word, how well the audio supports it (`WordRecognizer.score`: the log
    /// probability of the word read in its place); nil where no piece covered it.
    var support: [WordSupport?]
    /// The heard words aligned to the passage, once: the scores' `whisper_matched` and the
    /// word decisions both start from it.
    var alignment: [AlignmentStep] = []
}

/// Hears a passage reading piece by piece with Whisper, each piece prompted with the
/// passage text around where the reader is expected to be. Prompted this way Whisper's
/// word error on children's speech falls from ~48 % to ~7 % while a wrong passage's
/// words are still not credited (../shared/ENGINE-NOTES.md).
enum PassageListener {
    /// Passage words before the expected position that the prompt starts with. The prompt
    /// is what Whisper takes as already said; a prompt that starts where the piece starts
    /// made it skip what the piece held (it "continued" past the prompt).
    static let promptLookBack = 60
    /// How far before the expected position support is measured, for words the reader
    /// may have said at a piece's start that Whisper left out.
    static let supportLookBack = 5
    /// Passage words after the last one a piece matched whose support is measured too:
    /// a reading's last words are the ones Whisper most often leaves out.
    static let supportLookAhead = 2
    /// Passage words measured after the expected position for a piece that matched nothing.
    static let unmatchedLookAhead = 30

    static func hear(_ audio: Audio, vad: VoiceActivity, passage: PassageModel, recognizer: WordRecognizer) throws -> Hearing {
        var hearing = Hearing(support: [WordSupport?](repeating: nil, count: passage.words.count))
        var expected = 0
        let pieces = ReadingPieces.plan(vad, sampleCount: audio.samples.count)
        for (k, range) in pieces.enumerated() {
            let from = max(0, min(expected, passage.words.count - 1) - promptLookBack)
            let prompt = passage.words[from...].map { $0.text + $0.punctuationAfter }.joined(separator: " ")
            let words = try recognizer.transcribe(audio.samples[range], offset: Double(range.lowerBound) / Double(Audio.sampleRate),
                                                  prompt: prompt)
            hearing.words += within(words, speech: vad.regions, piece: range)
            // A piece whose transcript matched nothing (Whisper returned nothing, or only
            // other words) is still measured from where the reader was expected.
            let covered = covered(by: words, from: max(0, expected - supportLookBack), passage: passage)
                ?? min(expected, passage.words.count)..<min(expected, passage.words.count)
            // From a little before where the reader was expected: the words between there and
            // the first one the piece matched were skipped by the reader or by Whisper.
            let lower = max(0, min(covered.lowerBound, expected) - supportLookBack)
            // After the last piece, every passage word left: the words a reading ends with
            // are the ones Whisper most often leaves out, and a word not read (a reading
            // that stopped early) has no audio to bear it out.
            let ahead = covered.isEmpty ? unmatchedLookAhead : supportLookAhead
            let upper = k == pieces.count - 1 ? passage.words.count : min(passage.words.count, covered.upperBound + ahead)
            let scores = try recognizer.score(passage.words[lower..<upper])
            for (offset, s) in scores.enumerated() {
                guard let s else { continue }
                if let known = hearing.support[lower + offset], known.logProbability >= s.logProbability { continue }
                hearing.support[lower + offset] = s
            }
            expected = max(expected, covered.upperBound)
        }
        hearing.alignment = Aligner.align(passage: passage.tokens, heard: hearing.words.map(\.token), pronunciations: passage.pronunciations)
        return hearing
    }

    /// Whisper's word times are rough (its first word may start in the silence before the
    /// speech, and words drift into pauses), and a pause must stay a pause for hesitations:
    /// a word that falls in a silence is moved to the nearer edge of the speech around it.
    static func within(_ words: [SpokenWord], speech: [VoiceActivity.Region], piece: Range<Int>) -> [SpokenWord] {
        let rate = Double(Audio.sampleRate)
        let inside = speech.filter { $0.end > Double(piece.lowerBound) / rate && $0.start < Double(piece.upperBound) / rate }
        guard !inside.isEmpty else { return words }
        func snap(_ t: Double) -> Double {
            if inside.contains(where: { $0.start <= t && t <= $0.end }) { return t }
            let edges = inside.flatMap { [$0.start, $0.end] }
            return edges.min { abs($0 - t) < abs($1 - t) }!
        }
        return words.map { w in
            let start = snap(w.start), end = max(start, snap(w.end))
            return SpokenWord(token: w.token, start: start, end: end, probability: w.probability)
        }
    }

    /// The passage words from the first to the last that these words matched, looking from
    /// `from` on.
    static func covered(by words: [SpokenWord], from: Int, passage: PassageModel) -> Range<Int>? {
        guard !words.isEmpty else { return nil }
        // The rest of the passage: a reader (or Whisper) may have skipped a stretch.
        let upper = passage.tokens.count
        let steps = Aligner.align(passage: Array(passage.tokens[from..<upper]), heard: words.map(\.token),
                                  pronunciations: passage.pronunciations)
        var first: Int?, last: Int?
        for case let .match(p, _) in steps {
            first = min(first ?? p, p)
            last = max(last ?? p, p)
        }
        guard let first, let last else { return nil }
        return (from + first)..<(from + last + 1)
    }
}
