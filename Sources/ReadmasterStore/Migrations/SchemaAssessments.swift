/// Migration 3: assessments (also the work queue for `assess worker`), engine results
/// with their headline numbers as columns, one row per passage word, teacher
/// corrections (seed 004) and quiz answers.
enum SchemaAssessments {
    static let definition = MigrationDefinition(
        version: 3, name: "assessments", summary: "recordings (also the work queue), engine results, one row per passage word, teachers' corrections, quiz answers",
        enums: [
            ("assessment_status", ["pending_audio", "processing", "completed", "error", "dead"]),
            ("word_status", ["correct", "substitution", "omission", "mispronunciation", "hesitation", "not_attempted"]),
        ],
        tables: ["assessments", "assessment_results", "result_words", "result_corrections", "student_quiz_answers"],
        up: """
        CREATE TABLE assessments (
            id @id,
            student_id @uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            reading_id @uuid NOT NULL REFERENCES readings (id) ON DELETE RESTRICT,
            assignment_id @uuid REFERENCES assignments (id) ON DELETE SET NULL,
            assigned_by @uuid REFERENCES users (id) ON DELETE SET NULL,
            status @enum(assessment_status, status) NOT NULL DEFAULT 'pending_audio',
            audio_path TEXT,
            audio_sha256 TEXT CHECK (audio_sha256 IS NULL OR length(audio_sha256) = 64),
            audio_duration_s @real CHECK (audio_duration_s IS NULL OR audio_duration_s >= 0),
            transcript TEXT,
            error_message TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_until @ts,
            assessment_date @ts NOT NULL DEFAULT @now,
            created_at @ts NOT NULL DEFAULT @now,
            updated_at @ts NOT NULL DEFAULT @now
        );
        CREATE INDEX assessments_student_date_idx ON assessments (student_id, assessment_date);
        CREATE INDEX assessments_status_idx ON assessments (status);
        CREATE INDEX assessments_reading_idx ON assessments (reading_id);
        CREATE INDEX assessments_assignment_idx ON assessments (assignment_id);
        CREATE INDEX assessments_assigned_by_idx ON assessments (assigned_by);
        CREATE INDEX assessments_audio_idx ON assessments (audio_sha256, reading_id);
        -- The work queue: only unfinished jobs, in arrival order.
        CREATE INDEX assessments_queue_idx ON assessments (created_at) WHERE status IN ('pending_audio', 'processing');

        CREATE TABLE assessment_results (
            id @id,
            assessment_id @uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
            analysis @json(analysis) NOT NULL,
            wcpm @real,
            accuracy @real,
            fluency @real,
            prosody @real,
            pronunciation @real,
            comprehension @real,
            overall @real,
            confidence @real CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
            engine_version TEXT NOT NULL,
            created_at @ts NOT NULL DEFAULT @now
        );
        CREATE UNIQUE INDEX assessment_results_assessment_key ON assessment_results (assessment_id);
        -- The low-confidence review queue (seed 004).
        CREATE INDEX assessment_results_review_idx ON assessment_results (confidence) WHERE confidence < 0.8;
        @pg CREATE INDEX assessment_results_analysis_gin ON assessment_results USING gin (analysis);

        CREATE TABLE result_words (
            result_id @uuid NOT NULL REFERENCES assessment_results (id) ON DELETE CASCADE,
            word_index INTEGER NOT NULL CHECK (word_index >= 0),
            expected TEXT NOT NULL,
            status @enum(word_status, status) NOT NULL,
            heard TEXT,
            start_s @real,
            end_s @real,
            score @real,
            PRIMARY KEY (result_id, word_index)
        );
        -- "The words this class misses most": filter by status, group by word.
        CREATE INDEX result_words_missed_idx ON result_words (expected) WHERE status <> 'correct';

        CREATE TABLE result_corrections (
            id @id,
            result_id @uuid NOT NULL REFERENCES assessment_results (id) ON DELETE CASCADE,
            teacher_id @uuid REFERENCES users (id) ON DELETE SET NULL,
            original @json(original) NOT NULL,
            corrected @json(corrected) NOT NULL,
            wcpm @real,
            prosody_level INTEGER CHECK (prosody_level IS NULL OR prosody_level BETWEEN 1 AND 4),
            note TEXT,
            created_at @ts NOT NULL DEFAULT @now
        );
        CREATE INDEX result_corrections_result_idx ON result_corrections (result_id, created_at);
        CREATE INDEX result_corrections_teacher_idx ON result_corrections (teacher_id);
        CREATE INDEX result_corrections_created_idx ON result_corrections (created_at);

        CREATE TABLE student_quiz_answers (
            id @id,
            assessment_id @uuid REFERENCES assessments (id) ON DELETE SET NULL,
            question_id @uuid NOT NULL REFERENCES quiz_questions (id) ON DELETE CASCADE,
            student_id @uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            selected_option_id TEXT NOT NULL,
            is_correct @bool NOT NULL,
            answered_at @ts NOT NULL DEFAULT @now
        );
        CREATE INDEX student_quiz_answers_student_idx ON student_quiz_answers (student_id, answered_at);
        CREATE INDEX student_quiz_answers_question_idx ON student_quiz_answers (question_id);
        CREATE INDEX student_quiz_answers_assessment_idx ON student_quiz_answers (assessment_id);
        """)

    /// This file's migrations, for the registry (`Migrations.definitions`).
    static var definitions: [MigrationDefinition] { [definition] }
}
