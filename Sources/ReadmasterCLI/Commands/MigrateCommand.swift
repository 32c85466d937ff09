import Foundation
import ReadmasterCore
import ReadmasterStore

/// `readmaster migrate …`: the schema's versioned migrations.
enum MigrateCommand {
    static let spec = CommandSpec(
        "migrate", summary: "apply, revert, list and verify schema migrations",
        discussion: "Migrations are compiled into readmaster, one set per dialect. Each runs in its own transaction and is recorded with a checksum in schema_migrations. Concurrent runs are safe.",
        subcommands: [
            CommandSpec("up", summary: "apply pending migrations",
                        options: [OptionSpec(.to, value: "VERSION", help: "stop after this version")],
                        handler: up),
            CommandSpec("down", summary: "revert the newest N applied migrations (default 1)",
                        discussion: "Reverting drops the tables those migrations created. When any of them holds rows, nothing is changed unless --force is given: the command names the tables and how many rows each would lose (on a terminal it asks instead).",
                        arguments: [ArgumentSpec("N", help: "how many migrations to revert", optional: true)],
                        options: [OptionSpec(.force, help: "drop tables even when they hold rows (the rows are lost)")],
                        handler: down),
            CommandSpec("status", summary: "list every migration and whether it is applied",
                        options: [OptionSpec(.exitCode, help: "exit 1 when a migration is pending (or changed, or unknown), for CI to gate on")],
                        handler: status),
            CommandSpec("verify", summary: "fail when an applied migration's text has changed since it was applied",
                        handler: verify),
            CommandSpec("redo", summary: "revert and re-apply the newest applied migration (empties its tables: needs --force when they hold rows)",
                        options: [OptionSpec(.force, help: "redo even when the migration's tables hold rows (the rows are lost)")],
                        handler: redo),
        ],
        examples: ["readmaster migrate up", "readmaster migrate down 2", "readmaster migrate status --format json"])

    static func up(_ inv: Invocation) throws -> Int32 {
        let migrator = Migrator(try authorized(inv, .changeSchema, "may not migrate the database", create: true))
        let target = try inv.int(.to, in: 0...Int.max)
        let applied = try migrator.up(to: target)
        // Nothing to do is one line (below), not an empty table; data formats still get [].
        if !applied.isEmpty || (inv.globals.format ?? .table) != .table { inv.emit(table(applied, action: "applied")) }
        let current = try currentVersion(migrator)
        inv.note(applied.isEmpty ? "schema is up to date (version \(current))"
                 : "applied \(applied.count) migration\(applied.count == 1 ? "" : "s"); schema at version \(current)")
        return ExitCodes.ok
    }

    static func down(_ inv: Invocation) throws -> Int32 {
        var steps = 1
        if let arg = inv.arguments.first {
            guard let n = Int(arg), n >= 1 else { throw CLIError.usage("migrate down takes a number of migrations (1 or more), not \(quoted(arg))") }
            steps = n
        }
        let migrator = Migrator(try authorized(inv, .changeSchema, "may not revert migrations"))
        let reverted = try migrator.down(steps: steps, dropData: try dropData(inv, migrator, steps: steps))
        inv.emit(table(reverted, action: "reverted"))
        inv.note("reverted \(reverted.count) migration\(reverted.count == 1 ? "" : "s"); schema at version \(try currentVersion(migrator))")
        return ExitCodes.ok
    }

    static func status(_ inv: Invocation) throws -> Int32 {
        let migrator = Migrator(try authorized(inv, .readSchema, "may not read the schema's migrations"))
        let entries = try migrator.status()
        var t = Table(columns: [.init("version", numeric: true), .init("name"), .init("state"), .init("applied_at"), .init("checksum")])
        t.rows = entries.map { e in
            [.int(Int64(e.version)), .string(e.name), .string(e.state.rawValue),
             e.appliedAt.map { .string(Timestamp.format($0)) } ?? .null, .string(String(e.checksum.prefix(12)))]
        }
        inv.emit(t)
        let pending = entries.filter { $0.state == .pending }.count
        if pending > 0 { inv.note("\(pending) pending; run `readmaster migrate up`") }
        if inv.flag(.exitCode), entries.contains(where: { $0.state != .applied }) { return ExitCodes.failure }
        return ExitCodes.ok
    }

    static func verify(_ inv: Invocation) throws -> Int32 {
        let migrator = Migrator(try authorized(inv, .readSchema, "may not verify the schema's migrations"))
        let entries = try migrator.status()
        let unknown = entries.filter { $0.state == .unknown }
        if !unknown.isEmpty { throw StoreError.schemaTooNew(unknown: unknown.map(\.id)) }
        let changed = entries.filter { $0.state == .changed }
        if !changed.isEmpty { throw StoreError.drift(changed.map(\.id)) }
        let applied = entries.filter { $0.state == .applied }.count
        inv.note("ok: \(applied) applied migration\(applied == 1 ? "" : "s") match their compiled text")
        return ExitCodes.ok
    }

    static func redo(_ inv: Invocation) throws -> Int32 {
        let migrator = Migrator(try authorized(inv, .changeSchema, "may not redo migrations"))
        let reverted = try migrator.down(steps: 1, dropData: try dropData(inv, migrator, steps: 1))
        let applied = try migrator.up(to: reverted.first?.version)
        inv.emit(table(applied, action: "redone"))
        inv.note("redid \(applied.map(\.id).joined(separator: ", "))")
        return ExitCodes.ok
    }

    /// Opens the database for migrating, after the policy allows the acting user. With
    /// `--as`, the users table must exist to say who that is; before the first migration
    /// only the database owner (no `--as`) can migrate.
    private static func authorized(_ inv: Invocation, _ action: Policy.Action, _ what: String, create: Bool = false) throws -> any Connection {
        let conn = try inv.openDatabase(migrating: true, create: create)
        if let email = inv.globals.actAs {
            let acting: Acting
            do {
                acting = try Acting.resolve(inv, conn)
            } catch let e as StoreError {
                conn.close()
                throw CLIError.permissionDenied("--as \(email): the database has no users table yet (\(e)); migrate as the database owner, without --as")
            }
            do { try acting.require(action, what) } catch {
                conn.close()
                throw error
            }
        }
        return conn
    }

    /// Whether reverting may drop rows: --force, or a yes on a terminal. Otherwise the
    /// migrator refuses and says what would be lost.
    private static func dropData(_ inv: Invocation, _ migrator: Migrator, steps: Int) throws -> Bool {
        if inv.flag(.force) { return true }
        let losing = try migrator.dataLoss(steps: steps)
        guard !losing.isEmpty else { return false }
        switch inv.ask("reverting drops tables holding rows: \(TableRows.list(losing)). Delete them?") {
        case nil: return false
        case false?: throw CLIError.failure("nothing was changed")
        case true?: return true
        }
    }

    private static func currentVersion(_ migrator: Migrator) throws -> Int {
        try migrator.status().filter { $0.state != .pending }.map(\.version).max() ?? 0
    }

    private static func table(_ migrations: [Migration], action: String) -> Table {
        Table(columns: [.init("version", numeric: true), .init("name"), .init("action")],
              rows: migrations.map { [.int(Int64($0.version)), .string($0.name), .string(action)] })
    }
}
