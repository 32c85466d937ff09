import Foundation
import ReadmasterStore
import ReadmasterTestSupport
import Testing

@Suite("Storage layer on both backends")
struct StorageTests {
    static let typesTable: [Dialect: String] = [
        .sqlite: "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, d REAL, s TEXT, b INTEGER, u TEXT, ts TEXT, j TEXT, by BLOB)",
        .postgres: "CREATE TABLE t (id integer PRIMARY KEY, i bigint, d double precision, s text, b boolean, u uuid, ts timestamptz, j jsonb, by bytea)",
    ]

    @Test("binds and reads back every value type", arguments: Backend.allCases)
    func valueRoundTrip(backend: Backend) throws {
        let db = try backend.freshDatabase()
        let conn = try db.connect()
        try conn.executeScript(Self.typesTable[conn.dialect]!)
        let uuid = UUID()
        let when = Timestamp.parse("2026-03-04T05:06:07.891Z")!
        let text = "O'Brien said \"hi\"\ttab\nnewline \\ back ünïcödé 漢字 🙂"
        try conn.execute("INSERT INTO t (id, i, d, s, b, u, ts, j, by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                         [.int(1), .int(Int64.max), .double(-2.5e-7), .text(text), .bool(true), .uuid(uuid), .date(when),
                          .json(#"{"a": [1, 2], "b": "x"}"#), .bytes([0, 1, 254, 255])])
        try conn.execute("INSERT INTO t (id, i, d, s, b, u, ts, j, by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                         [.int(2), .null, .null, .null, .bool(false), .null, .null, .null, .null])
        let rows = try conn.query("SELECT * FROM t ORDER BY id", [])
        #expect(rows.count == 2)
        let r = rows[0]
        #expect(try r.int("i") == Int64.max)
        #expect(try r.double("d") == -2.5e-7)
        #expect(try r.string("s") == text)
        #expect(try r.bool("b") == true)
        #expect(try r.uuid("u") == uuid)
        #expect(try r.date("ts") == when)
        #expect(try r.json("j")?.contains("\"b\"") == true)
        #expect(try r.bytes("by") == [0, 1, 254, 255])
        let n = rows[1]
        #expect(try n.optionalInt("i") == nil)
        #expect(try n.optionalString("s") == nil)
        #expect(try n.bool("b") == false)
        #expect(try n.optionalUUID("u") == nil)
        #expect(try n.optionalDate("ts") == nil)
        #expect(throws: StoreError.self) { try n.string("s") }
        #expect(throws: StoreError.self) { try n.int("no_such_column") }
    }

    @Test("placeholders may appear out of order and repeat", arguments: Backend.allCases)
    func placeholderOrder(backend: Backend) throws {
        let db = try backend.freshDatabase()
        let conn = try db.connect()
        let row = try conn.queryOne("SELECT $2 || '-' || $1 || '-' || $2 AS x", [.text("a"), .text("b")])
        #expect(try row?.string("x") == "b-a-b")
        let quoted = try conn.queryOne("SELECT '$1 stays' AS x, $1 AS y", [.text("bound")])
        #expect(try quoted?.string("x") == "$1 stays")
        #expect(try quoted?.string("y") == "bound")
    }

    @Test("nested transactions roll back only their own savepoint", arguments: Backend.allCases)
    func nestedTransactions(backend: Backend) throws {
        let db = try backend.freshDatabase()
        let conn = try db.connect()
        try conn.executeScript("CREATE TABLE n (v INTEGER NOT NULL)")
        struct Boom: Error {}
        try conn.transaction {
            try conn.execute("INSERT INTO n (v) VALUES ($1)", .int(1))
            #expect(throws: Boom.self) {
                try conn.transaction {
                    try conn.execute("INSERT INTO n (v) VALUES ($1)", .int(2))
                    throw Boom()
                }
            }
            try conn.transaction { try conn.execute("INSERT INTO n (v) VALUES ($1)", .int(3)) }
        }
        #expect(try conn.query("SELECT v FROM n ORDER BY v").map { try $0.int("v") } == [1, 3])
        #expect(throws: Boom.self) {
            try conn.transaction {
                try conn.execute("INSERT INTO n (v) VALUES ($1)", .int(4))
                throw Boom()
            }
        }
        #expect(try conn.query("SELECT count(*) AS c FROM n")[0].int("c") == 2)
        #expect(conn.transactionDepth == 0)
    }

    @Test("prepared statements are reused and checked for parameter count", arguments: Backend.allCases)
    func preparedReuse(backend: Backend) throws {
        let db = try backend.freshDatabase()
        let conn = try db.connect()
        try conn.executeScript("CREATE TABLE p (k INTEGER PRIMARY KEY, v TEXT)")
        try conn.transaction {
            for i in 0..<500 { try conn.execute("INSERT INTO p (k, v) VALUES ($1, $2)", [.int(i), .text("v\(i)")]) }
        }
        #expect(try conn.queryOne("SELECT v FROM p WHERE k = $1", [.int(499)])?.string("v") == "v499")
        #expect(throws: StoreError.self) { try conn.execute("INSERT INTO p (k, v) VALUES ($1, $2)", [.int(1)]) }
    }

    @Test("constraint violations are reported as such", arguments: Backend.allCases)
    func constraints(backend: Backend) throws {
        let db = try backend.freshDatabase()
        let conn = try db.connect()
        try conn.executeScript("CREATE TABLE c (k INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        try conn.execute("INSERT INTO c (k, v) VALUES ($1, $2)", [.int(1), .text("x")])
        do {
            try conn.execute("INSERT INTO c (k, v) VALUES ($1, $2)", [.int(1), .text("y")])
            Issue.record("duplicate key was accepted")
        } catch let StoreError.constraint(message, _) {
            #expect(!message.isEmpty)
        }
        #expect(throws: StoreError.self) { try conn.execute("INSERT INTO nowhere VALUES (1)", []) }
    }

    @Test("bulk insert writes every row, or none when one is bad", arguments: Backend.allCases)
    func bulkInsert(backend: Backend) throws {
        let db = try backend.freshDatabase()
        let conn = try db.connect()
        try conn.executeScript("CREATE TABLE b (k INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, at \(conn.dialect == .postgres ? "timestamptz" : "TEXT"))")
        let when = Date(timeIntervalSince1970: 1_700_000_000)
        let odd = "tab\there \\ \"q\"\nline"
        let rows = (0..<20_000).lazy.map { (i: Int) -> [SQLValue] in
            let name: SQLValue = .text(i % 7 == 0 ? odd : "name\(i)")
            let score: SQLValue = i % 5 == 0 ? .null : .double(Double(i) / 4)
            return [.int(Int64(i)), name, score, .date(when)]
        }
        #expect(try conn.bulkInsert(table: "b", columns: ["k", "name", "score", "at"], rows: rows) == 20_000)
        #expect(try conn.queryOne("SELECT count(*) AS c FROM b")?.int("c") == 20_000)
        #expect(try conn.queryOne("SELECT name FROM b WHERE k = 7")?.string("name") == "tab\there \\ \"q\"\nline")
        #expect(try conn.queryOne("SELECT score, at FROM b WHERE k = 5")?.optionalDouble("score") == nil)
        #expect(try conn.queryOne("SELECT at FROM b WHERE k = 6")?.date("at") == when)

        let bad: [[SQLValue]] = [[.int(100_000), .text("ok"), .null, .null], [.int(100_001), .null, .null, .null]]
        #expect(throws: StoreError.self) { try conn.bulkInsert(table: "b", columns: ["k", "name", "score", "at"], rows: bad) }
        #expect(try conn.queryOne("SELECT count(*) AS c FROM b")?.int("c") == 20_000)
        // Still usable after the failed load.
        #expect(try conn.bulkInsert(table: "b", columns: ["k", "name", "score", "at"], rows: [bad[0]]) == 1)
    }
}
