/// Migration 2: reading passages, their comprehension questions, and assignments of
/// a passage to a student or a whole class (seed 000, seed 002 due dates).
enum SchemaReadings {
    static let definition = MigrationDefinition(
        version: 2, name: "readings", summary: "passages, their quiz questions, assignments",
        enums: [
            ("difficulty_level", ["easy", "medium", "hard"]),
        ],
        tables: ["readings", "quiz_questions", "assignments"],
        up: """
        CREATE TABLE readings (
            id @id,
            title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
            content TEXT NOT NULL,
            language TEXT NOT NULL DEFAULT 'en',
            genre TEXT,
            age_category TEXT,
            difficulty @enum(difficulty_level, difficulty),
            grade_level INTEGER CHECK (grade_level BETWEEN 0 AND 12),
            word_count INTEGER NOT NULL DEFAULT 0 CHECK (word_count >= 0),
            readability_grade @real,
            content_image_url TEXT,
            added_by @uuid REFERENCES users (id) ON DELETE SET NULL,
            created_at @ts NOT NULL DEFAULT @now,
            updated_at @ts NOT NULL DEFAULT @now
        );
        -- The natural key used by imports: title + language.
        CREATE UNIQUE INDEX readings_title_language_key ON readings (lower(title), language);
        CREATE INDEX readings_filter_idx ON readings (language, difficulty, genre);
        CREATE INDEX readings_grade_idx ON readings (grade_level);
        CREATE INDEX readings_added_by_idx ON readings (added_by);

        CREATE TABLE quiz_questions (
            id @id,
            reading_id @uuid NOT NULL REFERENCES readings (id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            question_text TEXT NOT NULL,
            options @json(options) NOT NULL,
            correct_option_id TEXT NOT NULL,
            explanation TEXT,
            language TEXT NOT NULL DEFAULT 'en',
            added_by @uuid REFERENCES users (id) ON DELETE SET NULL,
            created_at @ts NOT NULL DEFAULT @now
        );
        CREATE INDEX quiz_questions_reading_idx ON quiz_questions (reading_id, position);
        CREATE INDEX quiz_questions_added_by_idx ON quiz_questions (added_by);

        CREATE TABLE assignments (
            id @id,
            reading_id @uuid NOT NULL REFERENCES readings (id) ON DELETE CASCADE,
            student_id @uuid REFERENCES users (id) ON DELETE CASCADE,
            class_id @uuid REFERENCES classes (id) ON DELETE CASCADE,
            assigned_by @uuid REFERENCES users (id) ON DELETE SET NULL,
            due_at @ts,
            note TEXT,
            created_at @ts NOT NULL DEFAULT @now,
            CHECK ((student_id IS NULL) <> (class_id IS NULL))
        );
        CREATE INDEX assignments_reading_idx ON assignments (reading_id);
        CREATE INDEX assignments_student_idx ON assignments (student_id, due_at);
        CREATE INDEX assignments_class_idx ON assignments (class_id, due_at);
        CREATE INDEX assignments_assigned_by_idx ON assignments (assigned_by);
        """)

    /// This file's migrations, for the registry (`Migrations.definitions`).
    static var definitions: [MigrationDefinition] { [definition] }
}
