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

    public func string(_ name: String) throws -> String {
        guard let v = try optionalString(name) else { throw StoreError.decode(column: name, expected: "text", found: "NULL") }
        return v
    }

    public func optionalString(_ name: String) throws -> String? {
        let v = try require(name)
        if case .null = v { return nil }
        return v.textForm
    }

    public func int(_ name: String) throws -> Int64 {
        guard let v = try optionalInt(name) else { throw StoreError.decode(column: name, expected: "integer", found: "NULL") }
        return v
    }

    public func optionalInt(_ name: String) throws -> Int64? {
        switch try require(name) {
        case .null: return nil
        case let .int(v): return v
        case let .bool(b): return b ? 1 : 0
        case let .double(d) where d == d.rounded(): return Int64(d)
        case let .text(t): if let v = Int64(t) { return v }
            throw StoreError.decode(column: name, expected: "integer", found: "'\(t)'")
        case let other: throw StoreError.decode(column: name, expected: "integer", found: "\(other)")
        }
    }

    public func double(_ name: String) throws -> Double {
        guard let v = try optionalDouble(name) else { throw StoreError.decode(column: name, expected: "number", found: "NULL") }
        return v
    }

    public func optionalDouble(_ name: String) throws -> Double? {
        switch try require(name) {
        case .null: return nil
        case let .double(v): return v
        case let .int(v): return Double(v)
        case let .text(t): if let v = Double(t) { return v }
            throw StoreError.decode(column: name, expected: "number", found: "'\(t)'")
        case let other: throw StoreError.decode(column: name, expected: "number", found: "\(other)")
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

    public func uuid(_ name: String) throws -> UUID {
        guard let v = try optionalUUID(name) else { throw StoreError.decode(column: name, expected: "uuid", found: "NULL") }
        return v
    }

    public func optionalUUID(_ name: String) throws -> UUID? {
        switch try require(name) {
        case .null: return nil
        case let .uuid(u): return u
        case let .text(t): if let u = UUID(uuidString: t) { return u }
            throw StoreError.decode(column: name, expected: "uuid", found: "'\(t)'")
        case let other: throw StoreError.decode(column: name, expected: "uuid", found: "\(other)")
        }
    }

    public func date(_ name: String) throws -> Date {
        guard let v = try optionalDate(name) else { throw StoreError.decode(column: name, expected: "timestamp", found: "NULL") }
        return v
    }

    public func optionalDate(_ name: String) throws -> Date? {
        switch try require(name) {
        case .null: return nil
        case let .date(d): return d
        case let .text(t): if let d = Timestamp.parse(t) { return d }
            throw StoreError.decode(column: name, expected: "timestamp", found: "'\(t)'")
        case let other: throw StoreError.decode(column: name, expected: "timestamp", found: "\(other)")
        }
    }

    public func bytes(_ name: String) throws -> [UInt8] {
        switch try require(name) {
        case let .bytes(b): return b
        case let .text(t): return Array(t.utf8)
        case let other: throw StoreError.decode(column: name, expected: "bytes", found: "\(other)")
        }
    }

    /// JSON columns come back as `.json` from PostgreSQL and as text from SQLite.
    /// A text column holding one of an enum's raw values.
    public func value<T: RawRepresentable>(_ name: String, as type: T.Type) throws -> T where T.RawValue == String {
        let s = try string(name)
        guard let v = T(rawValue: s) else { throw StoreError.decode(column: name, expected: "\(T.self)", found: s) }
        return v
    }

    public func json(_ name: String) throws -> String? {
        switch try require(name) {
        case .null: return nil
        case let .json(j), let .text(j): return j
        case let other: throw StoreError.decode(column: name, expected: "json", found: "\(other)")
        }
    }
}
