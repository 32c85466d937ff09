import Foundation

/// One result row: column names shared by every row of a result, values in order.
/// The typed accessors turn backend differences (SQLite's text timestamps and 0/1
/// booleans, PostgreSQL's typed columns) into the same Swift values.
public struct Row: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ name: String) -> SQLValue {
        guard let i = columns.firstIndex(of: name) else { return .null }
        return values[i]
    }

    func require(_ name: String) throws -> SQLValue {
        guard let i = columns.firstIndex(of: name) else {
            throw StoreError.decode(column: name, expected: "a column", found: "no such column in the result")
        }
        return values[i]
    }

    /// A column's value as `T`: NULL is nil, `typed` converts the backend's own kind
    /// (nil: not that kind), text is parsed by `parse` (SQLite keeps dates, UUIDs and
    /// numbers as text); anything else is a decode error naming the column.
    private func decode<T>(_ name: String, _ expected: String, parse: (String) -> T?, typed: (SQLValue) -> T? = { _ in nil }) throws -> T? {
        let v = try require(name)
        if case .null = v { return nil }
        if let x = typed(v) { return x }
        guard case let .text(t) = v else { throw StoreError.decode(column: name, expected: expected, found: "\(v)") }
        guard let x = parse(t) else { throw StoreError.decode(column: name, expected: expected, found: "'\(t)'") }
        return x
    }

    /// A NOT NULL column: NULL is a decode error.
    private func present<T>(_ name: String, _ expected: String, _ value: T?) throws -> T {
        guard let value else { throw StoreError.decode(column: name, expected: expected, found: "NULL") }
        return value
    }

    public func string(_ name: String) throws -> String { try present(name, "text", optionalString(name)) }

    public func optionalString(_ name: String) throws -> String? {
        let v = try require(name)
        if case .null = v { return nil }
        return v.textForm
    }

    public func int(_ name: String) throws -> Int64 { try present(name, "integer", optionalInt(name)) }

    public func optionalInt(_ name: String) throws -> Int64? {
        try decode(name, "integer", parse: { Int64($0) }) { v in
            switch v {
            case let .int(i): i
            case let .bool(b): b ? 1 : 0
            case let .double(d) where d == d.rounded(): Int64(d)
            default: nil
            }
        }
    }

    public func double(_ name: String) throws -> Double { try present(name, "number", optionalDouble(name)) }

    public func optionalDouble(_ name: String) throws -> Double? {
        try decode(name, "number", parse: { Double($0) }) { v in
            switch v {
            case let .double(d): d
            case let .int(i): Double(i)
            default: nil
            }
        }
    }

    public func bool(_ name: String) throws -> Bool {
        switch try require(name) {
        case let .bool(b): return b
        case let .int(v): return v != 0
        case let .text(t) where ["t", "true", "1"].contains(t): return true
        case let .text(t) where ["f", "false", "0"].contains(t): return false
        case let other: throw StoreError.decode(column: name, expected: "boolean", found: "\(other)")
        }
    }

    public func uuid(_ name: String) throws -> UUID { try present(name, "uuid", optionalUUID(name)) }

    public func optionalUUID(_ name: String) throws -> UUID? {
        try decode(name, "uuid", parse: { UUID(uuidString: $0) }) { if case let .uuid(u) = $0 { u } else { nil } }
    }

    public func date(_ name: String) throws -> Date { try present(name, "timestamp", optionalDate(name)) }

    public func optionalDate(_ name: String) throws -> Date? {
        try decode(name, "timestamp", parse: { Timestamp.parse($0) }) { if case let .date(d) = $0 { d } else { nil } }
    }

    /// A text column holding one of an enum's raw values.
    public func value<T: RawRepresentable>(_ name: String, as type: T.Type) throws -> T where T.RawValue == String {
        let s = try string(name)
        guard let v = T(rawValue: s) else { throw StoreError.decode(column: name, expected: "\(T.self)", found: s) }
        return v
    }

    public func bytes(_ name: String) throws -> [UInt8] {
        switch try require(name) {
        case let .bytes(b): return b
        case let .text(t): return Array(t.utf8)
        case let other: throw StoreError.decode(column: name, expected: "bytes", found: "\(other)")
        }
    }

    /// JSON columns come back as `.json` from PostgreSQL and as text from SQLite.
    public func json(_ name: String) throws -> String? {
        switch try require(name) {
        case .null: return nil
        case let .json(j), let .text(j): return j
        case let other: throw StoreError.decode(column: name, expected: "json", found: "\(other)")
        }
    }
}
