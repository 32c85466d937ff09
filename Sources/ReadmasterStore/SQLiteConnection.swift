import CSQLite
import Foundation

/// A SQLite database file opened in WAL mode with foreign keys on and a busy timeout,
/// so that concurrent readmaster processes wait for each other instead of failing.
public final class SQLiteConnection: Connection {
    public let url: DatabaseURL
    public var transactionDepth = 0
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    /// One thread at a time (checked in debug builds).
    private let exclusive = ExclusiveUse()

    /// How long a write waits for another writer before giving up (exit 69).
    /// `READMASTER_BUSY_TIMEOUT` (seconds) changes it, for scripts that would rather wait
    /// out a long import, and for tests.
    static let busySeconds: Int = {
        if let v = ProcessInfo.processInfo.environment["READMASTER_BUSY_TIMEOUT"], let n = Int(v), (0...86_400).contains(n) { return n }
        return 10
    }()

    /// `SQLITE_TRANSIENT` does not import into Swift: it is the destructor value -1.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(path: String, url: DatabaseURL) throws {
        self.url = url
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close(handle)
            throw StoreError.unavailable(url: url.redacted, message: message)
        }
        db = handle
        sqlite3_busy_timeout(handle, Int32(SQLiteConnection.busySeconds * 1000))
        sqlite3_extended_result_codes(handle, 1)
        do {
            // A file that is not a database fails here, on the first read.
            try switchToWAL()
            try executeScript("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL")
        } catch StoreError.statement(_, let message, _) {
            close()
            throw StoreError.unavailable(url: url.redacted, message: message)
        }
    }

    /// Two processes opening a new database at once both read it, then both need it
    /// alone to turn on WAL; SQLite answers one of them "database is locked" at once,
    /// without waiting, because waiting could deadlock. That one tries again (the
    /// other has usually finished, and WAL is already on) for as long as the busy
    /// timeout would have waited: 6 of 160 concurrent `migrate up` runs failed before.
    private func switchToWAL() throws {
        let deadline = Date().addingTimeInterval(10)
        while true {
            do {
                try executeScript("PRAGMA journal_mode = WAL")
                return
            } catch StoreError.busy where Date() < deadline {
                usleep(20_000)
            }
        }
    }

    deinit { close() }

    public func close() {
        for (_, stmt) in statements { sqlite3_finalize(stmt) }
        statements.removeAll()
        if let db { sqlite3_close_v2(db) }
        db = nil
    }

    private var errorMessage: String { db.map { String(cString: sqlite3_errmsg($0)) } ?? "database is closed" }

    private func failure(_ rc: Int32, sql: String) -> StoreError {
        if rc & 0xff == SQLITE_CONSTRAINT {
            return .constraint(message: errorMessage, sqlState: String(rc))
        }
        if rc & 0xff == SQLITE_BUSY { return .busy(url: url.redacted, seconds: SQLiteConnection.busySeconds) }
        return .statement(sql: StoreError.snippet(sql), message: errorMessage, sqlState: String(rc))
    }

    /// Prepared statements are cached by their text and reset before reuse.
    private func prepare(_ sql: String) throws -> OpaquePointer {
        if let cached = statements[sql] {
            sqlite3_reset(cached)
            sqlite3_clear_bindings(cached)
            return cached
        }
        guard let db else { throw StoreError.unavailable(url: url.redacted, message: "connection is closed") }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, PlaceholderRewriter.sqlite(sql), -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw failure(rc, sql: sql) }
        statements[sql] = stmt
        return stmt
    }

    private func bind(_ stmt: OpaquePointer, _ params: [SQLValue], sql: String) throws {
        let expected = Int(sqlite3_bind_parameter_count(stmt))
        guard expected == params.count else {
            throw StoreError.statement(sql: StoreError.snippet(sql), message: "expected \(expected) parameters, got \(params.count)", sqlState: nil)
        }
        for (offset, value) in params.enumerated() {
            let i = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(stmt, i)
            case let .int(v): rc = sqlite3_bind_int64(stmt, i, v)
            case let .double(v): rc = sqlite3_bind_double(stmt, i, v)
            case let .bool(v): rc = sqlite3_bind_int64(stmt, i, v ? 1 : 0)
            case let .bytes(v): rc = v.withUnsafeBytes { sqlite3_bind_blob(stmt, i, $0.baseAddress, Int32($0.count), Self.transient) }
            case .text, .uuid, .date, .json:
                rc = sqlite3_bind_text(stmt, i, value.textForm ?? "", -1, Self.transient)
            }
            guard rc == SQLITE_OK else { throw failure(rc, sql: sql) }
        }
    }

    private func column(_ stmt: OpaquePointer, _ i: Int32) -> SQLValue {
        switch sqlite3_column_type(stmt, i) {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(stmt, i))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(stmt, i))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(stmt, i)))
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(stmt, i))
            guard n > 0, let p = sqlite3_column_blob(stmt, i) else { return .bytes([]) }
            return .bytes(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default: return .null
        }
    }

    @discardableResult
    public func execute(_ sql: String, _ params: [SQLValue]) throws -> Int {
        exclusive.enter()
        defer { exclusive.leave() }
        let stmt = try prepare(sql)
        try bind(stmt, params, sql: sql)
        var rc = sqlite3_step(stmt)
        while rc == SQLITE_ROW { rc = sqlite3_step(stmt) }
        defer { sqlite3_reset(stmt) }
        guard rc == SQLITE_DONE else { throw failure(rc, sql: sql) }
        return Int(sqlite3_changes64(db))
    }

    public func query(_ sql: String, _ params: [SQLValue]) throws -> [Row] {
        exclusive.enter()
        defer { exclusive.leave() }
        let stmt = try prepare(sql)
        try bind(stmt, params, sql: sql)
        defer { sqlite3_reset(stmt) }
        let n = sqlite3_column_count(stmt)
        let names = (0..<n).map { String(cString: sqlite3_column_name(stmt, $0)) }
        var rows: [Row] = []
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw failure(rc, sql: sql) }
            rows.append(Row(columns: names, values: (0..<n).map { column(stmt, $0) }))
        }
        return rows
    }

    public func executeScript(_ sql: String) throws {
        exclusive.enter()
        defer { exclusive.leave() }
        guard let db else { throw StoreError.unavailable(url: url.redacted, message: "connection is closed") }
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let message = err.map { String(cString: $0) } ?? errorMessage
            sqlite3_free(err)
            if rc & 0xff == SQLITE_CONSTRAINT { throw StoreError.constraint(message: message, sqlState: String(rc)) }
            if rc & 0xff == SQLITE_BUSY { throw StoreError.busy(url: url.redacted, seconds: SQLiteConnection.busySeconds) }
            throw StoreError.statement(sql: StoreError.snippet(sql), message: message, sqlState: String(rc))
        }
    }

    @discardableResult
    public func bulkInsert<S: Sequence>(table: String, columns: [String], rows: S) throws -> Int where S.Element == [SQLValue] {
        exclusive.enter()
        defer { exclusive.leave() }
        // Rows go in groups through one multi-row INSERT: a statement step per group
        // instead of per row. The tail of fewer rows uses the one-row statement.
        let group = max(1, min(64, 512 / max(columns.count, 1)))
        func sql(_ n: Int) -> String {
            var p = 0
            let tuples = (0..<n).map { _ in "(" + columns.map { _ in p += 1; return "$\(p)" }.joined(separator: ", ") + ")" }
            return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES " + tuples.joined(separator: ", ")
        }
        let many = sql(group), one = sql(1)
        var count = 0
        var pending: [SQLValue] = []
        pending.reserveCapacity(group * columns.count)
        var pendingRows = 0
        do {
            try transaction(immediate: true) {
                let groupStmt = try prepare(many)
                for row in rows {
                    guard row.count == columns.count else {
                        throw StoreError.statement(sql: StoreError.snippet(one), message: "row has \(row.count) values for \(columns.count) columns", sqlState: nil)
                    }
                    pending.append(contentsOf: row)
                    pendingRows += 1
                    if pendingRows == group {
                        sqlite3_reset(groupStmt)
                        try bind(groupStmt, pending, sql: many)
                        let rc = sqlite3_step(groupStmt)
                        guard rc == SQLITE_DONE else { throw failure(rc, sql: many) }
                        count += pendingRows
                        pending.removeAll(keepingCapacity: true)
                        pendingRows = 0
                    }
                }
                sqlite3_reset(groupStmt)
                if pendingRows > 0 {
                    let stmt = try prepare(one)
                    for r in 0..<pendingRows {
                        sqlite3_reset(stmt)
                        try bind(stmt, Array(pending[(r * columns.count)..<((r + 1) * columns.count)]), sql: one)
                        let rc = sqlite3_step(stmt)
                        guard rc == SQLITE_DONE else { throw failure(rc, sql: one) }
                        count += 1
                    }
                    sqlite3_reset(stmt)
                }
            }
        } catch let error as StoreError {
            throw StoreError.bulk(table: table, message: "near row \(count + 1): \(error)")
        }
        return count
    }
}
