import ReadmasterCore

/// Turns an alignment into word statuses, miscues and the headline numbers, following
/// oral-reading-fluency conventions (DIBELS): omissions, substitutions and hesitations
/// of 3 s or more are errors; insertions, repetitions and self-corrections are reported
/// but are not errors.
enum Scoring {
    static let hesitationSeconds = 3.0
    static let pauseSeconds = 0.25
    static let longPauseSeconds = 2.0

    /// `readingSeconds`, when given, is the reading time measured elsewhere; otherwise it is
    /// the time from the first word heard to the end of the last. `speech`, when given, must
    /// leave a hesitation's gap silent: word times that are off (words a recogniser left out
    /// between two it placed) do not make a pause that was not there.
    static func score(passage: PassageModel, heard: [HeardWord], steps: [AlignmentStep], duration: Double,
                      sourceSampleRate: Int, readingSeconds measured: Double? = nil,
                      speech: [VoiceActivity.Region]? = nil) -> AnalysisResult {
        let pw = passage.words
        var words = pw.enumerated().map { i, w in
            AnalysisResult.Word(index: i, expected: w.text, status: .omission, heard: nil, start: nil, end: nil, score: nil)
        }
        var miscues: [AnalysisResult.Miscue] = []
        var insertions: [(heard: Int, before: Int)] = []
        for step in steps {
            switch step {
            case let .match(p, h), let .substitution(p, h):
                words[p].heard = heard[h].word
                words[p].start = heard[h].start
                words[p].end = heard[h].end
                if case .match = step { words[p].status = .correct } else { words[p].status = .substitution }
            case .omission: break
            case let .insertion(h, before): insertions.append((h, before))
            }
        }

        // Insertions: self-corrections, repetitions, or plain insertions.
        var consumed = Set<Int>()
        for (k, ins) in insertions.enumerated() where !consumed.contains(ins.heard) {
            let h = heard[ins.heard]
            let i = ins.before
            // A run of inserted words re-reading the passage words just before `i`.
            var run = [ins.heard]
            var next = k + 1
            while next < insertions.count, insertions[next].before == i, insertions[next].heard == run.last! + 1 {
                run.append(insertions[next].heard)
                next += 1
            }
            let runWords = run.map { heard[$0].word }
            // The alignment may keep either reading of a repeated phrase, so the inserted
            // copy can stand just before or just after the passage words it repeats.
            let before = i - runWords.count >= 0 && Array(passage.tokens[(i - runWords.count)..<i]) == runWords
            let after = i + runWords.count <= pw.count && Array(passage.tokens[i..<(i + runWords.count)]) == runWords
            if runWords.count > 1, before || after {
                for r in run { consumed.insert(r) }
                let first = before ? i - runWords.count : i
                miscues.append(.init(type: .repetition, index: first, expected: pw[first..<(first + runWords.count)].map(\.text).joined(separator: " "),
                                     heard: runWords.joined(separator: " "), start: heard[run.first!].start, end: heard[run.last!].end))
                continue
            }
            if i < pw.count, passage.tokens[i] == h.word || (i > 0 && passage.tokens[i - 1] == h.word) {
                consumed.insert(ins.heard)
                let target = passage.tokens[i] == h.word ? i : i - 1
                miscues.append(.init(type: .repetition, index: target, expected: pw[target].text, heard: h.word, start: h.start, end: h.end))
                continue
            }
            // A wrong start immediately followed by the right word.
            if i < pw.count, words[i].status == .correct, let s = words[i].start, s - h.end < 1.0,
               isAttempt(h.word, at: passage.tokens[i], passage: passage) {
                consumed.insert(ins.heard)
                miscues.append(.init(type: .selfCorrection, index: i, expected: pw[i].text, heard: h.word, start: h.start, end: words[i].end))
                continue
            }
            consumed.insert(ins.heard)
            miscues.append(.init(type: .insertion, index: i, expected: nil, heard: h.word, start: h.start, end: h.end))
        }

        // Words after the last one the reader reached were not attempted.
        let lastReached = words.lastIndex { $0.status != .omission } ?? -1
        for i in (lastReached + 1)..<words.count { words[i].status = .notAttempted }

        // Hesitations: a silence of 3 s or more before a word makes it an error.
        var previousEnd: Double?
        var pauses = 0, pausesAtPunctuation = 0, longPauses = 0
        var previousIndex: Int?
        for i in words.indices where words[i].start != nil {
            if let pe = previousEnd, let s = words[i].start {
                let gap = s - pe
                if gap >= pauseSeconds {
                    pauses += 1
                    if let p = previousIndex, pw[p].endsPhrase { pausesAtPunctuation += 1 }
                    if gap >= longPauseSeconds { longPauses += 1 }
                }
                let silent = speech.map { regions in
                    gap - regions.reduce(0) { $0 + max(0, min($1.end, s) - max($1.start, pe)) } >= hesitationSeconds
                } ?? true
                if gap >= hesitationSeconds, silent, words[i].status == .correct || words[i].status == .substitution {
                    if words[i].status == .correct { words[i].status = .hesitation }
                    miscues.append(.init(type: .hesitation, index: i, expected: pw[i].text, heard: words[i].heard, start: pe, end: s))
                }
            }
            previousEnd = words[i].end
            previousIndex = i
        }

        for w in words {
            switch w.status {
            case .omission:
                miscues.append(.init(type: .omission, index: w.index, expected: w.expected, heard: nil, start: nil, end: nil))
            case .substitution:
                miscues.append(.init(type: .substitution, index: w.index, expected: w.expected, heard: w.heard, start: w.start, end: w.end))
            default: break
            }
        }
        miscues.sort { ($0.index, $0.start ?? 0) < ($1.index, $1.start ?? 0) }

        let attempted = lastReached + 1
        let errors = words.filter { $0.status.isError }.count
        let correct = max(0, attempted - errors)
        let firstStart = heard.first?.start ?? 0
        let lastEnd = heard.last?.end ?? 0
        let readingSeconds = measured ?? max(0, lastEnd - firstStart)
        let minutes = readingSeconds / 60
        let accuracy = attempted > 0 ? Double(correct) / Double(attempted) * 100 : 0
        let completeness = Double(attempted) / Double(max(pw.count, 1)) * 100

        // Confidence: how sure the recogniser was of the words it aligned, lowered for
        // narrow-band audio and for readings dominated by off-passage speech.
        let aligned = words.compactMap { $0.heard == nil ? nil : $0 }
        let matchedPosteriors = steps.compactMap { step -> Double? in
            if case let .match(_, h) = step { return heard[h].posterior }
            if case let .substitution(_, h) = step { return heard[h].posterior }
            return nil
        }
        var confidence = matchedPosteriors.isEmpty ? 0 : matchedPosteriors.reduce(0, +) / Double(matchedPosteriors.count)
        if sourceSampleRate < 16_000 { confidence *= 0.8 }
        let offPassage = Double(insertions.count) / Double(max(heard.count, 1))
        confidence *= max(0.3, 1 - offPassage)
        if aligned.count < 3 { confidence *= 0.5 }

        return AnalysisResult(
            duration: duration, readingSeconds: readingSeconds, wordsTotal: pw.count, wordsAttempted: attempted,
            wordsCorrect: correct, wcpm: minutes > 0 ? Double(correct) / minutes : 0,
            wpm: minutes > 0 ? Double(attempted) / minutes : 0, accuracyPercent: accuracy, completenessPercent: completeness,
            // The counted scores; the calibrated ones come from `Grading`.
            scores: ScoreSet([.completeness: completeness.rounded()].merging(attempted > 0 ? [.accuracy: accuracy.rounded()] : [:]) { a, _ in a }),
            prosody: .init(level: nil, pitchRangeSemitones: nil, pauses: pauses, pausesAtPunctuation: pausesAtPunctuation, longPauses: longPauses),
            words: words, miscues: miscues, confidence: min(1, max(0, confidence)),
            heardText: heard.map(\.word).joined(separator: " "))
    }

    /// Whether a heard word looks like a first try at `target`: it sounds alike, or is
    /// a spoken prefix of it ("hou-" for "house").
    static func isAttempt(_ word: String, at target: String, passage: PassageModel) -> Bool {
        if target.hasPrefix(word) || word.hasPrefix(target) { return true }
        return Phonetics.distance(passage.pronunciations[word] ?? [], passage.pronunciations[target] ?? [],
                                  fallbackA: word, fallbackB: target) <= 0.5
    }
}
