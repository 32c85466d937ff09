/// Loads a large table faster by taking its indexes and foreign keys off for the load
/// and putting them back after, inside the same transaction, so they are checked and
/// built once over all rows instead of row by row. The definitions come from the
/// database's own catalog, so nothing here repeats the schema.
enum BulkLoadWindow {
    static func around<T>(_ table: String, on c: any Connection, _ load: () throws -> T) throws -> T {
        switch c.dialect {
        case .postgres:
            // A key other tables' foreign keys depend on must stay.
            let constraints = try c.query("""
                SELECT k.conname, pg_get_constraintdef(k.oid) AS def, k.contype FROM pg_constraint k
                WHERE k.conrelid = $1::regclass AND k.contype IN ('p', 'f', 'u')
                  AND NOT (k.contype IN ('p', 'u') AND EXISTS (SELECT 1 FROM pg_constraint r WHERE r.confrelid = k.conrelid AND r.contype = 'f'))
                ORDER BY k.contype DESC
                """, [.text(table)]).map { (try $0.string("conname"), try $0.string("def"), try $0.string("contype")) }
            let indexes = try c.query("""
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                WHERE i.schemaname = current_schema() AND i.tablename = $1
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname AND k.conrelid = $1::regclass)
                """, [.text(table)]).map { (try $0.string("indexname"), try $0.string("indexdef")) }
            for (name, _, _) in constraints { try c.executeScript("ALTER TABLE \(table) DROP CONSTRAINT \(name)") }
            for (name, _) in indexes { try c.executeScript("DROP INDEX \(name)") }
            let result = try load()
            // Keys first (foreign keys elsewhere may need them), then plain indexes.
            for (name, def, _) in constraints.sorted(by: { $0.2 == "p" && $1.2 != "p" }) {
                try c.executeScript("ALTER TABLE \(table) ADD CONSTRAINT \(name) \(def)")
            }
            for (_, def) in indexes { try c.executeScript(def) }
            return result
        case .sqlite:
            let indexes = try c.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL",
                                      [.text(table)]).map { (try $0.string("name"), try $0.string("sql")) }
            for (name, _) in indexes { try c.executeScript("DROP INDEX \(name)") }
            let result = try load()
            for (_, sql) in indexes { try c.executeScript(sql) }
            return result
        }
    }
}
