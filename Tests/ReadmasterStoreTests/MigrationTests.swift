import Foundation
import ReadmasterStore
import ReadmasterTestSupport
import Testing

@Suite("Migrations on both backends")
struct MigrationTests {
    /// Every table of the data model (man page, DATA MODEL).
    static let modelTables = [
        "users", "parents_students", "classes", "teachers_classes", "class_enrollments", "enrollment_events",
        "notifications", "system_configurations", "audit_log", "readings", "quiz_questions", "assignments",
        "assessments", "assessment_results", "result_words", "result_corrections", "student_quiz_answers",
        "progress_tracking", "reading_goals", "reading_levels", "achievements", "user_achievements",
        "user_stats", "daily_activity", "assessment_audio",
    ]

    @Test("up applies every migration and creates the whole data model", arguments: Backend.allCases)
    func upCreatesModel(backend: Backend) throws {
        let db = try backend.freshDatabase()
        let conn = try db.connect()
        let migrator = Migrator(conn)
        #expect(throws: StoreError.self) { try migrator.requireCurrent() }
        let applied = try migrator.up()
        // Every migration this binary knows, numbered from 1 without gaps, in order.
        #expect(applied.map(\.version) == Array(1...Migrations.all(for: conn.dialect).count))
        for table in Self.modelTables { #expect(try conn.tableExists(table), "missing table \(table)") }
        #expect(try migrator.status().allSatisfy { $0.state == .applied })
        try migrator.requireCurrent()
        #expect(try migrator.up().isEmpty, "a second up applies nothing")
    }

    @Test("down then up round-trips, one step and all the way", arguments: Backend.allCases)
    func roundTrip(backend: Backend) throws {
        let db = try backend.freshDatabase()
        let conn = try db.connect()
        let migrator = Migrator(conn)
        // Up to migration 6, whatever came later: the steps below go down from it.
        try migrator.up(to: 6)
        // 6 changes an index, not a table: down restores the district-wide unique name.
        let c6 = UUID(), c7 = UUID()
        try conn.execute("INSERT INTO classes (id, name, school_name) VALUES ($1, '3B', 'North')", [.uuid(c6)])
        try conn.execute("INSERT INTO classes (id, name, school_name) VALUES ($1, '3b', 'South')", [.uuid(c7)])
        #expect(throws: StoreError.self, "the same name in one school and year") {
            try conn.execute("INSERT INTO classes (id, name, school_name) VALUES ($1, '3B', 'north')", [.uuid(UUID())])
        }
        #expect(throws: StoreError.self, "two 3Bs cannot go back to one name per district") { try migrator.down() }
        try conn.execute("DELETE FROM classes WHERE id = $1", [.uuid(c7)])
        #expect(try migrator.down().map(\.version) == [6])
        #expect(throws: StoreError.self) { try conn.execute("INSERT INTO classes (id, name, school_name) VALUES ($1, '3b', 'South')", [.uuid(c7)]) }
        try conn.execute("DELETE FROM classes")
        #expect(try migrator.down().map(\.version) == [5])
        #expect(!(try conn.tableExists("assessment_audio")))
        #expect(try conn.tableExists("assessments"))
        let pending = Migrations.all(for: conn.dialect).filter { $0.version > 4 }.map(\.id)
        #expect(Array(pending.prefix(2)) == ["0005_assessment_audio", "0006_class_school_year"])
        #expect(throws: StoreError.schemaOutOfDate(pending: pending)) { try migrator.requireCurrent() }
        #expect(throws: StoreError.schemaOutOfDate(pending: pending)) { try Migrator.requireCurrent(conn) }
        #expect(try migrator.down().map(\.version) == [4])
        #expect(!(try conn.tableExists("user_stats")))
        #expect(try migrator.down(steps: 3).map(\.version) == [3, 2, 1])
        for table in Self.modelTables { #expect(!(try conn.tableExists(table))) }
        #expect(throws: StoreError.self) { try migrator.down() }
        #expect(try migrator.up().count == Migrations.all(for: conn.dialect).count)
        try migrator.requireCurrent()
    }

    @Test("the schema enforces the data model's rules", arguments: Backend.allCases)
    func constraintsHold(backend: Backend) throws {
        let db = try backend.freshDatabase()
        let conn = try db.connect()
        try Migrator(conn).up()
        let student = UUID(), other = UUID(), classA = UUID(), classB = UUID()
        try conn.execute("INSERT INTO users (id, email, role, first_name, last_name) VALUES ($1, $2, $3, $4, $5)",
                         [.uuid(student), .text("Kid@School.org"), .text("student"), .text("Ana"), .text("Lee")])
        // Emails are unique case-insensitively.
        #expect(throws: StoreError.self) {
            try conn.execute("INSERT INTO users (id, email, role, first_name, last_name) VALUES ($1, $2, $3, $4, $5)",
                             [.uuid(other), .text("kid@school.org"), .text("student"), .text("B"), .text("C")])
        }
        // Roles are a closed set.
        #expect(throws: StoreError.self) {
            try conn.execute("INSERT INTO users (id, email, role, first_name, last_name) VALUES ($1, $2, $3, $4, $5)",
                             [.uuid(other), .text("x@y.org"), .text("wizard"), .text("B"), .text("C")])
        }
        for c in [classA, classB] {
            try conn.execute("INSERT INTO classes (id, name) VALUES ($1, $2)", [.uuid(c), .text("class-\(c.uuidString.prefix(4))")])
        }
        try conn.execute("INSERT INTO class_enrollments (class_id, student_id) VALUES ($1, $2)", [.uuid(classA), .uuid(student)])
        // At most one active class per student.
        #expect(throws: StoreError.self) {
            try conn.execute("INSERT INTO class_enrollments (class_id, student_id) VALUES ($1, $2)", [.uuid(classB), .uuid(student)])
        }
        try conn.execute("INSERT INTO class_enrollments (class_id, student_id, status) VALUES ($1, $2, $3)",
                         [.uuid(classB), .uuid(student), .text("completed")])
        // Foreign keys are enforced.
        #expect(throws: StoreError.self) {
            try conn.execute("INSERT INTO parents_students (parent_id, student_id) VALUES ($1, $2)", [.uuid(UUID()), .uuid(student)])
        }
        // JSON columns hold JSON only.
        #expect(throws: StoreError.self) {
            try conn.execute("INSERT INTO system_configurations (key, value) VALUES ($1, $2)", [.text("k"), .json("{not json")])
        }
        try conn.execute("INSERT INTO system_configurations (key, value) VALUES ($1, $2)", [.text("k"), .json(#"{"ok": true}"#)])
        // Defaults fill ids and timestamps on both dialects.
        let row = try conn.queryOne("SELECT id, enrolled_at FROM class_enrollments WHERE class_id = $1", [.uuid(classA)])
        #expect(try row?.optionalUUID("id") != nil)
        #expect(try row?.optionalDate("enrolled_at") != nil)
    }

    @Test("verify reports an applied migration whose text changed", arguments: Backend.allCases)
    func drift(backend: Backend) throws {
        let db = try backend.freshDatabase()
        let conn = try db.connect()
        try Migrator(conn).up()
        let edited = Migrations.all(for: conn.dialect).map { m in
            m.version == 2 ? Migration(version: 2, name: m.name, up: m.up + "-- edited\n", down: m.down) : m
        }
        let drifted = try Migrator(conn, migrations: edited).drifted()
        #expect(drifted.map(\.id) == ["0002_readings"])
        #expect(try Migrator(conn).drifted().isEmpty)
    }

    @Test("a failing migration leaves nothing half-applied", arguments: Backend.allCases)
    func failingMigration(backend: Backend) throws {
        let db = try backend.freshDatabase()
        let conn = try db.connect()
        let broken = Migrations.all(for: conn.dialect) + [
            Migration(version: 99, name: "broken", up: "CREATE TABLE half (x INTEGER);\nCREATE TABLE users (x INTEGER);\n", down: "DROP TABLE half;\n"),
        ]
        let migrator = Migrator(conn, migrations: broken)
        do {
            try migrator.up()
            Issue.record("the broken migration was applied")
        } catch let StoreError.migrationFailed(version, name, _) {
            #expect(version == 99 && name == "broken")
        }
        #expect(!(try conn.tableExists("half")))
        let states = try migrator.status().map { ($0.version, $0.state) }
        #expect(states.map(\.0) == Migrations.all(for: conn.dialect).map(\.version) + [99])
        #expect(states.last?.1 == .pending)
        #expect(states.dropLast().allSatisfy { $0.1 == .applied })
    }

    @Test("a migration this binary does not know is reported", arguments: Backend.allCases)
    func unknownMigration(backend: Backend) throws {
        let db = try backend.freshDatabase()
        let conn = try db.connect()
        let newer = Migrations.all(for: conn.dialect) + [Migration(version: 50, name: "future", up: "CREATE TABLE future (x INTEGER);\n", down: "DROP TABLE future;\n")]
        try Migrator(conn, migrations: newer).up()
        #expect(throws: StoreError.schemaTooNew(unknown: ["0050_future"])) { try Migrator(conn).requireCurrent() }
        #expect(throws: StoreError.schemaTooNew(unknown: ["0050_future"])) { try Migrator.requireCurrent(conn) }
    }

    @Test("concurrent up runs apply each migration once", arguments: Backend.allCases)
    func concurrentUp(backend: Backend) async throws {
        let db = try backend.freshDatabase()
        let url = db.url
        let results = await withTaskGroup(of: Result<Int, any Error>.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    Result { try Migrator(try Database.open(try DatabaseURL(url))).up().count }
                }
            }
            var all: [Result<Int, any Error>] = []
            for await r in group { all.append(r) }
            return all
        }
        let counts = try results.map { try $0.get() }
        let conn = try db.connect()
        let known = Int64(Migrations.all(for: conn.dialect).count)
        #expect(Int64(counts.reduce(0, +)) == known, "each migration applied exactly once across runs: \(counts)")
        #expect(try conn.queryOne("SELECT count(*) AS c FROM schema_migrations")?.int("c") == known)
    }

    @Test("rendered SQL keeps dialect tokens out and dialect features in")
    func rendering() {
        let pg = Migrations.all(for: .postgres).map(\.up).joined()
        let lite = Migrations.all(for: .sqlite).map(\.up).joined()
        for sql in [pg, lite] {
            for token in ["@id", "@uuid", "@ts", "@json", "@enum", "@now", "@bool", "@real", "@pg", "@sqlite", "@serial"] {
                #expect(!sql.contains(token), "unrendered \(token)")
            }
        }
        #expect(pg.contains("CREATE TYPE user_role AS ENUM"))
        #expect(pg.contains("USING gin"))
        #expect(pg.contains("timestamptz") && pg.contains("jsonb"))
        #expect(!lite.contains("CREATE TYPE") && !lite.contains("jsonb") && !lite.contains("USING gin"))
        #expect(lite.contains("CHECK (role IN ('student', 'parent', 'teacher', 'admin'))"))
        #expect(lite.contains("json_valid("))
        // Checksums are stable for the same text and differ between dialects.
        #expect(Migrations.all(for: .sqlite).map(\.checksum) == Migrations.all(for: .sqlite).map(\.checksum))
        #expect(Migrations.all(for: .sqlite)[0].checksum != Migrations.all(for: .postgres)[0].checksum)
    }
}
