import Foundation
import ReadmasterCore
import ReadmasterEngine
import ReadmasterStore

/// Gathers what the HTML pages show (`--format html` on `assess show`, `progress student`
/// and `progress class`, and the linked pages `progress class --output DIR` writes). The
/// pages themselves are built in Core; this file only reads the database and files.
enum HTMLReports {
    /// Recordings up to this size are embedded in the page; larger ones are linked.
    static let embedLimit = 8 << 20

    static func readingPage(_ conn: any Connection, _ a: AssessmentSummary, studentLink: String? = nil, classLink: String? = nil) throws -> ReadingPage {
        let records = AssessmentRecords(conn)
        let student = try UserRecords(conn).find(a.studentID.uuidString)
        var words: [ReadingPage.Word] = []
        var extras: [ReadingPage.Extra] = []
        var corrections: [ReadingPage.Correction] = []
        var report: JSONValue?
        if let rid = a.resultID {
            report = try records.analysisJSON(resultID: rid).flatMap { try? JSONParser.parse($0) }
            let stored = try ReviewRecords(conn).corrections(resultID: rid)
            // The engine's status of a word is the one before its first correction.
            var engineStatus: [Int: WordStatus] = [:]
            for c in stored.reversed() { engineStatus.merge(c.originalStatuses) { _, older in older } }
            corrections = stored.map { .init(by: $0.by, at: $0.at, note: $0.note, words: $0.originalStatuses.count) }
            let passage = try records.reading(of: a.id).map { WordTokenizer.words($0.content) } ?? []
            let stored_words = try records.words(resultID: rid)
            words = stored_words.map { w in
                let punctuation = passage.count == stored_words.count ? passage[w.index].punctuationAfter : ""
                let original = engineStatus[w.index].flatMap { $0 == w.status ? nil : $0 }
                return .init(index: w.index, expected: w.expected, status: w.status, heard: w.heard, start: w.start,
                             punctuationAfter: punctuation, engineStatus: original)
            }
            if case let .array(miscues)? = report?["miscues"] {
                for m in miscues {
                    guard case let .string(type)? = m["type"], let kind = ReadingPage.Extra.Kind(rawValue: type),
                          case let .int(index)? = m["index"] else { continue }
                    var heard: String?
                    if case let .string(h)? = m["heard"] { heard = h }
                    extras.append(.init(kind: kind, index: Int(index), heard: heard))
                }
            }
        }
        func number(_ v: JSONValue?) -> Double? { v?.number }
        let scores: [(name: String, value: Double?)] = ScoreName.allCases.map { ($0.rawValue, number(report?["scores"]?[$0.rawValue])) }
        let errors = ScoreName.calibrated.reduce(into: [String: Double]()) { $0[$1.rawValue] = number(report?["score_errors"]?[$1.rawValue]) }
        let prosody = report?["prosody"]
        return ReadingPage(
            assessmentID: a.id.uuidString.lowercased(),
            studentName: student.map { "\($0.firstName) \($0.lastName)" } ?? a.studentEmail, studentEmail: a.studentEmail,
            grade: student?.gradeLevel, readingTitle: a.readingTitle, date: a.date, status: a.status,
            wcpm: a.wcpm, accuracy: a.accuracy, confidence: a.confidence, readingSeconds: number(report?["reading_s"]),
            scores: scores, scoreErrors: errors, prosodyLevel: number(prosody?["level"]).map { Int($0) }, pauses: number(prosody?["pauses"]).map { Int($0) },
            longPauses: number(prosody?["long_pauses"]).map { Int($0) },
            pausesAtPunctuation: number(prosody?["pauses_at_punctuation"]).map { Int($0) }, pitchRange: number(prosody?["pitch_range_st"]),
            words: words, extras: extras, corrections: corrections, audio: try audio(conn, a),
            studentLink: studentLink, classLink: classLink)
    }

