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
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(text) }
        var result: [PassageWord] = []
        var current = String.UnicodeScalarView()
        var trailing = ""
        func flush() {
            let trimmed = trimApostrophes(String(current))
            if !trimmed.isEmpty {
                result.append(PassageWord(text: trimmed, normalized: normalize(trimmed), punctuationAfter: ""))
            }
            current = String.UnicodeScalarView()
        }
        func attachPunctuation() {
            guard !trailing.isEmpty, let last = result.popLast() else { trailing = ""; return }
            result.append(PassageWord(text: last.text, normalized: last.normalized, punctuationAfter: last.punctuationAfter + trailing))
            trailing = ""
        }
        // Scalars, not Characters: a word character is a letter, a digit or a combining
        // mark (which joins the letter before it), so grapheme breaking is not needed.
        for u in text.unicodeScalars {
            if isWordScalar(u) || (isApostrophe(u) && !current.isEmpty) {
                if current.isEmpty { attachPunctuation() }
                current.append(isApostrophe(u) ? "'" : u)
            } else {
                if !current.isEmpty { flush() }
                if ".,;:!?".unicodeScalars.contains(u) || u == "—" || u == "–" { trailing.unicodeScalars.append(u) }
            }
        }
        if !current.isEmpty { flush() }
        attachPunctuation()
        return result
    }

    /// The same rules over bytes, for ASCII text (most passages): an import tokenizes
    /// every passage it reads, and scalar-by-scalar building dominated that.
    static func asciiWords(_ text: String) -> [PassageWord] {
        let bytes = Array(text.utf8)
        var result: [PassageWord] = []
        func isWord(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) }
        var i = 0
        let n = bytes.count
        while i < n {
            guard isWord(bytes[i]) else { i += 1; continue }
            var j = i
            // Letters and digits, with apostrophes kept only between them.
            while j < n, isWord(bytes[j]) || (bytes[j] == 39 && j + 1 < n && isWord(bytes[j + 1])) { j += 1 }
            let word = bytes[i..<j]
            var lower = [UInt8](word)
            for k in lower.indices where lower[k] >= 65 && lower[k] <= 90 { lower[k] += 32 }
            var punct = [UInt8]()
            var k = j
            while k < n, !isWord(bytes[k]) {
                if [46, 44, 59, 58, 33, 63].contains(bytes[k]) { punct.append(bytes[k]) }
                k += 1
            }
            result.append(PassageWord(text: String(decoding: word, as: UTF8.self), normalized: String(decoding: lower, as: UTF8.self),
                                      punctuationAfter: String(decoding: punct, as: UTF8.self)))
            i = k
        }
        return result
    }

    static func isWordScalar(_ u: Unicode.Scalar) -> Bool {
        if u.isASCII {
            let v = u.value
            return (v >= 97 && v <= 122) || (v >= 65 && v <= 90) || (v >= 48 && v <= 57)
        }
        let p = u.properties
        return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark
    }

    static func isApostrophe(_ u: Unicode.Scalar) -> Bool { u == "'" || u == "’" || u == "ʼ" }

    public static func count(_ text: String) -> Int { words(text).count }

    /// The comparison form of a word: lower case, curly apostrophes straightened,
    /// everything but letters, digits and inner apostrophes dropped.
    public static func normalize(_ word: String) -> String {
        var out = String.UnicodeScalarView()
        for u in word.lowercased().unicodeScalars {
            if isWordScalar(u) { out.append(u) } else if isApostrophe(u) { out.append("'") }
        }
        return trimApostrophes(String(out))
    }

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
