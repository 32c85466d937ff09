import ReadmasterStore

extension Invocation {
    /// Runs a command's work on the database: opens it (the schema must be current), and
    /// closes it however `body` ends. Most commands want `withSession`.
    func withDatabase(_ body: (any Connection) throws -> Int32) throws -> Int32 {
        let conn = try openDatabase()
        defer { conn.close() }
        return try body(conn)
    }

    /// `withDatabase`, with who is acting (`--as`, else the database owner) resolved once:
    /// every handler asks the policy through `acting`.
    func withSession(_ body: (any Connection, Acting) throws -> Int32) throws -> Int32 {
        try withDatabase { conn in try body(conn, try Acting.resolve(self, conn)) }
    }
}
