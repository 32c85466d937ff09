/// Insert-or-update of many rows keyed by a unique index, on each backend's fast path:
/// one prepared `INSERT … ON CONFLICT … DO UPDATE` per row inside the caller's
/// transaction on SQLite; on PostgreSQL a COPY into a temporary staging table and one
/// `INSERT … SELECT … ON CONFLICT` per batch.
public struct Upsert: Sendable {
    public let table: String
    public let columns: [String]
    /// The conflict target, e.g. `(lower(email))`.
    public let conflict: String
    /// Columns overwritten when the row exists (never the key or the id).
    public let updates: [String]

    public init(table: String, columns: [String], conflict: String, updates: [String]) {
        self.table = table
        self.columns = columns
        self.conflict = conflict
        self.updates = updates
    }

    private var onConflict: String {
        updates.isEmpty ? "ON CONFLICT \(conflict) DO NOTHING"
            : "ON CONFLICT \(conflict) DO UPDATE SET " + updates.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
    }

    /// Writes a batch; rows must not repeat a key within the batch.
    public func run(_ rows: [[SQLValue]], on connection: any Connection) throws {
        guard !rows.isEmpty else { return }
        let cols = columns.joined(separator: ", ")
        switch connection.dialect {
        case .sqlite:
            let sql = "INSERT INTO \(table) (\(cols)) VALUES (\((1...columns.count).map { "$\($0)" }.joined(separator: ", "))) \(onConflict)"
            for row in rows { try connection.execute(sql, row) }
        case .postgres:
            let stage = "readmaster_stage_\(table)"
            try connection.executeScript("""
                CREATE TEMP TABLE IF NOT EXISTS \(stage) (LIKE \(table) INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;
                TRUNCATE \(stage)
                """)
            try connection.bulkInsert(table: stage, columns: columns, rows: rows)
            try connection.execute("INSERT INTO \(table) (\(cols)) SELECT \(cols) FROM \(stage) \(onConflict)", [])
        }
    }
}
