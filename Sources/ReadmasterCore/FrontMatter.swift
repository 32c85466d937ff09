/// Markdown with a small front-matter block, as reading files are written:
///
///     ---
///     title: Maya and the Map
///     difficulty: easy
///     ---
///     Maya lived in a small house…
///
/// Keys are lower-cased; values may be quoted. Only `key: value` lines are read.
public enum FrontMatter {
    public struct Document: Sendable, Equatable {
        public let fields: [String: String]
        public let body: String
        /// The line the body starts on, for error messages.
        public let bodyLine: Int
    }

    public enum ParseError: Error, CustomStringConvertible, Equatable {
        case unterminated
        case badLine(Int, String)

        public var description: String {
            switch self {
            case .unterminated: return "the front matter (--- … ---) is never closed"
            case let .badLine(n, text): return "line \(n): '\(text)' is not 'key: value'"
            }
        }
    }

    public static func parse(_ text: String) throws -> Document {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        guard lines.first?.trimmingWhitespace() == "---" else {
            return Document(fields: [:], body: text.trimmingWhitespace(), bodyLine: 1)
        }
        var fields: [String: String] = [:]
        var i = 1
        while i < lines.count {
            let line = lines[i].trimmingWhitespace()
            if line == "---" {
                let body = lines[(i + 1)...].joined(separator: "\n").trimmingWhitespace()
                return Document(fields: fields, body: body, bodyLine: i + 2)
            }
            if !line.isEmpty, !line.hasPrefix("#") {
                guard let colon = line.firstIndex(of: ":") else { throw ParseError.badLine(i + 1, line) }
                let key = String(line[..<colon]).trimmingWhitespace().lowercased()
                var value = String(line[line.index(after: colon)...]).trimmingWhitespace()
                if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
                    value = String(value.dropFirst().dropLast())
                }
                fields[key] = value
            }
            i += 1
        }
        throw ParseError.unterminated
    }
}
