import Foundation
/// One open database session. Statements use PostgreSQL-style `$1, $2` placeholders on
/// both backends (the SQLite connection rewrites them), so a query is written once
/// whenever the two dialects agree on the rest of its text.
public protocol Connection: AnyObject {
    var url: DatabaseURL { get }
    /// How many `transaction` calls are open; the outermost is a real transaction,
    /// inner ones are savepoints.
    var transactionDepth: Int { get set }

    /// Runs one statement; returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ params: [SQLValue]) throws -> Int
    /// Runs one statement and returns every row.
    func query(_ sql: String, _ params: [SQLValue]) throws -> [Row]
    /// Runs a parameterless script of one or more statements (DDL, transaction control).
    func executeScript(_ sql: String) throws
    /// Loads rows through the backend's fastest path (COPY, or one prepared insert),
    /// inside a transaction or savepoint: either every row is written or none.
    @discardableResult
    func bulkInsert<S: Sequence>(table: String, columns: [String], rows: S) throws -> Int where S.Element == [SQLValue]
    func close()
}

extension Connection {
    /// SQLite or PostgreSQL: what the URL names.
    public var dialect: Dialect { url.dialect }

    @discardableResult
    public func execute(_ sql: String, _ params: SQLValue...) throws -> Int { try execute(sql, params) }

    public func query(_ sql: String, _ params: SQLValue...) throws -> [Row] { try query(sql, params) }

    public func queryOne(_ sql: String, _ params: [SQLValue] = []) throws -> Row? { try query(sql, params).first }

    /// Runs `body` in a transaction, or in a savepoint when one is already open, and
    /// rolls back exactly that level when it throws. On SQLite every transaction takes
    /// the write lock up front (`BEGIN IMMEDIATE`), where the busy timeout applies: a
    /// deferred one that reads, then writes while an import holds the lock, is refused
    /// "database is locked" at once instead of waiting (SQLite cannot wait there without
    /// risking deadlock). `immediate` is kept for callers that want to say so.
    @discardableResult
    public func transaction<T>(immediate: Bool = false, _ body: () throws -> T) throws -> T {
        let depth = transactionDepth
        if depth == 0 {
            try executeScript(dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
        } else {
            try executeScript("SAVEPOINT rm_sp\(depth)")
        }
        transactionDepth = depth + 1
        do {
            let result = try body()
            transactionDepth = depth
            try executeScript(depth == 0 ? "COMMIT" : "RELEASE SAVEPOINT rm_sp\(depth)")
            return result
        } catch {
            transactionDepth = depth
            if depth == 0 {
                try? executeScript("ROLLBACK")
            } else {
                try? executeScript("ROLLBACK TO SAVEPOINT rm_sp\(depth); RELEASE SAVEPOINT rm_sp\(depth)")
            }
            throw error
        }
    }

    /// Whether a table exists in the current schema / database file.
    public func tableExists(_ name: String) throws -> Bool {
        switch dialect {
        case .sqlite:
            return try queryOne("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = $1", [.text(name)]) != nil
        case .postgres:
            return try queryOne("SELECT 1 AS x FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = $1", [.text(name)]) != nil
        }
    }
}

/// Opens connections by URL.
public enum Database {
    /// `create`: a SQLite file that does not exist is made (only `migrate up` asks for
    /// that; a mistyped path elsewhere is "no such database", not a new empty file).
    public static func open(_ url: DatabaseURL, create: Bool = true) throws -> any Connection {
        switch url.kind {
        case let .sqlite(path):
            if !create, path != ":memory:", !FileManager.default.fileExists(atPath: path) {
                throw StoreError.unavailable(url: url.redacted, message: "no such database (run `readmaster migrate up` to create it)")
            }
            return try SQLiteConnection(path: path, url: url)
        case let .postgres(conninfo): return try PostgresConnection(conninfo: conninfo, url: url)
        }
    }
}
