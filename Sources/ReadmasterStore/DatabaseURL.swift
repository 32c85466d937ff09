import Foundation

/// Where the data lives, parsed from `--db`, `READMASTER_DB`, `DATABASE_URL`, or the
/// embedded default. `redacted` is the only form that may appear in messages.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(conninfo: String)
    }

    public let kind: Kind
    public let raw: String

    public static let defaultSQLite = "sqlite:readmaster.db"

    public var dialect: Dialect {
        switch kind {
        case .sqlite: return .sqlite
        case .postgres: return .postgres
        }
    }

    public init(_ text: String) throws {
        raw = text
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw StoreError.badURL("''", reason: "it is empty") }
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            // libpq parses the URI itself (and reports its own errors); we only check the scheme.
            kind = .postgres(conninfo: trimmed)
        } else if trimmed.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw StoreError.badURL(trimmed, reason: "no file path after sqlite:") }
            kind = .sqlite(path: path)
        } else if let colon = trimmed.firstIndex(of: ":"), trimmed[..<colon].allSatisfy({ $0.isLetter }),
                  trimmed.distance(from: trimmed.startIndex, to: colon) > 1 {
            let scheme = trimmed[..<colon]
            throw StoreError.badURL(DatabaseURL.redact(trimmed), reason: "unknown scheme \(scheme): use sqlite:PATH, a file path, or postgres://")
        } else {
            kind = .sqlite(path: trimmed)
        }
    }

    /// The URL with any password replaced by `***`, for messages and logs.
    public var redacted: String { DatabaseURL.redact(raw) }
    public var description: String { redacted }

    public static func redact(_ url: String) -> String {
        var out = url
        // userinfo password: scheme://user:secret@host
        if let schemeEnd = out.range(of: "://") {
            let rest = out[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"),
               let colon = rest[..<at].firstIndex(of: ":") {
                out.replaceSubrange(rest.index(after: colon)..<at, with: "***")
            }
        }
        // password=secret in the query string
        if let range = out.range(of: "password=", options: .caseInsensitive) {
            let end = out[range.upperBound...].firstIndex(where: { $0 == "&" || $0 == " " }) ?? out.endIndex
            out.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return out
    }

    /// The URL chosen from the command line and the environment, in the order docs/CONTRACTS.md gives.
    public static func resolve(option: String?, environment: [String: String]) throws -> DatabaseURL {
        for candidate in [option, environment["READMASTER_DB"], environment["DATABASE_URL"]] {
            if let c = candidate, !c.isEmpty { return try DatabaseURL(c) }
        }
        return try DatabaseURL(defaultSQLite)
    }
}
