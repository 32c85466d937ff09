import ReadmasterCore
import ReadmasterStore

/// `readmaster migrate …`: the schema's versioned migrations.
enum MigrateCommand {
    static let spec = CommandSpec(
        "migrate", summary: "apply, revert, list and verify schema migrations",
        discussion: "Migrations are compiled into readmaster, one set per dialect. Each runs in its own transaction and is recorded with a checksum in schema_migrations. Concurrent runs are safe.",
        subcommands: [
            CommandSpec("up", summary: "apply pending migrations",
                        options: [OptionSpec("to", value: "VERSION", help: "stop after this version")],
                        handler: up),
            CommandSpec("down", summary: "revert the newest N applied migrations (default 1)",
                        arguments: [ArgumentSpec("N", help: "how many migrations to revert", optional: true)],
                        handler: down),
            CommandSpec("status", summary: "list every migration and whether it is applied", handler: status),
            CommandSpec("verify", summary: "fail when an applied migration's text has changed since it was applied",
                        handler: verify),
            CommandSpec("redo", summary: "revert and re-apply the newest applied migration", handler: redo),
        ],
        examples: ["readmaster migrate up", "readmaster migrate down 2", "readmaster migrate status --format json"])

    static func up(_ inv: Invocation) throws -> Int32 {
        let migrator = Migrator(try inv.openDatabase(migrating: true))
        let target = try inv.int("to", in: 0...Int.max)
        let applied = try migrator.up(to: target)
        inv.emit(table(applied, action: "applied"))
        let current = try currentVersion(migrator)
        inv.note(applied.isEmpty ? "schema is up to date (version \(current))"
                 : "applied \(applied.count) migration\(applied.count == 1 ? "" : "s"); schema at version \(current)")
        return ExitCodes.ok
    }

    static func down(_ inv: Invocation) throws -> Int32 {
        var steps = 1
        if let arg = inv.arguments.first {
            guard let n = Int(arg), n >= 1 else { throw CLIError.usage("migrate down takes a number of migrations (1 or more), not '\(arg)'") }
            steps = n
        }
        let migrator = Migrator(try inv.openDatabase(migrating: true))
        let reverted = try migrator.down(steps: steps)
        inv.emit(table(reverted, action: "reverted"))
        inv.note("reverted \(reverted.count) migration\(reverted.count == 1 ? "" : "s"); schema at version \(try currentVersion(migrator))")
        return ExitCodes.ok
    }

    static func status(_ inv: Invocation) throws -> Int32 {
        let migrator = Migrator(try inv.openDatabase(migrating: true))
        let entries = try migrator.status()
        var t = Table(columns: [.init("version", numeric: true), .init("name"), .init("state"), .init("applied_at"), .init("checksum")])
        t.rows = entries.map { e in
            [.int(Int64(e.version)), .string(e.name), .string(e.state.rawValue),
             e.appliedAt.map { .string(Timestamp.format($0)) } ?? .null, .string(String(e.checksum.prefix(12)))]
        }
        inv.emit(t)
        let pending = entries.filter { $0.state == .pending }.count
        if pending > 0 { inv.note("\(pending) pending; run `readmaster migrate up`") }
        return ExitCodes.ok
    }

    static func verify(_ inv: Invocation) throws -> Int32 {
        let migrator = Migrator(try inv.openDatabase(migrating: true))
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
        let migrator = Migrator(try inv.openDatabase(migrating: true))
        let reverted = try migrator.down(steps: 1)
        let applied = try migrator.up(to: reverted.first?.version)
        inv.emit(table(applied, action: "redone"))
        inv.note("redid \(applied.map(\.id).joined(separator: ", "))")
        return ExitCodes.ok
    }

    private static func currentVersion(_ migrator: Migrator) throws -> Int {
        try migrator.status().filter { $0.state != .pending }.map(\.version).max() ?? 0
    }

    private static func table(_ migrations: [Migration], action: String) -> Table {
        Table(columns: [.init("version", numeric: true), .init("name"), .init("action")],
              rows: migrations.map { [.int(Int64($0.version)), .string($0.name), .string(action)] })
    }
}
