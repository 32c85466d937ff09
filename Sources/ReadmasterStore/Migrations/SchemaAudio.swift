/// Migration 5: recordings stored in the database with their queued assessment
/// (`assess analyze --enqueue --store-audio`), so that `assess worker` on a machine
/// that cannot see the file still has the audio. A table of its own keeps the
/// assessments table's rows small for the queue's scans.
enum SchemaAudio {
    static let definition = MigrationDefinition(
        version: 5, name: "assessment_audio", summary: "recordings stored for the work queue",
        enums: [],
        tables: ["assessment_audio"],
        up: """
        CREATE TABLE assessment_audio (
            assessment_id @uuid PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
            file_name TEXT NOT NULL CHECK (length(file_name) > 0),
            data @bytes NOT NULL,
            created_at @ts NOT NULL DEFAULT @now
        );
        """)

    /// This file's migrations, for the registry (`Migrations.definitions`).
    static var definitions: [MigrationDefinition] { [definition] }
}
