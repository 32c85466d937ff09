import Foundation
import ReadmasterCore
import ReadmasterStore

/// `user export USER`: everything readmaster holds about one person, as one JSON
/// document (seed 002, data protection).
enum UserExport {
    static func run(_ inv: Invocation) throws -> Int32 {
        return try inv.withSession { conn, acting in
            let users = UserRecords(conn)
            let u = try UserCommand.load(inv.arguments[0], users)
            try acting.require(.readUser, try acting.relation(to: u, users), "may not export the data of \(u.email)")
            var doc: [(String, JSONValue)] = [("exported_at", .string(Timestamp.format(Date()))), ("user", .object(UserCommand.record(u)))]
            for (name, rows) in try UserDataExport(conn).sections(of: u.id) {
                doc.append((name, .array(rows.map { row in .object(zip(row.columns, row.values).map { ($0, json($1)) }) })))
            }
            inv.out.line(JSONValue.object(doc).serialized(pretty: true))
            return ExitCodes.ok
        }
    }

    static func json(_ v: SQLValue) -> JSONValue {
        switch v {
        case .null: return .null
        case let .int(i): return .int(i)
        case let .double(d): return .double(d)
        case let .bool(b): return .bool(b)
        case let .json(j): return (try? JSONParser.parse(j)) ?? .string(j)
        case let .text(t):
            if t.hasPrefix("{"), let parsed = try? JSONParser.parse(t) { return parsed }
            return .string(t)
        default: return v.textForm.map(JSONValue.string) ?? .null
        }
    }
}
