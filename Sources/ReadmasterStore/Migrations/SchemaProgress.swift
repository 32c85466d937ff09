/// Migration 4: progress roll-ups, reading goals (seed 004 skill targets) and
/// gamification: reading levels, achievements, XP and streak counters, daily activity
/// (seeds 001 and 002).
enum SchemaProgress {
    static let definition = MigrationDefinition(
        version: 4, name: "progress", summary: "progress roll-ups, goals, reading levels, achievements, XP and streaks",
        enums: [
            ("goal_metric", ["wcpm", "accuracy", "prosody", "comprehension"]),
        ],
        tables: ["progress_tracking", "reading_goals", "reading_levels", "achievements",
                 "user_achievements", "user_stats", "daily_activity"],
        up: """
        CREATE TABLE progress_tracking (
            id @id,
            student_id @uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            metric TEXT NOT NULL,
            period TEXT NOT NULL CHECK (period IN ('day', 'week', 'month', 'term', 'year')),
            period_start @date NOT NULL,
            period_end @date NOT NULL,
            value @real NOT NULL,
            sample_count INTEGER NOT NULL DEFAULT 0,
            last_calculated_at @ts NOT NULL DEFAULT @now,
            CHECK (period_end >= period_start)
        );
        CREATE UNIQUE INDEX progress_tracking_key ON progress_tracking (student_id, metric, period, period_start);

        CREATE TABLE reading_goals (
            id @id,
            student_id @uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            metric @enum(goal_metric, metric) NOT NULL,
            target @real NOT NULL,
            baseline @real,
            start_date @date NOT NULL DEFAULT @today,
            due_date @date NOT NULL,
            created_by @uuid REFERENCES users (id) ON DELETE SET NULL,
            note TEXT,
            completed_at @ts,
            created_at @ts NOT NULL DEFAULT @now,
            CHECK (due_date >= start_date)
        );
        CREATE INDEX reading_goals_active_idx ON reading_goals (student_id) WHERE completed_at IS NULL;
        CREATE INDEX reading_goals_student_idx ON reading_goals (student_id, due_date);
        CREATE INDEX reading_goals_created_by_idx ON reading_goals (created_by);

        CREATE TABLE reading_levels (
            id @id,
            ordinal INTEGER NOT NULL UNIQUE CHECK (ordinal >= 1),
            name TEXT NOT NULL UNIQUE,
            description TEXT,
            unlock_xp INTEGER NOT NULL CHECK (unlock_xp >= 0),
            created_at @ts NOT NULL DEFAULT @now
        );

        CREATE TABLE achievements (
            id @id,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            description TEXT NOT NULL,
            criteria @json(criteria) NOT NULL,
            xp_reward INTEGER NOT NULL DEFAULT 0 CHECK (xp_reward >= 0),
            created_at @ts NOT NULL DEFAULT @now
        );

        CREATE TABLE user_achievements (
            user_id @uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            achievement_id @uuid NOT NULL REFERENCES achievements (id) ON DELETE CASCADE,
            awarded_at @ts NOT NULL DEFAULT @now,
            PRIMARY KEY (user_id, achievement_id)
        );
        CREATE INDEX user_achievements_achievement_idx ON user_achievements (achievement_id);

        CREATE TABLE user_stats (
            user_id @uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
            xp INTEGER NOT NULL DEFAULT 0 CHECK (xp >= 0),
            level_id @uuid REFERENCES reading_levels (id) ON DELETE SET NULL,
            current_streak INTEGER NOT NULL DEFAULT 0 CHECK (current_streak >= 0),
            best_streak INTEGER NOT NULL DEFAULT 0 CHECK (best_streak >= 0),
            last_active_date @date,
            updated_at @ts NOT NULL DEFAULT @now
        );
        CREATE INDEX user_stats_level_idx ON user_stats (level_id);
        CREATE INDEX user_stats_xp_idx ON user_stats (xp);

        CREATE TABLE daily_activity (
            user_id @uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            activity_date @date NOT NULL,
            assessments INTEGER NOT NULL DEFAULT 0,
            quiz_answers INTEGER NOT NULL DEFAULT 0,
            xp_earned INTEGER NOT NULL DEFAULT 0,
            reading_seconds @real NOT NULL DEFAULT 0,
            PRIMARY KEY (user_id, activity_date)
        );
        CREATE INDEX daily_activity_date_idx ON daily_activity (activity_date);
        """)

    /// This file's migrations, for the registry (`Migrations.definitions`).
    static var definitions: [MigrationDefinition] { [definition] }
}
