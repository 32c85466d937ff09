import Foundation
import ReadmasterCore

/// Writes a deterministic, relationally consistent data set through the bulk paths:
/// COPY on PostgreSQL, one prepared statement per table on SQLite, all in one
/// transaction. The same plan gives the same rows (ids included) on both backends.
public struct Seeder {
    public let connection: any Connection
    public let plan: SeedPlan

    public init(_ connection: any Connection, plan: SeedPlan) {
        self.connection = connection
        self.plan = plan
    }

    /// Every table that holds data, parents before children.
    public static let tables = [
        "users", "parents_students", "classes", "teachers_classes", "class_enrollments", "enrollment_events",
        "notifications", "system_configurations", "audit_log", "readings", "quiz_questions", "assignments",
        "assessments", "assessment_results", "result_words", "result_corrections", "student_quiz_answers",
        "progress_tracking", "reading_goals", "reading_levels", "achievements", "user_achievements", "user_stats", "daily_activity",
        "assessment_audio",
    ]

    public static let markerKey = "seed"

    /// What the database holds now: nothing, a seed (with its description), or other data.
    public enum Contents: Equatable { case empty, seeded(String), other }

    public static func contents(_ c: any Connection) throws -> Contents {
        if let marker = try c.queryOne("SELECT value FROM system_configurations WHERE key = $1", [.text(markerKey)]) {
            return .seeded(try marker.json("value") ?? "")
        }
        for t in ["users", "readings", "classes"] where try c.queryOne("SELECT 1 AS x FROM \(t) LIMIT 1") != nil { return .other }
        return .empty
    }

    /// Deletes every row of every data table.
    public static func reset(_ c: any Connection) throws {
        switch c.dialect {
        case .postgres:
            try c.executeScript("TRUNCATE \(tables.joined(separator: ", ")) RESTART IDENTITY CASCADE")
        case .sqlite:
            // Foreign key checks off so SQLite can truncate each table wholesale.
            try c.executeScript("PRAGMA foreign_keys = OFF")
            defer { try? c.executeScript("PRAGMA foreign_keys = ON") }
            try c.transaction(immediate: true) {
                for t in tables.reversed() { try c.executeScript("DELETE FROM \(t)") }
            }
        }
    }

    public struct Counts: Sendable {
        public var rows: [(String, Int)] = []
        public var total: Int { rows.reduce(0) { $0 + $1.1 } }
    }

    // The school year the seeded assessments fall in (fixed, so seeds are reproducible).
    static let yearStart = Timestamp.parse("2025-09-01T08:00:00Z")!
    static let yearDays = 285.0

    struct Student {
        let id: UUID
        let grade: Int
        let ability: Double   // z-score against the grade norm
        let growth: Double    // multiplier on the norm's growth
        let timezone: String
    }

    struct Reading {
        let id: UUID
        let grade: Int
        let words: [PassageWord]
        let questions: [(id: UUID, correct: String)]
    }

