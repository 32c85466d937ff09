import Foundation
import ReadmasterStore

/// The two backends every storage, migration and end-to-end test runs against. Tests
/// take a `Backend` argument, so one parameterized suite covers both.
public enum Backend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    public enum Unavailable: Error, CustomStringConvertible {
        case noServer
        public var description: String {
            "READMASTER_TEST_PG is not set: run the tests through scripts/test.sh, which starts a PostgreSQL server"
        }
    }

    /// A fresh, empty database of this backend: a new SQLite file, or a new PostgreSQL
    /// database on the test server. `drop` removes it.
    public func freshDatabase() throws -> TestDatabase {
        let tag = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("readmaster-test-\(tag)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return TestDatabase(url: "sqlite:\(dir.path)/test.db", cleanup: { try? FileManager.default.removeItem(at: dir) })
        case .postgres:
            guard let admin = ProcessInfo.processInfo.environment["READMASTER_TEST_PG"], !admin.isEmpty else { throw Unavailable.noServer }
            let name = "rmtest_\(tag)"
            let conn = try Database.open(try DatabaseURL(admin))
            try conn.executeScript("CREATE DATABASE \(name)")
            conn.close()
            let url = admin.replacingOccurrences(of: "/postgres?", with: "/\(name)?")
            return TestDatabase(url: url, cleanup: {
                if let c = try? Database.open(try DatabaseURL(admin)) {
                    try? c.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                    c.close()
                }
            })
        }
    }
}

/// A throwaway database for one test.
public final class TestDatabase: @unchecked Sendable {
    public let url: String
    private let cleanup: @Sendable () -> Void

    init(url: String, cleanup: @escaping @Sendable () -> Void) {
        self.url = url
        self.cleanup = cleanup
    }

    public func connect() throws -> any Connection { try Database.open(try DatabaseURL(url)) }

    public func drop() { cleanup() }

    deinit { cleanup() }
}
