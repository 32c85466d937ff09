import ReadmasterCore
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

    /// `withSession` for a command the actor must be allowed `action` to run at all
    /// (`refusal` says what was refused).
    func withSession(requiring action: Policy.Action, _ refusal: String, _ body: (any Connection, Acting) throws -> Int32) throws -> Int32 {
        try withSession { conn, acting in
            try acting.require(action, .unrelated, refusal)
            return try body(conn, acting)
        }
    }

    /// `withSession` for a command on a record nobody owns (a passage, a quiz question),
    /// named by its first argument: the actor must be allowed `action` before the record
    /// is looked up, so a refusal does not say whether it exists.
    func withRecord<Records, Row>(
        _ action: Policy.Action, refusal: String, _ records: (any Connection) -> Records, load: (String, Records) throws -> Row,
        _ body: (any Connection, Acting, Records, Row) throws -> Int32
    ) throws -> Int32 {
        try withSession(requiring: action, refusal) { conn, acting in
            let all = records(conn)
            return try body(conn, acting, all, try load(arguments[0], all))
        }
    }
}
