import ReadmasterCore

/// Tabular data as every command produces it: named columns and rows of JSON values.
/// The renderer turns it into any output format, so commands never format by hand.
public struct Table: Sendable {
    public struct Column: Sendable {
        public let name: String
        public let numeric: Bool
        public init(_ name: String, numeric: Bool = false) {
            self.name = name
            self.numeric = numeric
        }
    }

    public var columns: [Column]
    public var rows: [[JSONValue]]

    public init(columns: [Column], rows: [[JSONValue]] = []) {
        self.columns = columns
        self.rows = rows
    }

    public func objects() -> [JSONValue] {
        rows.map { row in .object(zip(columns, row).map { ($0.name, $1) }) }
    }
}
