import ReadmasterCore

/// Tabular data as every command produces it: named columns and rows of JSON values.
/// The renderer turns it into any output format, so commands never format by hand.
public struct Table: Sendable {
    public struct Column: Sendable {
        public let name: String
        public let numeric: Bool
        /// Left out first when a terminal is too narrow for every column (off a terminal,
        /// and in every data format, it is always there).
        public let droppable: Bool
        public init(_ name: String, numeric: Bool = false, droppable: Bool = false) {
            self.name = name
            self.numeric = numeric
            self.droppable = droppable
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
