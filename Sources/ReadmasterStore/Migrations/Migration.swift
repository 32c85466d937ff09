/// One versioned schema change, rendered for one dialect. `checksum` is computed over
/// the rendered `up` text, so `migrate verify` notices when the text of an applied
/// migration changes.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    /// What it changes, in a line (the man page's DATA MODEL lists it).
    public let summary: String
    public let up: String
    public let down: String
    /// The tables `down` drops, whose rows it destroys.
    public let drops: [String]

    public init(version: Int, name: String, summary: String = "", up: String, down: String, drops: [String] = []) {
        self.version = version
        self.name = name
        self.summary = summary
        self.up = up
        self.down = down
        self.drops = drops
    }

    public var id: String { MigrationID.format(version, name) }
    public var checksum: String { SHA256.hex(up) }
}

/// The compiled-in migration set. Each migration is written once as a schema template
/// (see `SchemaTemplate`) and rendered per dialect: PostgreSQL gets enum types, uuid,
/// timestamptz, jsonb and GIN indexes; SQLite gets CHECK constraints, text UUIDs,
/// ISO-8601 text timestamps and `json_valid` checks.
public enum Migrations {
    public static func all(for dialect: Dialect) -> [Migration] {
        definitions.map { def in
            Migration(version: def.version, name: def.name, summary: def.summary,
                      up: SchemaTemplate.render(def.up, enums: def.enums, dialect: dialect),
                      down: def.down.map { SchemaTemplate.render($0, enums: def.enums, dialect: dialect) }
                          ?? SchemaTemplate.renderDown(tables: def.tables, enums: def.enums, dialect: dialect),
                      drops: def.tables)
        }
    }

    /// Every migration in version order. Each schema file holds the migrations of its
    /// own tables, so a later change to a table is written beside the one that made it.
    static let definitions: [MigrationDefinition] = (
        SchemaPeople.definitions + SchemaReadings.definitions + SchemaAssessments.definitions + SchemaProgress.definitions
            + SchemaAudio.definitions + SchemaClassSchools.definitions
    ).sorted { $0.version < $1.version }
}

/// A migration as written: the template text, the enum types it introduces (values in
/// order) and the tables it creates (dropped in reverse by `down`).
struct MigrationDefinition: Sendable {
    let version: Int
    let name: String
    let summary: String
    let enums: [(String, [String])]
    let tables: [String]
    let up: String
    /// A migration that changes rather than creates tables says how to undo it.
    var down: String? = nil
}
