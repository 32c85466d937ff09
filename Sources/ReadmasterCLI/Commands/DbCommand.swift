import Foundation
import ReadmasterCore
import ReadmasterStore

/// `readmaster db wait`: for CI, which starts a database and must not race it.
enum DbCommand {
    static let spec = CommandSpec(
        "db", summary: "the database connection itself",
        subcommands: [
            CommandSpec("wait", summary: "wait until the database accepts connections (exit 69 when --timeout passes first)",
                        discussion: "Tries to connect every half second. It reads no data; a SQLite file must already exist (migrate up creates it).",
                        options: [OptionSpec(.timeout, value: "SECONDS", help: "give up after this long (default 30)")],
                        examples: ["readmaster --db postgres://ci@localhost/rm db wait --timeout 60 && readmaster migrate up"],
                        handler: wait),
        ])

    static func wait(_ inv: Invocation) throws -> Int32 {
        let timeout = Double(try inv.int(.timeout, in: 0...86_400) ?? 30)
        let url = try inv.databaseURL()
        let started = Date()
        while true {
            do {
                let conn = try Database.open(url, create: false)
                defer { conn.close() }
                // With --as, the policy is asked as for any command (once there are users to ask about).
                if inv.globals.actAs != nil, try conn.tableExists("users") {
                    try Acting.resolve(inv, conn).require(.checkConnection, "may not check the database connection")
                }
                inv.note(String(format: "%@ accepts connections (after %.1f s)", url.redacted, Date().timeIntervalSince(started)))
                return ExitCodes.ok
            } catch let e as StoreError {
                guard case .unavailable = e, Date().timeIntervalSince(started) + 0.5 <= timeout else { throw e }
                inv.verbose("waiting: \(e)")
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
    }
}
