import Foundation

/// Applies and reverts migrations and reports their state. Runs are safe to start
/// concurrently: on PostgreSQL the whole run holds an advisory lock; on SQLite each
/// migration re-checks what is applied inside `BEGIN IMMEDIATE`, which holds the
/// file's write lock.
public struct Migrator {
    public enum State: String, Sendable {
        case applied, pending
        /// Applied, but the compiled text differs from what was applied (drift).
        case changed
        /// Applied by a newer readmaster: this binary does not know it.
        case unknown
    }

    public struct Entry: Sendable {
        public let version: Int
        public let name: String
        public let state: State
        public let appliedAt: Date?
        public let checksum: String
        public var id: String { MigrationID.format(version, name) }
    }

    struct Applied {
        let version: Int
        let name: String
        let checksum: String
        let appliedAt: Date?
    }

    public let connection: any Connection
    public let migrations: [Migration]

    /// An arbitrary constant that names readmaster's migration lock among advisory locks.
    static let advisoryLockKey: Int64 = 0x7265_6164_6d73

    public init(_ connection: any Connection, migrations: [Migration]? = nil) {
        self.connection = connection
        self.migrations = (migrations ?? Migrations.all(for: connection.dialect)).sorted { $0.version < $1.version }
    }

    /// The newest version this binary knows.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    func ensureTable() throws {
        let ts = connection.dialect == .postgres ? "timestamptz" : "TEXT"
        try connection.executeScript("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                checksum TEXT NOT NULL,
                applied_at \(ts) NOT NULL,
                execution_ms INTEGER NOT NULL DEFAULT 0
            )
            """)
    }

    func applied() throws -> [Applied] {
        guard try connection.tableExists("schema_migrations") else { return [] }
        return try connection.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version").map {
            Applied(version: Int(try $0.int("version")), name: try $0.string("name"),
                    checksum: try $0.string("checksum"), appliedAt: try $0.optionalDate("applied_at"))
        }
    }

    /// Every known and every applied migration, in version order.
    public func status() throws -> [Entry] {
        let done = Dictionary(uniqueKeysWithValues: try applied().map { ($0.version, $0) })
        var entries = migrations.map { m -> Entry in
            guard let a = done[m.version] else {
                return Entry(version: m.version, name: m.name, state: .pending, appliedAt: nil, checksum: m.checksum)
            }
            return Entry(version: m.version, name: m.name, state: a.checksum == m.checksum ? .applied : .changed,
                         appliedAt: a.appliedAt, checksum: a.checksum)
        }
        let known = Set(migrations.map(\.version))
        for a in done.values where !known.contains(a.version) {
            entries.append(Entry(version: a.version, name: a.name, state: .unknown, appliedAt: a.appliedAt, checksum: a.checksum))
        }
        return entries.sorted { $0.version < $1.version }
    }

    /// Throws unless every compiled migration is applied: what every data command
    /// checks before it touches the database.
    public func requireCurrent() throws {
        let entries = try status()
        let unknown = entries.filter { $0.state == .unknown }
        if !unknown.isEmpty { throw StoreError.schemaTooNew(unknown: unknown.map(\.id)) }
        let pending = entries.filter { $0.state == .pending }
        if !pending.isEmpty { throw StoreError.schemaOutOfDate(pending: pending.map(\.id)) }
    }

    /// The same check as `requireCurrent()` by version and name only, without rendering
    /// the migrations: every command runs it before its work, so it must be cheap.
    public static func requireCurrent(_ connection: any Connection) throws {
        let known = Migrations.definitions.map { (version: $0.version, name: $0.name) }
        let applied = try Migrator(connection, migrations: []).applied()
        let appliedVersions = Set(applied.map(\.version)), knownVersions = Set(known.map(\.version))
        let unknown = applied.filter { !knownVersions.contains($0.version) }
        if !unknown.isEmpty { throw StoreError.schemaTooNew(unknown: unknown.map { MigrationID.format($0.version, $0.name) }) }
        let pending = known.filter { !appliedVersions.contains($0.version) }
        if !pending.isEmpty { throw StoreError.schemaOutOfDate(pending: pending.map { MigrationID.format($0.version, $0.name) }) }
    }

    /// The applied migrations whose text changed since they were applied.
    public func drifted() throws -> [Entry] { try status().filter { $0.state == .changed } }

    /// Applies pending migrations up to `target` (all when nil); returns those applied.
    @discardableResult
    public func up(to target: Int? = nil) throws -> [Migration] {
        try withLock {
            try ensureTable()
            var done: [Migration] = []
            for m in migrations where m.version <= (target ?? Int.max) {
                let appliedNow = try connection.transaction(immediate: true) { () -> Bool in
                    // Checked inside the transaction: a concurrent run may have applied it meanwhile.
                    if try connection.queryOne("SELECT 1 AS x FROM schema_migrations WHERE version = $1", [.int(m.version)]) != nil {
                        return false
                    }
                    let started = Date()
                    do {
                        try connection.executeScript(m.up)
                    } catch {
                        throw StoreError.migrationFailed(version: m.version, name: m.name, message: "\(error)")
                    }
                    let ms = Int64(Date().timeIntervalSince(started) * 1000)
                    try connection.execute(
                        "INSERT INTO schema_migrations (version, name, checksum, applied_at, execution_ms) VALUES ($1, $2, $3, $4, $5)",
                        [.int(m.version), .text(m.name), .text(m.checksum), .date(Date()), .int(ms)])
                    return true
                }
                if appliedNow { done.append(m) }
            }
            return done
        }
    }

    /// Reverts the newest `steps` applied migrations; returns those reverted.
    @discardableResult
    public func down(steps: Int = 1, dropData: Bool = false) throws -> [Migration] {
        guard steps >= 0 else { throw StoreError.migrationRequest("migrate down takes a positive number of steps") }
        return try withLock {
            let appliedVersions = try applied().map(\.version)
            guard steps <= appliedVersions.count else {
                throw StoreError.migrationRequest("cannot revert \(steps) migrations: only \(appliedVersions.count) applied")
            }
            var reverting: [Migration] = []
            for version in appliedVersions.suffix(steps).reversed() {
                guard let m = migrations.first(where: { $0.version == version }) else {
                    throw StoreError.migrationRequest("migration \(version) was applied by a newer readmaster; this one cannot revert it")
                }
                reverting.append(m)
            }
            // All or nothing: refuse before the first step if any step would drop rows.
            let losing = try rows(in: reverting.flatMap(\.drops))
            if !dropData, !losing.isEmpty { throw StoreError.wouldDropData(losing) }
            var reverted: [Migration] = []
            for m in reverting {
                try connection.transaction(immediate: true) {
                    // Counted under the lock, in the transaction that drops them.
                    let losing = try rows(in: m.drops)
                    if !dropData, !losing.isEmpty { throw StoreError.wouldDropData(losing) }
                    do {
                        try connection.executeScript(m.down)
                    } catch {
                        throw StoreError.migrationFailed(version: m.version, name: m.name, message: "\(error)")
                    }
                    try connection.execute("DELETE FROM schema_migrations WHERE version = $1", [.int(m.version)])
                }
                reverted.append(m)
            }
            return reverted
        }
    }

    /// The rows that reverting the newest `steps` migrations would delete, by table
    /// (tables with no rows left out): what `migrate down` shows before it asks.
    public func dataLoss(steps: Int) throws -> [TableRows] {
        let versions = Set(try applied().map(\.version).suffix(max(0, steps)))
        return try rows(in: migrations.filter { versions.contains($0.version) }.reversed().flatMap(\.drops))
    }

    private func rows(in tables: [String]) throws -> [TableRows] {
        try tables.compactMap { table in
            // Table names come from the compiled migrations, never from input.
            let n = try connection.queryOne("SELECT count(*) AS c FROM \(table)")?.int("c") ?? 0
            return n > 0 ? TableRows(table: table, rows: n) : nil
        }
    }

    private func withLock<T>(_ body: () throws -> T) throws -> T {
        guard connection.dialect == .postgres else { return try body() }
        try connection.execute("SELECT pg_advisory_lock($1)", [.int(Migrator.advisoryLockKey)])
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [.int(Migrator.advisoryLockKey)]) }
        return try body()
    }
}
