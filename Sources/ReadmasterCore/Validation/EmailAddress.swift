/// Email addresses as readmaster accepts them: one @, a local part, and a domain with a
/// dot and no spaces. Stored as given; compared case-insensitively.
public enum EmailAddress {
    public static func problem(_ email: String) -> String? {
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
}

extension String {
    public func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