    /// The recording: stored in the database, or a small regular file at its path, is
    /// embedded; a larger or unreadable one is linked to its path; else none.
    static func audio(_ conn: any Connection, _ a: AssessmentSummary) throws -> ReadingPage.Audio {
        if let stored = try WorkQueue(conn).audio(of: a.id), stored.data.count <= embedLimit {
            return .embedded(mime: mime(stored.fileName), base64: Data(stored.data).base64EncodedString())
        }
        guard let path = a.audioPath else { return .none }
        // Only a regular file is read (the engine's check: a FIFO would block, a device never end).
        if AudioFileCheck.problem(path) == nil, ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? Int.max) <= embedLimit,
           let data = FileManager.default.contents(atPath: path) {
            return .embedded(mime: mime(path), base64: data.base64EncodedString())
        }
        return .linked(path: path)
    }

    static func mime(_ name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "wav": return "audio/wav"
        case "flac": return "audio/flac"
        case "ogg", "oga": return "audio/ogg"
        case "opus": return "audio/ogg; codecs=opus"
        case "mp3": return "audio/mpeg"
        default: return "application/octet-stream"
        }
    }

    static func studentPage(_ conn: any Connection, _ s: UserRow, readingLinks: [UUID: String] = [:], classLink: String? = nil) throws -> StudentPage {
        let summary = ProgressSummary(points: try ProgressRecords(conn).points(student: s.id), grade: s.gradeLevel)
        let goals = try GoalRecords(conn).list(student: s.id).map {
            StudentPage.Goal(metric: $0.metric, target: $0.target, baseline: $0.baseline, start: $0.startDate, due: $0.dueDate, done: $0.completedAt != nil)
        }
        let readings = try AssessmentRecords(conn).list(studentID: s.id, readingID: nil, status: nil, limit: 10_000).map {
            StudentPage.Reading(date: $0.date, title: $0.readingTitle, status: $0.status, wcpm: $0.wcpm, accuracy: $0.accuracy,
                                confidence: $0.confidence, link: readingLinks[$0.id])
        }
        return StudentPage(name: "\(s.firstName) \(s.lastName)", email: s.email, grade: s.gradeLevel, summary: summary,
                           chart: try TrendCommand.studentChart(conn, s, metric: "wcpm").svg(), goals: goals, readings: readings,
                           classLink: classLink)
    }

    /// The class page: its students with their summaries and WCPM series, in roster order.
    static func classPage(_ conn: any Connection, _ c: ClassRow, studentLinks: [UUID: String] = [:],
                          readingLinks: [UUID: String] = [:]) throws -> ClassPage {
        let points = try ProgressRecords(conn).classPoints(c.id)
        let users = UserRecords(conn)
        var rows: [ClassPage.Row] = []
        for member in try ClassRecords(conn).students(of: c.id, includeInactive: false) {
            guard let u = try users.find(member.email) else { continue }
            let p = (points[u.id] ?? []).sorted { $0.date < $1.date }
            let latest = try AssessmentRecords(conn).list(studentID: u.id, readingID: nil, status: "completed", limit: 1).first
            rows.append(.init(name: "\(u.firstName) \(u.lastName)", email: u.email, summary: ProgressSummary(points: p, grade: u.gradeLevel ?? c.gradeLevel),
                              series: p.map(\.wcpm), link: studentLinks[u.id], latestReadingLink: latest.flatMap { readingLinks[$0.id] }))
        }
        let chart = TrendCommand.classChart(c, try TrendCommand.monthly(conn, c, metric: "wcpm"), metric: "wcpm").svg()
        return ClassPage(name: c.name, school: c.schoolName, grade: c.gradeLevel, teachers: c.teachers, rows: rows, chart: chart)
    }

    /// `progress class NAME --output DIR`: index.html for the class, one page per student
    /// and one per student's latest completed reading, linked together. Returns the files.
    static func writeClassSite(_ conn: any Connection, _ c: ClassRow, to dir: String) throws -> [String] {
        let folder = URL(fileURLWithPath: dir)
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw CLIError.failure("cannot create \(dir): \(error.localizedDescription)")
        }
        let users = UserRecords(conn)
        let roster = try ClassRecords(conn).students(of: c.id, includeInactive: false).compactMap { try users.find($0.email) }
        var studentLinks: [UUID: String] = [:], readingLinks: [UUID: String] = [:]
        var latest: [UUID: AssessmentSummary] = [:]
        for s in roster {
            studentLinks[s.id] = "student-\(s.id.uuidString.lowercased()).html"
            if let a = try AssessmentRecords(conn).list(studentID: s.id, readingID: nil, status: "completed", limit: 1).first {
                latest[s.id] = a
                readingLinks[a.id] = "reading-\(a.id.uuidString.lowercased()).html"
            }
        }
        var written: [String] = []
        func write(_ html: String, _ name: String) throws {
            let url = folder.appendingPathComponent(name)
            do { try Data(html.utf8).write(to: url, options: .atomic) } catch {
                throw CLIError.failure("cannot write \(url.path): \(error.localizedDescription)")
            }
            written.append(url.path)
        }
        try write(try classPage(conn, c, studentLinks: studentLinks, readingLinks: readingLinks).html(), "index.html")
        for s in roster {
            try write(try studentPage(conn, s, readingLinks: readingLinks, classLink: "index.html").html(), studentLinks[s.id]!)
            if let a = latest[s.id] {
                try write(try readingPage(conn, a, studentLink: studentLinks[s.id], classLink: "index.html").html(), readingLinks[a.id]!)
            }
        }
        return written
    }
}