    struct Assessment {
        let id: UUID
        let resultID: UUID
        let student: Int
        let reading: Int
        let date: Date
        let wcpm: Double
        let accuracy: Double
        let confidence: Double
        let seconds: Double
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Counts {
        var counts = Counts()
        let seed = plan.seed
        let now = Seconds.stamp(Seeder.yearStart)
        let big: Set<String> = ["assessments", "assessment_results", "result_words", "student_quiz_answers", "notifications", "daily_activity"]
        func load(_ table: String, _ columns: [String], _ rows: some Sequence<[SQLValue]>) throws {
            progress(table)
            let n = try big.contains(table)
                ? BulkLoadWindow.around(table, on: connection) { try connection.bulkInsert(table: table, columns: columns, rows: rows) }
                : connection.bulkInsert(table: table, columns: columns, rows: rows)
            counts.rows.append((table, n))
        }

        if connection.dialect == .sqlite {
            // A large page cache, and foreign keys checked once over the whole seed (at
            // the end, before commit) rather than row by row.
            try connection.executeScript("PRAGMA cache_size = -262144; PRAGMA foreign_keys = OFF")
        }
        defer { if connection.dialect == .sqlite { try? connection.executeScript("PRAGMA foreign_keys = ON") } }
        try connection.transaction(immediate: true) {
            // People and classes.
            var rng = SeedRandom(seed, 1)
            var users: [[SQLValue]] = []
            var teachers: [UUID] = [], students: [Student] = []
            var classes: [[SQLValue]] = [], teaching: [[SQLValue]] = [], enrollments: [[SQLValue]] = [], parents: [[SQLValue]] = []
            var classStudents: [[Int]] = []
            var nameCount = 0
            func person(_ role: String, grade: Int?, school: Int, tz: String) -> UUID {
                let id = rng.uuid()
                let first = rng.pick(SeedContent.firstNames), last = rng.pick(SeedContent.lastNames)
                nameCount += 1
                let email = "\(first.lowercased()).\(last.lowercased()).\(nameCount)@school\(school + 1).example.org"
                users.append([.uuid(id), .text(email), .text(role), .text(first), .text(last), grade.map { .int($0) } ?? .null,
                              .text("en"), .text(tz), now, now])
                return id
            }
            _ = person("admin", grade: nil, school: 0, tz: "UTC")
            let zones = ["America/New_York", "Europe/Lisbon", "Asia/Singapore", "America/Denver"]
            for school in 0..<plan.schools {
                let tz = zones[school % zones.count]
                for t in 0..<plan.teachersPerSchool {
                    let teacher = person("teacher", grade: nil, school: school, tz: tz)
                    teachers.append(teacher)
                    let classID = rng.uuid()
                    let grade = t % 6 + 1
                    let size = rng.range(plan.studentsPerClass)
                    classes.append([.uuid(classID), .text("S\(school + 1)-\(grade)\(String(UnicodeScalar(65 + t / 6)!))"), .int(grade),
                                    .text("School \(school + 1)"), .text("2025-26"), .int(max(30, size)), .uuid(teacher), now, now])
                    teaching.append([.uuid(teacher), .uuid(classID), .bool(true), now])
                    var members: [Int] = []
                    for _ in 0..<size {
                        let sid = person("student", grade: grade, school: school, tz: tz)
                        students.append(Student(id: sid, grade: grade, ability: rng.normal(), growth: 0.6 + rng.unit() * 0.8, timezone: tz))
                        members.append(students.count - 1)
                        enrollments.append([.uuid(rng.uuid()), .uuid(classID), .uuid(sid), .text("active"), now])
                        if rng.chance(plan.parentShare) {
                            let pid = person("parent", grade: nil, school: school, tz: tz)
                            parents.append([.uuid(pid), .uuid(sid), .text(rng.pick(["mother", "father", "guardian", "grandparent"])), now])
                        }
                    }
                    classStudents.append(members)
                }
            }
            try load("users", ["id", "email", "role", "first_name", "last_name", "grade_level", "preferred_language", "timezone", "created_at", "updated_at"], users)
            try load("classes", ["id", "name", "grade_level", "school_name", "academic_year", "max_students", "created_by", "created_at", "updated_at"], classes)
            try load("teachers_classes", ["teacher_id", "class_id", "is_primary", "assigned_at"], teaching)
            try load("class_enrollments", ["id", "class_id", "student_id", "status", "enrolled_at"], enrollments)
            try load("parents_students", ["parent_id", "student_id", "relationship_type", "linked_at"], parents)

            // Readings and their questions.
            var rrng = SeedRandom(seed, 2)
            var readings: [Reading] = []
            var readingRows: [[SQLValue]] = [], questionRows: [[SQLValue]] = []
            var titles = Set<String>()
            for i in 0..<plan.readings {
                let grade = i % 6 + 1
                var (title, text) = SeedContent.passage(grade: grade, rng: &rrng)
                var n = 2
                let base = title
                while !titles.insert(title.lowercased()).inserted { title = "\(base), Part \(n)"; n += 1 }
                let words = WordTokenizer.words(text)
                let id = rrng.uuid()
                readingRows.append([.uuid(id), .text(title), .text(text), .text("en"), .text(rrng.pick(["fiction", "animals", "adventure", "nature"])),
                                    .text("\(grade + 5)-\(grade + 6)"), .text(["easy", "medium", "hard"][min(2, (grade - 1) / 2)]), .int(grade),
                                    .int(words.count), Readability.gradeLevel(words: words).map(SQLValue.double) ?? .null, now, now])
                var questions: [(UUID, String)] = []
                for q in 0..<rrng.range(plan.questionsPerReading) {
                    let qid = rrng.uuid()
                    let correct = ["a", "b", "c"][rrng.below(3)]
                    let w = rrng.pick(words).normalized
                    let options = JSONValue.array(["a", "b", "c"].map { o in
                        .object([("id", .string(o)), ("text", .string(o == correct ? "the \(w)" : rrng.pick(["a cloud", "the moon", "a shoe", "the sea", "a song"])))])
                    })
                    questionRows.append([.uuid(qid), .uuid(id), .int(q + 1), .text("Question \(q + 1): what does the story say about \"\(w)\"?"),
                                         .json(options.serialized()), .text(correct), .text("Look again at the sentence with \"\(w)\"."), now])
                    questions.append((qid, correct))
                }
                readings.append(Reading(id: id, grade: grade, words: words, questions: questions))
            }
            try load("readings", ["id", "title", "content", "language", "genre", "age_category", "difficulty", "grade_level", "word_count", "readability_grade", "created_at", "updated_at"], readingRows)
            try load("quiz_questions", ["id", "reading_id", "position", "question_text", "options", "correct_option_id", "explanation", "created_at"], questionRows)
            let byGrade = (1...6).map { g in readings.indices.filter { readings[$0].grade == g } }

            // A school year of assessments per student, growing along the grade norms.
            var assessments: [Assessment] = []
            assessments.reserveCapacity(students.count * plan.assessmentsPerStudent)
            for (si, s) in students.enumerated() {
                var arng = SeedRandom(seed, 3, UInt64(si))
                for k in 0..<plan.assessmentsPerStudent {
                    let t = (Double(k) + arng.unit() * 0.6) / Double(plan.assessmentsPerStudent)
                    let day = (t * Seeder.yearDays).rounded(.down)
                    let date = Seeder.yearStart.addingTimeInterval(day * 86_400 + Double(arng.below(6 * 3600)))
                    let g = s.grade
                    let fall = GradeNorms.wcpm(grade: g, yearFraction: 0)
                    let expected = fall + (GradeNorms.wcpm(grade: g, yearFraction: t) - fall) * s.growth
                    let wcpm = max(5, expected + s.ability * GradeNorms.standardDeviation[g - 1] + arng.normal() * 6)
                    let accuracy = min(100, max(70, 95 + s.ability * 2.5 + arng.normal() * 1.5))
                    let reading = byGrade[g - 1][arng.below(byGrade[g - 1].count)]
                    let n = Double(readings[reading].words.count)
                    let correct = (n * accuracy / 100).rounded()
                    let serial = UInt64(assessments.count)
                    assessments.append(Assessment(id: arng.orderedUUID(serial), resultID: arng.orderedUUID(serial), student: si, reading: reading, date: date,
                                                  wcpm: (wcpm * 10).rounded() / 10, accuracy: (correct / n * 1000).rounded() / 10,
                                                  confidence: min(0.99, max(0.5, 0.9 + arng.normal() * 0.07)),
                                                  seconds: max(5, correct / wcpm * 60)))
                }
            }
            try load("assessments", ["id", "student_id", "reading_id", "status", "audio_path", "audio_duration_s", "attempts", "assessment_date", "created_at", "updated_at"],
                     assessments.lazy.map { a in
                         let stamp = Seconds.stamp(a.date)
                         return [.uuid(a.id), .uuid(students[a.student].id), .uuid(readings[a.reading].id), .text("completed"),
                                 .text("recordings/\(a.id.uuidString.lowercased()).flac"), .double((a.seconds + 2).rounded()), .int(1), stamp, stamp, stamp]
                     })
            try load("assessment_results", ["id", "assessment_id", "analysis", "wcpm", "accuracy", "confidence", "engine_version", "created_at"],
                     assessments.lazy.map { a in
                         let words = readings[a.reading].words.count
                         let analysis = JSONValue.object([("seeded", .bool(true)), ("wcpm", .double(a.wcpm)), ("accuracy_pct", .double(a.accuracy)),
                                                          ("words_total", .int(Int64(words))), ("reading_s", .double((a.seconds * 100).rounded() / 100))]).serialized()
                         return [.uuid(a.resultID), .uuid(a.id), .json(analysis), .double(a.wcpm), .double(a.accuracy),
                                 .double((a.confidence * 100).rounded() / 100), .text("seed"), Seconds.stamp(a.date)]
                     })
            try load("result_words", ["result_id", "word_index", "expected", "status", "heard", "start_s", "end_s"],
                     assessments.indices.lazy.flatMap { ai -> [[SQLValue]] in
                         let a = assessments[ai]
                         var wrng = SeedRandom(seed, 4, UInt64(ai))
                         let words = readings[a.reading].words
                         let errorRate = 1 - a.accuracy / 100
                         let step = a.seconds / Double(words.count)
                         let rid = SQLValue.text(SQLValue.lowercaseText(a.resultID))  // formatted once per reading, not per word
                         return words.enumerated().map { i, w in
                             let start = (Double(i) * step * 100).rounded() / 100
                             if wrng.chance(errorRate) {
                                 let r = wrng.unit()
                                 let status = r < 0.6 ? "substitution" : (r < 0.9 ? "omission" : "hesitation")
                                 return [rid, .int(Int64(i)), .text(w.text), .text(status),
                                         status == "omission" ? .null : .text(status == "substitution" ? String(w.normalized.reversed()) : w.normalized),
                                         status == "omission" ? .null : .double(start), status == "omission" ? .null : .double(start + step)]
                             }
                             return [rid, .int(Int64(i)), .text(w.text), .text("correct"), .text(w.normalized), .double(start),
                                     .double((start + step * 100).rounded() / 100)]
                         }
                     })

            // Quiz answers for about half the readings; gamification consistent with them.
            var answers: [[SQLValue]] = [], notifications: [[SQLValue]] = [], activity: [[SQLValue]] = []
            var xp = [Int](repeating: 0, count: students.count), count = [Int](repeating: 0, count: students.count)
            var best = [Double](repeating: 0, count: students.count), perfect = [Bool](repeating: false, count: students.count)
            var days = [Set<Int>](repeating: [], count: students.count)
            for (ai, a) in assessments.enumerated() {
                var qrng = SeedRandom(seed, 5, UInt64(ai))
                xp[a.student] += 10
                count[a.student] += 1
                best[a.student] = max(best[a.student], a.wcpm)
                let day = Int(a.date.timeIntervalSince(Seeder.yearStart) / 86_400)
                days[a.student].insert(day)
                notifications.append([.uuid(qrng.uuid()), .uuid(students[a.student].id), .text("result"), .text("Your reading was graded"),
                                      .text("You read \(Int(a.wcpm)) words correct per minute."), .uuid(a.id), .bool(qrng.chance(0.7)), Seconds.stamp(a.date)])
                guard qrng.chance(0.5) else { continue }
                var allRight = true
                for q in readings[a.reading].questions {
                    let right = qrng.chance(min(0.97, max(0.3, 0.75 + students[a.student].ability * 0.1)))
                    allRight = allRight && right
                    if right { xp[a.student] += 5 }
                    let chosen = right ? q.correct : (q.correct == "a" ? "b" : "a")
                    answers.append([.uuid(qrng.uuid()), .uuid(a.id), .uuid(q.id), .uuid(students[a.student].id), .text(chosen), .bool(right),
                                    Seconds.stamp(a.date.addingTimeInterval(300))])
                }
                if allRight { perfect[a.student] = true }
            }
            try load("student_quiz_answers", ["id", "assessment_id", "question_id", "student_id", "selected_option_id", "is_correct", "answered_at"], answers)
            try load("notifications", ["id", "user_id", "type", "title", "message", "related_entity_id", "is_read", "created_at"], notifications)

            let levels: [(String, Int)] = [("Seedling", 0), ("Sprout", 100), ("Sapling", 250), ("Oak", 450), ("Forest", 700), ("Rainforest", 1000)]
            var lrng = SeedRandom(seed, 6)
            let levelIDs = levels.map { _ in lrng.uuid() }
            try load("reading_levels", ["id", "ordinal", "name", "description", "unlock_xp", "created_at"],
                     levels.enumerated().map { i, l in [.uuid(levelIDs[i]), .int(i + 1), .text(l.0), .text("Unlocked at \(l.1) XP"), .int(l.1), now] })
            let achievements: [(String, String, String)] = [
                ("first_reading", "First reading", #"{"assessments": 1}"#), ("ten_readings", "Ten readings", #"{"assessments": 10}"#),
                ("wcpm_100", "100 words a minute", #"{"wcpm": 100}"#), ("perfect_quiz", "Perfect quiz", #"{"quiz_all_correct": true}"#),
            ]
            let achievementIDs = achievements.map { _ in lrng.uuid() }
            try load("achievements", ["id", "code", "name", "description", "criteria", "xp_reward", "created_at"],
                     achievements.enumerated().map { i, a in [.uuid(achievementIDs[i]), .text(a.0), .text(a.1), .text(a.1), .json(a.2), .int(20), now] })
            var awarded: [[SQLValue]] = [], stats: [[SQLValue]] = []
            for (i, s) in students.enumerated() {
                let earned = [count[i] >= 1, count[i] >= 10, best[i] >= 100, perfect[i]]
                for (k, e) in earned.enumerated() where e { awarded.append([.uuid(s.id), .uuid(achievementIDs[k]), now]) }
                let level = levels.lastIndex { $0.1 <= xp[i] } ?? 0
                let sorted = days[i].sorted()
                var bestStreak = sorted.isEmpty ? 0 : 1, run = 1
                for (a, b) in zip(sorted, sorted.dropFirst()) { run = b == a + 1 ? run + 1 : 1; bestStreak = max(bestStreak, run) }
                let last = sorted.last.map { Seeder.yearStart.addingTimeInterval(Double($0) * 86_400) }
                stats.append([.uuid(s.id), .int(xp[i]), .uuid(levelIDs[level]), .int(sorted.isEmpty ? 0 : 1), .int(bestStreak),
                              last.map { .text(String(Timestamp.format($0).prefix(10))) } ?? .null, now])
                for d in sorted {
                    activity.append([.uuid(s.id), .text(String(Timestamp.format(Seeder.yearStart.addingTimeInterval(Double(d) * 86_400)).prefix(10))),
                                     .int(1), .int(0), .int(10), .double(60)])
                }
            }
            try load("user_achievements", ["user_id", "achievement_id", "awarded_at"], awarded)
            try load("user_stats", ["user_id", "xp", "level_id", "current_streak", "best_streak", "last_active_date", "updated_at"], stats)
            try load("daily_activity", ["user_id", "activity_date", "assessments", "quiz_answers", "xp_earned", "reading_seconds"], activity)

            let marker = JSONValue.object([("kind", .string(plan.kind.rawValue)), ("scale", .int(Int64(plan.scale))), ("seed", .string(String(plan.seed)))])
            try connection.execute("INSERT INTO system_configurations (key, value, description, updated_at) VALUES ($1, $2, $3, $4)",
                                   [.text(Seeder.markerKey), .json(marker.serialized()), .text("written by readmaster seed"), now])
            if connection.dialect == .sqlite {
                let broken = try connection.query("PRAGMA foreign_key_check", [])
                if let first = broken.first {
                    throw StoreError.constraint(message: "seed broke \(broken.count) foreign keys (first in \(try first.string("table")))", sqlState: nil)
                }
            }
        }
        // Fresh statistics, so the planners pick the selective indexes on the new rows.
        try connection.executeScript("ANALYZE")
        return counts
    }
}

/// Timestamps as bound values, formatted once per row.
enum Seconds {
    static func stamp(_ d: Date) -> SQLValue { .text(Timestamp.format(d)) }
}
