/// Migration 1: people and their relations (seed 000 core, seed 002 enrollment status
/// and audit log), notifications and system configuration.
enum SchemaPeople {
    static let definition = MigrationDefinition(
        version: 1, name: "people", summary: "people and their links, classes and enrollments, notifications, settings, the audit log",
        enums: [
            ("user_role", ["student", "parent", "teacher", "admin"]),
            ("enrollment_status", ["active", "inactive", "suspended", "completed"]),
            ("notification_type", ["assignment", "result", "achievement", "goal", "reminder", "system"]),
        ],
        tables: ["users", "parents_students", "classes", "teachers_classes", "class_enrollments",
                 "enrollment_events", "notifications", "system_configurations", "audit_log"],
        up: """
        CREATE TABLE users (
            id @id,
            email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
            role @enum(user_role, role) NOT NULL,
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            preferred_language TEXT NOT NULL DEFAULT 'en',
            grade_level INTEGER CHECK (grade_level BETWEEN 0 AND 12),
            timezone TEXT NOT NULL DEFAULT 'UTC',
            is_active @bool NOT NULL DEFAULT true,
            password_hash TEXT,
            created_at @ts NOT NULL DEFAULT @now,
            updated_at @ts NOT NULL DEFAULT @now
        );
        CREATE UNIQUE INDEX users_email_key ON users (lower(email));
        CREATE INDEX users_role_idx ON users (role);
        CREATE INDEX users_last_name_idx ON users (last_name, first_name);

        CREATE TABLE parents_students (
            parent_id @uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            student_id @uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            relationship_type TEXT NOT NULL DEFAULT 'guardian'
                CHECK (relationship_type IN ('mother', 'father', 'guardian', 'grandparent', 'other')),
            linked_at @ts NOT NULL DEFAULT @now,
            PRIMARY KEY (parent_id, student_id),
            CHECK (parent_id <> student_id)
        );
        CREATE INDEX parents_students_student_idx ON parents_students (student_id);

        CREATE TABLE classes (
            id @id,
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
            grade_level INTEGER CHECK (grade_level BETWEEN 0 AND 12),
            school_name TEXT,
            academic_year TEXT,
            max_students INTEGER NOT NULL DEFAULT 30 CHECK (max_students > 0),
            description TEXT,
            is_active @bool NOT NULL DEFAULT true,
            created_by @uuid REFERENCES users (id) ON DELETE SET NULL,
            created_at @ts NOT NULL DEFAULT @now,
            updated_at @ts NOT NULL DEFAULT @now
        );
        CREATE UNIQUE INDEX classes_name_key ON classes (lower(name));
        CREATE INDEX classes_created_by_idx ON classes (created_by);
        CREATE INDEX classes_grade_idx ON classes (grade_level);

        CREATE TABLE teachers_classes (
            teacher_id @uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            class_id @uuid NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
            is_primary @bool NOT NULL DEFAULT false,
            assigned_at @ts NOT NULL DEFAULT @now,
            PRIMARY KEY (teacher_id, class_id)
        );
        CREATE INDEX teachers_classes_class_idx ON teachers_classes (class_id);

        CREATE TABLE class_enrollments (
            id @id,
            class_id @uuid NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
            student_id @uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            status @enum(enrollment_status, status) NOT NULL DEFAULT 'active',
            enrolled_at @ts NOT NULL DEFAULT @now,
            ended_at @ts
        );
        -- At most one active class per student.
        CREATE UNIQUE INDEX class_enrollments_one_active ON class_enrollments (student_id) WHERE status = 'active';
        CREATE INDEX class_enrollments_class_idx ON class_enrollments (class_id, status);
        CREATE INDEX class_enrollments_student_idx ON class_enrollments (student_id);

        CREATE TABLE enrollment_events (
            id @serial,
            enrollment_id @uuid NOT NULL REFERENCES class_enrollments (id) ON DELETE CASCADE,
            from_status @enum(enrollment_status, from_status),
            to_status @enum(enrollment_status, to_status) NOT NULL,
            changed_by @uuid REFERENCES users (id) ON DELETE SET NULL,
            changed_at @ts NOT NULL DEFAULT @now
        );
        CREATE INDEX enrollment_events_enrollment_idx ON enrollment_events (enrollment_id);
        CREATE INDEX enrollment_events_changed_by_idx ON enrollment_events (changed_by);

        CREATE TABLE notifications (
            id @id,
            user_id @uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            type @enum(notification_type, type) NOT NULL,
            title TEXT NOT NULL,
            message TEXT NOT NULL,
            related_entity_id @uuid,
            data @json(data),
            is_read @bool NOT NULL DEFAULT false,
            created_at @ts NOT NULL DEFAULT @now,
            read_at @ts
        );
        CREATE INDEX notifications_user_idx ON notifications (user_id, created_at);
        CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE is_read = false;

        CREATE TABLE system_configurations (
            key TEXT PRIMARY KEY,
            value @json(value) NOT NULL,
            description TEXT,
            updated_by @uuid REFERENCES users (id) ON DELETE SET NULL,
            updated_at @ts NOT NULL DEFAULT @now
        );
        CREATE INDEX system_configurations_updated_by_idx ON system_configurations (updated_by);

        CREATE TABLE audit_log (
            id @serial,
            actor_id @uuid REFERENCES users (id) ON DELETE SET NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            entity_type TEXT NOT NULL,
            entity_id TEXT,
            details @json(details),
            created_at @ts NOT NULL DEFAULT @now
        );
        CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
        CREATE INDEX audit_log_actor_idx ON audit_log (actor_id);
        CREATE INDEX audit_log_created_idx ON audit_log (created_at);
        """)

    /// This file's migrations, for the registry (`Migrations.definitions`).
    static var definitions: [MigrationDefinition] { [definition] }
}
