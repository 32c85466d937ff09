import Foundation

/// A value bound to, or read from, a SQL statement. Both backends bind every case;
/// each stores it in its own column type (see the migrations).
public enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case bool(Bool)
    case uuid(UUID)
    case date(Date)
    case json(String)
    case bytes([UInt8])

    public static func int(_ value: Int) -> SQLValue { .int(Int64(value)) }

    /// The text form used for libpq text-format parameters and COPY, and for SQLite
    /// columns that hold UUIDs, timestamps and JSON as text.
    public var textForm: String? {
        switch self {
        case .null: return nil
        case let .int(v): return String(v)
        case let .double(v): return v.isFinite ? "\(v)" : (v.isNaN ? "NaN" : (v > 0 ? "Infinity" : "-Infinity"))
        case let .text(v): return v
        case let .bool(v): return v ? "true" : "false"
        case let .uuid(v): return SQLValue.lowercaseText(v)
        case let .date(v): return Timestamp.format(v)
        case let .json(v): return v
        case let .bytes(v): return "\\x" + v.map { String(format: "%02x", $0) }.joined()
        }
    }
}

extension SQLValue {
    /// Lower-case UUID text, formatted by hand: Foundation's uuidString goes through
    /// printf, which dominated bulk loads that bind a UUID on every row.
    static func lowercaseText(_ u: UUID) -> String {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 45, count: 36)
        withUnsafeBytes(of: u.uuid) { bytes in
            var o = 0
            for (i, b) in bytes.enumerated() {
                if i == 4 || i == 6 || i == 8 || i == 10 { o += 1 }
                out[o] = hex[Int(b >> 4)]
                out[o + 1] = hex[Int(b & 15)]
                o += 2
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(nilLiteral: ()) { self = .null }
}
