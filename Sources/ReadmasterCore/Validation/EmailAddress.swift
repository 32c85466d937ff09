/// Email addresses as readmaster accepts them: one @, a local part, and a domain with a
/// dot and no spaces. Stored as given; compared case-insensitively.
public enum EmailAddress {
    public static func problem(_ email: String) -> String? {
        if let fast = asciiCheck(email) { return fast.isEmpty ? nil : fast }
        let e = email.trimmingWhitespace()
        if e.isEmpty { return "is empty" }
        if e.count > 254 { return "is longer than 254 characters" }
        if e.contains(where: { $0.isWhitespace }) { return "contains a space" }
        let parts = e.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "needs exactly one @" }
        guard !parts[0].isEmpty else { return "has nothing before the @" }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else {
            return "has no valid domain after the @"
        }
        return nil
    }

    /// The same rules over ASCII bytes: imports check millions of addresses. Returns ""
    /// for a good address, a problem, or nil when the text is not plain ASCII.
    static func asciiCheck(_ email: String) -> String? {
        var utf8 = email.utf8[...]
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        while let f = utf8.first, f == 32 || f == 9 { utf8 = utf8.dropFirst() }
        while let l = utf8.last, l == 32 || l == 9 { utf8 = utf8.dropLast() }
        if utf8.isEmpty { return "is empty" }
        if utf8.count > 254 { return "is longer than 254 characters" }
        if utf8.contains(where: { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) { return "contains a space" }
        let ats = utf8.indices.filter { utf8[$0] == 64 }
        guard ats.count == 1, let at = ats.first else { return "needs exactly one @" }
        guard at != utf8.startIndex else { return "has nothing before the @" }
        let domain = Array(utf8[utf8.index(after: at)...])
        guard domain.contains(46), domain.first != 46, domain.last != 46,
              !zip(domain, domain.dropFirst()).contains(where: { $0 == 46 && $1 == 46 }) else {
            return "has no valid domain after the @"
        }
        return ""
    }
}

extension String {
    public func trimmingWhitespace() -> String {
        // Most fields have nothing to trim: check the ends as bytes first.
        if let f = utf8.first, let l = utf8.last, f > 32, f < 0x80, l > 32, l < 0x80 { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
