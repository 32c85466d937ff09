/// Text that came from users (names, titles, file contents) made safe to print on a
/// terminal: control characters are shown as visible `\u001B`-style escapes instead of
/// being sent raw, so a name holding an escape sequence cannot retitle the window, clear
/// the screen or hide what is printed after it. JSON, NDJSON and CSV output keep the data
/// exact; only tables and messages for people go through here.
public enum TerminalText {
    /// `keepingLineBreaks`: messages may span lines; table cells may not.
    public static func visible(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLineBreaks) }) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if needsEscape(s, keepingLineBreaks) {
                let hex = String(s.value, radix: 16, uppercase: true)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// C0 controls, DEL and C1 controls (U+009B is a one-character CSI on some
    /// terminals). Tab and, in messages, newline are layout, not control.
    static func needsEscape(_ s: Unicode.Scalar, _ keepingLineBreaks: Bool) -> Bool {
        switch s.value {
        case 0x09: return false
        case 0x0A: return !keepingLineBreaks
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return false
        }
    }
}

/// An offending value echoed in a message: in quotes, and at most about 80 characters
/// (a 2 MB "name" must not become a 2 MB error message).
public func quoted(_ value: String, limit: Int = 80) -> String {
    guard value.count > limit else { return "'\(value)'" }
    return "'\(value.prefix(limit - 1))…' (\(value.count) characters)"
}
