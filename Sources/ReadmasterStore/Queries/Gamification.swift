import Foundation
import ReadmasterCore

/// XP, daily streaks (in the student's time zone), reading levels, achievements and the
/// daily activity roll-up, updated as students read and answer (seeds 001 and 002).
/// Called inside the transaction of the write that earned them.
public struct Gamification {
    public let connection: any Connection

    public static let xpPerReading = 10
    public static let xpPerCorrectAnswer = 5

    public init(_ connection: any Connection) { self.connection = connection }

    /// A graded reading: XP, streak, daily activity, level, and the achievements it earns.
    public func recordReading(student: UUID, at date: Date, wcpm: Double, seconds: Double) throws {
        try record(student: student, at: date, xp: Gamification.xpPerReading, readings: 1, answers: 0, seconds: seconds)
        let count = try connection.queryOne("SELECT count(*) AS c FROM assessments WHERE student_id = $1 AND status = 'completed'",
                                            [.uuid(student)])?.int("c") ?? 0
        try award(student: student, at: date) { criteria in
            if case let .int(n)? = criteria["assessments"] { return count >= n }
            if case let .int(n)? = criteria["wcpm"] { return wcpm >= Double(n) }
            return false
        }
    }

    /// Quiz answers: XP per correct one; an all-correct quiz may earn an achievement.
    public func recordQuiz(student: UUID, at date: Date, correct: Int, of total: Int) throws {
        try record(student: student, at: date, xp: correct * Gamification.xpPerCorrectAnswer, readings: 0, answers: total, seconds: 0)
        try award(student: student, at: date) { criteria in
            if case .bool(true)? = criteria["quiz_all_correct"] { return total > 0 && correct == total }
            return false
        }
    }

    func record(student: UUID, at date: Date, xp: Int, readings: Int, answers: Int, seconds: Double) throws {
        let tz = try connection.queryOne("SELECT timezone FROM users WHERE id = $1", [.uuid(student)])?.string("timezone") ?? "UTC"
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: tz) ?? Calendar.utc.timeZone
        let c = cal.dateComponents([.year, .month, .day], from: date)
        let day = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
        let yesterday = cal.date(byAdding: .day, value: -1, to: date).map { d -> String in
            let y = cal.dateComponents([.year, .month, .day], from: d)
            return String(format: "%04d-%02d-%02d", y.year!, y.month!, y.day!)
        }!
        try connection.execute("""
            INSERT INTO daily_activity (user_id, activity_date, assessments, quiz_answers, xp_earned, reading_seconds) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (user_id, activity_date) DO UPDATE SET assessments = daily_activity.assessments + excluded.assessments,
                quiz_answers = daily_activity.quiz_answers + excluded.quiz_answers, xp_earned = daily_activity.xp_earned + excluded.xp_earned,
                reading_seconds = daily_activity.reading_seconds + excluded.reading_seconds
            """, [.uuid(student), .text(day), .int(readings), .int(answers), .int(xp), .double(seconds)])
        let stats = try connection.queryOne("SELECT xp, current_streak, best_streak, last_active_date FROM user_stats WHERE user_id = $1", [.uuid(student)])
        let last = try stats?.optionalString("last_active_date").map { String($0.prefix(10)) }
        var streak = Int(try stats?.int("current_streak") ?? 0)
        if last == day { streak = max(streak, 1) } else if last == yesterday { streak += 1 } else { streak = 1 }
        let best = max(streak, Int(try stats?.int("best_streak") ?? 0))
        let total = Int(try stats?.int("xp") ?? 0) + xp
        let level = try connection.queryOne("SELECT id FROM reading_levels WHERE unlock_xp <= $1 ORDER BY unlock_xp DESC LIMIT 1", [.int(total)])?.optionalUUID("id")
        let newest = last.map { max($0, day) } ?? day
        try connection.execute("""
            INSERT INTO user_stats (user_id, xp, level_id, current_streak, best_streak, last_active_date, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (user_id) DO UPDATE SET xp = excluded.xp, level_id = excluded.level_id, current_streak = excluded.current_streak,
                best_streak = excluded.best_streak, last_active_date = excluded.last_active_date, updated_at = excluded.updated_at
            """, [.uuid(student), .int(total), level.map(SQLValue.uuid) ?? .null, .int(streak), .int(best), .text(newest), .date(Date())])
    }

    /// Awards every achievement whose JSON criteria `earned` accepts and the student lacks.
    func award(student: UUID, at date: Date, _ earned: (JSONValue) -> Bool) throws {
        let candidates = try connection.query("""
            SELECT id, criteria, xp_reward FROM achievements a
            WHERE NOT EXISTS (SELECT 1 FROM user_achievements u WHERE u.user_id = $1 AND u.achievement_id = a.id)
            """, [.uuid(student)])
        for a in candidates {
            guard let text = try a.json("criteria"), let criteria = try? JSONParser.parse(text), earned(criteria) else { continue }
            try connection.execute("INSERT INTO user_achievements (user_id, achievement_id, awarded_at) VALUES ($1, $2, $3)",
                                   [.uuid(student), .uuid(try a.uuid("id")), .date(date)])
            try connection.execute("""
                INSERT INTO notifications (id, user_id, type, title, message, related_entity_id, created_at)
                SELECT $1, $2, 'achievement', 'Achievement: ' || name, description, id, $4 FROM achievements WHERE id = $3
                """, [.uuid(UUID()), .uuid(student), .uuid(try a.uuid("id")), .date(date)])
            let reward = Int(try a.int("xp_reward"))
            if reward > 0 { try connection.execute("UPDATE user_stats SET xp = xp + $2 WHERE user_id = $1", [.uuid(student), .int(reward)]) }
        }
    }
}
