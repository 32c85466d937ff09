/// One word of a passage as written, with the form used to match speech against it
/// and the punctuation that follows it (where a reader is expected to pause).
public struct PassageWord: Sendable, Equatable {
    /// As written in the passage, without surrounding punctuation: "Don't", "Mrs".
    public let text: String
    /// Lower case, letters, digits and inner apostrophes only: "don't", "mrs".
    public let normalized: String
    /// Punctuation right after the word: "", ",", ".", "?!", …
    public let punctuationAfter: String

    public init(text: String, normalized: String, punctuationAfter: String) {
        self.text = text
        self.normalized = normalized
        self.punctuationAfter = punctuationAfter
    }

    /// Ends a sentence: a pause and a pitch fall (or rise for "?") belong here.
    public var endsSentence: Bool { punctuationAfter.contains { ".!?".contains($0) } }
    /// Ends a clause or sentence: a place where a pause is expected.
    public var endsPhrase: Bool { punctuationAfter.contains { ".!?,;:—–".contains($0) } }
}

/// Splits text into the words a reader says. The same tokenizer gives the passage word
/// count stored with a reading and the words the engine scores, so they always agree.
///
/// Hyphens and dashes separate words ("well-known" is read as two), apostrophes inside
/// a word keep it whole ("don't", "children's"), and punctuation never counts as a word.
public enum WordTokenizer {
    public static func words(_ text: String) -> [PassageWord] {
        var result: [PassageWord] = []
        var current = ""
        var trailing = ""
        func flush() {
            let trimmed = trimApostrophes(current)
            if !trimmed.isEmpty {
                result.append(PassageWord(text: trimmed, normalized: normalize(trimmed), punctuationAfter: ""))
            }
            current = ""
        }
        func attachPunctuation() {
            guard !trailing.isEmpty, let last = result.popLast() else { trailing = ""; return }
            result.append(PassageWord(text: last.text, normalized: last.normalized, punctuationAfter: last.punctuationAfter + trailing))
            trailing = ""
        }
        for ch in text {
            if ch.isLetter || ch.isNumber || isApostrophe(ch) && !current.isEmpty {
                if current.isEmpty { attachPunctuation() }
                current.append(isApostrophe(ch) ? "'" : ch)
            } else {
                if !current.isEmpty { flush() }
                if ch.isPunctuation || ch == "—" || ch == "–" {
                    // Quotes and brackets carry no pause; keep sentence and clause marks.
                    if ".,;:!?—–".contains(ch) { trailing.append(ch) }
                    else if ch == "-" , !result.isEmpty { /* a hyphen splits words */ }
                }
            }
        }
        if !current.isEmpty { flush() }
        attachPunctuation()
        return result
    }

    public static func count(_ text: String) -> Int { words(text).count }

    /// The comparison form of a word: lower case, curly apostrophes straightened,
    /// everything but letters, digits and inner apostrophes dropped.
    public static func normalize(_ word: String) -> String {
        var out = ""
        for ch in word.lowercased() {
            if ch.isLetter || ch.isNumber { out.append(ch) } else if isApostrophe(ch) { out.append("'") }
        }
        return trimApostrophes(out)
    }

    static func isApostrophe(_ ch: Character) -> Bool { ch == "'" || ch == "’" || ch == "ʼ" }

    static func trimApostrophes(_ s: String) -> String {
        var t = Substring(s)
        while t.first == "'" { t = t.dropFirst() }
        while t.last == "'" { t = t.dropLast() }
        return String(t)
    }

    /// Sentences as word index ranges, split after sentence-ending punctuation.
    public static func sentences(_ words: [PassageWord]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for (i, w) in words.enumerated() where w.endsSentence {
            out.append(start..<(i + 1))
            start = i + 1
        }
        if start < words.count { out.append(start..<words.count) }
        return out
    }
}
