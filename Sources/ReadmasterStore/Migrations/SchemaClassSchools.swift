/// Migration 6: a class name is unique within its school and academic year, not across
/// the district (two schools both have a "3B"; next year's 3B is another class).
enum SchemaClassSchools {
    /// The key the unique index and the import's upsert share (same expressions, or
    /// the database cannot match the conflict to the index).
    static let key = "lower(name), lower(coalesce(school_name, '')), coalesce(academic_year, '')"

    static let definition = MigrationDefinition(
        version: 6, name: "class_school_year", summary: "a class name is unique within its school and academic year, not across the district",
        enums: [],
        tables: [],
        up: """
        DROP INDEX classes_name_key;
        CREATE UNIQUE INDEX classes_school_year_name_key ON classes (\(key));
        CREATE INDEX classes_school_idx ON classes (school_name, academic_year);
        """,
        down: """
        DROP INDEX classes_school_idx;
        DROP INDEX classes_school_year_name_key;
        CREATE UNIQUE INDEX classes_name_key ON classes (lower(name));
        """)

    /// This file's migrations, for the registry (`Migrations.definitions`).
    static var definitions: [MigrationDefinition] { [definition] }
}
