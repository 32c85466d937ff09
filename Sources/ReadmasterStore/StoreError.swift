/// Everything the store can fail with. Each case carries what a person needs to act:
/// which database (password redacted), which statement, what the server said.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The URL could not be understood.
    case badURL(String, reason: String)
    /// The database could not be reached or opened.
    case unavailable(url: String, message: String)
    /// A statement failed; `sql` is the first line of it, trimmed.
    case statement(sql: String, message: String, sqlState: String?)
    /// A constraint (unique, foreign key, check, not null) refused a write.
    case constraint(message: String, sqlState: String?)
    /// A column was missing or could not be read as the asked type.
    case decode(column: String, expected: String, found: String)
    /// A bulk load failed part-way; nothing of it was kept.
    case bulk(table: String, message: String)
    /// The schema is behind the binary: the command needs `migrate up` first.
    case schemaOutOfDate(pending: [String])
    /// The schema is ahead of the binary (a newer readmaster migrated it).
    case schemaTooNew(unknown: [String])
    /// A migration failed and was rolled back.
    case migrationFailed(version: Int, name: String, message: String)
    /// `migrate verify` found applied migrations whose text no longer matches.
    case drift([String])
    /// A `migrate down` asked for more than is applied, or similar misuse.
    case migrationRequest(String)
    /// Reverting would drop tables that hold rows, and `--force` was not given.
    case wouldDropData([TableRows])
    /// Another connection held the database's write lock for the whole busy timeout.
    case busy(url: String, seconds: Int)
    /// libsodium could not start or could not hash a password (out of memory).
    case passwordHashing(String)

    public var description: String {
        switch self {
        case let .badURL(url, reason): return "bad database URL \(url): \(reason)"
        case let .unavailable(url, message): return "cannot connect to \(url): \(message)"
        case let .statement(sql, message, _): return "database error: \(message) (in: \(sql))"
        case let .constraint(message, _): return "rejected by the database: \(message)"
        case let .decode(column, expected, found): return "column \(column): expected \(expected), found \(found)"
        case let .bulk(table, message): return "bulk load into \(table) failed, nothing was written: \(message)"
        case let .schemaOutOfDate(pending):
            return "the database schema is out of date (\(pending.count) pending migration\(pending.count == 1 ? "" : "s"): \(pending.joined(separator: ", "))); run `readmaster migrate up`"
        case let .schemaTooNew(unknown):
            return "the database has migrations this readmaster does not know (\(unknown.joined(separator: ", "))); upgrade readmaster"
        case let .migrationFailed(version, name, message):
            return "migration \(MigrationID.format(version, name)) failed and was rolled back: \(message)"
        case let .drift(names):
            return "applied migrations changed since they were applied: \(names.joined(separator: ", "))"
        case let .migrationRequest(message): return message
        case let .wouldDropData(tables):
            let total = tables.reduce(0) { $0 + $1.rows }
            return "reverting would delete \(total) row\(total == 1 ? "" : "s"): \(TableRows.list(tables)); nothing was changed. Give --force to drop them (export what you need first)"
        case let .passwordHashing(message): return "cannot hash the password: \(message); nothing was written"
        case let .busy(url, seconds):
            return "the database \(url) is busy: another writer held it for \(seconds) s (an import or migration still running?); nothing was written, try again when it finishes"
        }
    }

    /// The stable error code of JSON error objects (docs/CONTRACTS.md), as EngineError
    /// has its own; the exit code is ExitCodes' to decide.
    public var code: String {
        switch self {
        case .badURL: "bad_database_url"
        case .unavailable: "database_unavailable"
        case .constraint: "constraint_violation"
        case .schemaOutOfDate: "schema_out_of_date"
        case .schemaTooNew: "schema_too_new"
        case .drift: "migration_drift"
        case .migrationFailed: "migration_failed"
        case .migrationRequest: "usage"
        case .wouldDropData: "would_drop_data"
        case .busy: "database_busy"
        case .passwordHashing: "password_hashing_failed"
        case .statement, .decode, .bulk: "database_error"
        }
    }

    /// Single-line, whitespace-collapsed form of a SQL statement for messages.
    static func snippet(_ sql: String) -> String {
        let collapsed = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        return collapsed.count > 80 ? String(collapsed.prefix(77)) + "..." : collapsed
    }
}

/// How many rows a table holds, for messages about data that would be lost.
public struct TableRows: Sendable, Equatable {
    public let table: String
    public let rows: Int64

    public init(table: String, rows: Int64) {
        self.table = table
        self.rows = rows
    }

    /// "users (6 rows), audit_log (1 row)".
    public static func list(_ tables: [TableRows]) -> String {
        tables.map { "\($0.table) (\($0.rows) row\($0.rows == 1 ? "" : "s"))" }.joined(separator: ", ")
    }
}

/// How migrations are named in messages and in `migrate status`: `0003_assessments`.
public enum MigrationID {
    public static func format(_ version: Int, _ name: String) -> String {
        let v = String(version)
        return String(repeating: "0", count: max(0, 4 - v.count)) + v + "_" + name
    }
}
