import Foundation
import ReadmasterStore
import Testing

@Suite("Connecting and URLs")
struct ConnectionFailureTests {
    @Test("an unreachable PostgreSQL server is reported with the password redacted")
    func unreachablePostgres() throws {
        let url = try DatabaseURL("postgres://admin:hunter2@127.0.0.1:1/app")
        do {
            _ = try Database.open(url)
            Issue.record("connected to nothing")
        } catch let error as StoreError {
            guard case .unavailable = error else { Issue.record("wrong error \(error)"); return }
            let text = "\(error)"
            #expect(!text.contains("hunter2"))
            #expect(text.contains("postgres://admin:***@127.0.0.1:1/app"))
            #expect(!text.contains("\n"))
        }
    }

    @Test("SQLite: connections opened at the same moment on a new file all open, and it is in WAL mode")
    func concurrentOpen() throws {
        for round in 0..<40 {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("concurrent-open-\(UUID())")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let url = try DatabaseURL("sqlite:\(dir.path)/t.db")
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do { try Database.open(url).close() } catch { failures.add("\(error)") }
            }
            #expect(failures.all.isEmpty, "round \(round): \(failures.all)")
            let conn = try Database.open(url)
            #expect(try conn.queryOne("PRAGMA journal_mode")?.string("journal_mode") == "wal")
            conn.close()
        }
    }

    /// Errors collected from several threads.
    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
    }

    @Test("SQLite: a missing folder and a file that is not a database are unavailable")
    func badSQLite() throws {
        #expect(throws: StoreError.self) { _ = try Database.open(try DatabaseURL("sqlite:/nonexistent-dir/x/y.db")) }
        let junk = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(UUID()).db")
        try Data(repeating: 0x41, count: 4096).write(to: junk)
        defer { try? FileManager.default.removeItem(at: junk) }
        do {
            _ = try Database.open(try DatabaseURL(junk.path))
            Issue.record("opened a file that is not a database")
        } catch let StoreError.unavailable(_, message) {
            #expect(message.contains("not a database"))
        }
    }

    @Test("URL forms and redaction")
    func urls() throws {
        #expect(try DatabaseURL("sqlite:data/x.db").kind == .sqlite(path: "data/x.db"))
        #expect(try DatabaseURL("sqlite:///abs/x.db").kind == .sqlite(path: "/abs/x.db"))
        #expect(try DatabaseURL("plain.db").kind == .sqlite(path: "plain.db"))
        #expect(try DatabaseURL("postgresql://u@h/db").dialect == .postgres)
        #expect(throws: StoreError.self) { _ = try DatabaseURL("mysql://u:p@h/db") }
        #expect(throws: StoreError.self) { _ = try DatabaseURL("sqlite:") }
        #expect(DatabaseURL.redact("postgres://u:p%40ss@h:5432/db?sslmode=require") == "postgres://u:***@h:5432/db?sslmode=require")
        #expect(DatabaseURL.redact("postgresql:///db?host=/tmp&password=s3cret&user=x") == "postgresql:///db?host=/tmp&password=***&user=x")
        #expect(DatabaseURL.redact("postgres://u@h/db") == "postgres://u@h/db")
        let resolved = try DatabaseURL.resolve(option: nil, environment: ["DATABASE_URL": "postgres://a@b/c"])
        #expect(resolved.dialect == .postgres)
        #expect(try DatabaseURL.resolve(option: nil, environment: [:]).raw == "sqlite:readmaster.db")
        #expect(try DatabaseURL.resolve(option: "x.db", environment: ["READMASTER_DB": "postgres://a@b/c"]).raw == "x.db")
    }

    @Test("timestamps round-trip through their text form")
    func timestamps() throws {
        let d = Date(timeIntervalSince1970: 1_774_000_000.123)
        #expect(Timestamp.format(d) == "2026-03-20T09:46:40.123Z")
        #expect(Timestamp.parse(Timestamp.format(d)) == Date(timeIntervalSince1970: 1_774_000_000.123))
        #expect(Timestamp.parse("2026-03-20 11:46:40.123+02") == Date(timeIntervalSince1970: 1_774_000_000.123))
        #expect(Timestamp.parse("2026-03-20") == Date(timeIntervalSince1970: 1_773_964_800))
        #expect(Timestamp.parse("1969-12-31T23:59:59Z") == Date(timeIntervalSince1970: -1))
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(Timestamp.parse("2026-13-01") == nil)
        #expect(Timestamp.parse("yesterday") == nil)
    }
}
