import Foundation

/// One graded reading as a page a teacher can open, print or attach: the passage with
/// every word marked as a running record marks it, what was heard, the scores in plain
/// words, WCPM against the grade's norms, the teacher's corrections, and the recording
/// (clicking a word plays from it). Pure: the caller gathers the data.
public struct ReadingPage: Sendable {
    public struct Word: Sendable {
        public let index: Int
        public let expected: String
        public let status: WordStatus
        public let heard: String?
        public let start: Double?
        public let punctuationAfter: String
        /// The status the engine gave, when a teacher changed it.
        public let engineStatus: WordStatus?

        public init(index: Int, expected: String, status: WordStatus, heard: String?, start: Double?, punctuationAfter: String, engineStatus: WordStatus?) {
            (self.index, self.expected, self.status, self.heard, self.start) = (index, expected, status, heard, start)
            (self.punctuationAfter, self.engineStatus) = (punctuationAfter, engineStatus)
        }
    }

    /// Miscues that sit between or on words rather than replacing them.
    public struct Extra: Sendable {
        public enum Kind: String, Sendable { case insertion, repetition, selfCorrection = "self_correction" }
        public let kind: Kind
        public let index: Int
        public let heard: String?

        public init(kind: Kind, index: Int, heard: String?) {
            self.kind = kind
            self.index = index
            self.heard = heard
        }
    }

    public struct Correction: Sendable {
        public let by: String?
        public let at: Date
        public let note: String?
        public let words: Int

        public init(by: String?, at: Date, note: String?, words: Int) {
            (self.by, self.at, self.note, self.words) = (by, at, note, words)
        }
    }

    public enum Audio: Sendable {
        case embedded(mime: String, base64: String)
        case linked(path: String)
        case none
    }

    public var assessmentID: String
    public var studentName: String
    public var studentEmail: String
    public var grade: Int?
    public var readingTitle: String
    public var date: Date
    public var status: String
    public var wcpm: Double?
    public var accuracy: Double?
    public var confidence: Double?
    public var readingSeconds: Double?
    public var scores: [(name: String, value: Double?)]
    /// Each calibrated score's expected error in points (the report's `score_errors`).
    public var scoreErrors: [String: Double]
    public var prosodyLevel: Int?
    public var pauses: Int?
    public var longPauses: Int?
    public var pausesAtPunctuation: Int?
    public var pitchRange: Double?
    public var words: [Word]
    public var extras: [Extra]
    public var corrections: [Correction]
    public var audio: Audio
    /// Where "back to the student" and "back to the class" links go, when written together.
    public var studentLink: String?
    public var classLink: String?

    public init(assessmentID: String, studentName: String, studentEmail: String, grade: Int?, readingTitle: String, date: Date,
                status: String, wcpm: Double?, accuracy: Double?, confidence: Double?, readingSeconds: Double?,
                scores: [(name: String, value: Double?)], scoreErrors: [String: Double] = [:], prosodyLevel: Int?, pauses: Int?, longPauses: Int?,
                pausesAtPunctuation: Int?, pitchRange: Double?, words: [Word], extras: [Extra], corrections: [Correction],
                audio: Audio, studentLink: String? = nil, classLink: String? = nil) {
        (self.assessmentID, self.studentName, self.studentEmail, self.grade, self.readingTitle) = (assessmentID, studentName, studentEmail, grade, readingTitle)
        (self.date, self.status, self.wcpm, self.accuracy, self.confidence) = (date, status, wcpm, accuracy, confidence)
        (self.readingSeconds, self.scores, self.scoreErrors, self.prosodyLevel, self.pauses) = (readingSeconds, scores, scoreErrors, prosodyLevel, pauses)
        (self.longPauses, self.pausesAtPunctuation, self.pitchRange, self.words, self.extras) = (longPauses, pausesAtPunctuation, pitchRange, words, extras)
        (self.corrections, self.audio, self.studentLink, self.classLink) = (corrections, audio, studentLink, classLink)
    }

    /// The running-record marks, as text: colour is never the only mark.
    public static let marks: [(status: String, mark: String, meaning: String)] = [
        ("substitution", "sub", "substitution: another word was read (what was heard is shown)"),
        ("omission", "O", "omission: the word was left out (struck through)"),
        ("insertion", "^", "insertion: a word not in the passage was read"),
        ("repetition", "R", "repetition: read again from here (not an error)"),
        ("self_correction", "SC", "self-correction: misread, then corrected (not an error)"),
        ("hesitation", "H", "hesitation: 3 s or more before the word"),
        ("mispronunciation", "M", "mispronunciation"),
        ("not_attempted", "…", "not reached: after the last word read (not counted)"),
    ]

    static func mark(_ status: String) -> String? { marks.first { $0.status == status }?.mark }

    public func html() -> String {
        let e = HTML.escape
        var b = ""
        let nav = [classLink.map { "<a href=\"\(e($0))\">class</a>" }, studentLink.map { "<a href=\"\(e($0))\">\(e(studentName))</a>" }]
            .compactMap { $0 }
        if !nav.isEmpty { b += "<nav>\(nav.joined(separator: " › "))</nav>\n" }
        b += "<h1>\(e(readingTitle))</h1>\n"
        b += "<p class=\"sub\">Read by <span class=\"student\">\(e(studentName))</span> (\(e(studentEmail)))"
        b += grade.map { ", grade \($0)" } ?? ""
        b += " on \(Self.day(date)) · assessment <code>\(e(assessmentID))</code></p>\n"
        if status != "completed" { b += "<p class=\"risk\">This assessment is \(e(status)): it has no result yet.</p>\n" }
        b += cards()
        b += player()
        b += "<h2>The passage</h2>\n<p class=\"sub\">Each word is marked as a running record marks it. Select a word to hear the recording from there\(audioAvailable ? "" : " (no recording is available)").</p>\n"
        b += passage()
        b += legend()
        b += correctionNotes()
        b += "<h2>Scores</h2>\n" + scoreList()
        return HTML.page(title: "\(readingTitle) — \(studentName)", body: b, script: Self.script)
    }

    var audioAvailable: Bool {
        if case .none = audio { return false }
        return true
    }

    /// YYYY-MM-DD in UTC, as every stored date is shown.
    public static func day(_ d: Date) -> String {
        let cal = Calendar.utc
        let c = cal.dateComponents([.year, .month, .day], from: d)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    func cards() -> String {
        var c = "<div class=\"cards\">"
        c += "<div class=\"card\"><span>Words correct per minute</span><b id=\"wcpm\">\(HTML.number(wcpm))</b></div>"
        c += "<div class=\"card\"><span>Accuracy</span><b>\(HTML.number(accuracy))%</b></div>"
        if let band = normBand() { c += "<div class=\"card\"><span>Against grade \(grade!) norms</span><b>\(HTML.escape(band))</b></div>" }
        if let confidence {
            c += "<div class=\"card\"><span>Engine confidence</span><b>\(HTML.number(confidence * 100, digits: 0))%</b>\(confidence < 0.8 ? "<small>unsure: worth listening</small>" : "")</div>"
        }
        return c + "</div>\n"
    }

    /// "62nd percentile (fall norms: 25th–75th = 55–104 WCPM)".
    func normBand() -> String? {
        guard let grade, let wcpm, (1...6).contains(grade) else { return nil }
        let cal = Calendar.utc
        let season = GradeNorms.Season.of(month: cal.component(.month, from: date))
        guard let row = GradeNorms.table[grade - 1][season.rawValue], let p = GradeNorms.percentile(wcpm: wcpm, grade: grade, season: season) else { return nil }
        return "\(Self.ordinal(Int(p.rounded()))) percentile (\(season.name): 25th–75th = \(Int(row[1]))–\(Int(row[3])) WCPM)"
    }

    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : ["th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th"][n % 10]
        return "\(n)\(suffix)"
    }

    func player() -> String {
        switch audio {
        case let .embedded(mime, base64):
            return "<div class=\"player\"><audio id=\"player\" controls preload=\"metadata\" src=\"data:\(HTML.escape(mime));base64,\(base64)\"></audio></div>\n"
        case let .linked(path):
            let url = "file://" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)
            return "<div class=\"player\"><audio id=\"player\" controls preload=\"metadata\" src=\"\(HTML.escape(url))\"></audio><br><small>Recording: \(HTML.escape(path)) (on the machine that graded it)</small></div>\n"
        case .none:
            return ""
        }
    }

    func passage() -> String {
        let e = HTML.escape
        var before: [Int: [Extra]] = [:]
        for x in extras { before[x.index, default: []].append(x) }
        var p = "<div class=\"passage\" id=\"passage\">"
        for w in words {
            for x in before[w.index] ?? [] where x.kind == .insertion {
                p += "<span class=\"ins\" data-status=\"insertion\" title=\"inserted: \(e(x.heard ?? "?"))\">^\(e(x.heard ?? "?"))</span> "
            }
            var marks: [String] = []
            if let m = Self.mark(w.status.rawValue), w.status != .notAttempted { marks.append(m) }
            for x in before[w.index] ?? [] where x.kind != .insertion { marks.append(x.kind == .repetition ? "R" : "SC") }
            var label = "\(w.expected): \(w.status.rawValue.replacingOccurrences(of: "_", with: " "))"
            if let h = w.heard, !h.isEmpty, h.lowercased() != w.expected.lowercased() { label += ", heard \(h)" }
            if let es = w.engineStatus { label += " (corrected by a teacher; the engine said \(es.rawValue.replacingOccurrences(of: "_", with: " ")))" }
            p += "<span class=\"w\(w.engineStatus != nil ? " corrected" : "")\" tabindex=\"0\" role=\"button\" data-index=\"\(w.index)\" data-status=\"\(e(w.status.rawValue))\""
            if let s = w.start { p += " data-start=\"\(String(format: "%.2f", s))\"" }
            if let h = w.heard, !h.isEmpty { p += " data-heard=\"\(e(h))\"" }
            p += " title=\"\(e(label))\" aria-label=\"\(e(label))\">"
            // What was heard sits above the word, as a teacher writes it on a running record.
            if w.status == .substitution, let h = w.heard, !h.isEmpty {
                p += "<ruby>\(e(w.expected))<rt class=\"heard\" aria-hidden=\"true\">\(e(h))</rt></ruby>"
            } else {
                p += e(w.expected)
            }
            if !marks.isEmpty { p += "<span class=\"mark\" aria-hidden=\"true\">\(e(marks.joined(separator: " ")))</span>" }
            p += "</span>\(e(w.punctuationAfter)) "
        }
        for x in before[words.count] ?? [] where x.kind == .insertion {
            p += "<span class=\"ins\" data-status=\"insertion\">^\(e(x.heard ?? "?"))</span> "
        }
        return p + "</div>\n"
    }

    func legend() -> String {
        var l = "<h2>Marks</h2>\n<ul class=\"legend\">"
        for m in Self.marks { l += "<li><b>\(HTML.escape(m.mark))</b> \(HTML.escape(m.meaning))</li>" }
        l += "<li><b>dashed box</b> changed by a teacher</li></ul>\n"
        let counts = Dictionary(grouping: words, by: \.status).mapValues(\.count)
        let errors = words.filter(\.status.isError).count
        l += "<p id=\"counts\">\(words.count) words: \(counts[.correct] ?? 0) correct, \(errors) errors"
        for k in WordStatus.allCases where k != .correct && (counts[k] ?? 0) > 0 {
            l += ", \(counts[k]!) \(k.rawValue.replacingOccurrences(of: "_", with: " "))"
        }
        return l + ".</p>\n"
    }

    func correctionNotes() -> String {
        guard !corrections.isEmpty else { return "" }
        var c = "<h2>Teacher's corrections</h2>\n"
        for x in corrections {
            c += "<p class=\"note\">Corrected by \(HTML.escape(x.by ?? "the database owner")) on \(Self.day(x.at))"
            c += x.words > 0 ? " (\(x.words) word\(x.words == 1 ? "" : "s"))" : ""
            c += x.note.map { ": “\(HTML.escape($0))”" } ?? ""
            c += "</p>\n"
        }
        return c
    }

    /// Each score with what it rests on, in words a teacher would use.
    func scoreList() -> String {
        var items: [String] = []
        for (name, value) in scores {
            guard let value else {
                items.append("<li><b>\(HTML.escape(name.capitalized))</b>: not measured for this recording.</li>")
                continue
            }
            // The expected error says how far experts may rate it from this: "72 ± 9".
            let error = scoreErrors[name].map { " ± \(HTML.number($0, digits: 0))" } ?? ""
            items.append("<li><b>\(HTML.escape(name.capitalized)) \(HTML.number(value, digits: 0))\(error)</b> of 100: \(HTML.escape(reason(name)))</li>")
        }
        if let level = prosodyLevel {
            let naep = ["", "word by word", "mostly two-word phrases", "mostly phrased, some smooth reading", "phrased and expressive"]
            items.append("<li><b>Prosody level \(level)</b> of 4 (NAEP scale): \(naep[min(max(level, 1), 4)]).</li>")
        }
        return "<ul class=\"scores\">" + items.joined() + "</ul>\n"
    }

    func reason(_ name: String) -> String {
        let errors = words.filter(\.status.isError).count
        let attempted = words.filter { $0.status != .notAttempted }.count
        switch name {
        case "accuracy", "pronunciation":
            return "how clearly the words were said; \(errors) of \(attempted) words read were errors."
        case "fluency":
            return "reading rate and smoothness: \(HTML.number(wcpm)) words correct per minute over \(HTML.number(readingSeconds)) s, \(longPauses ?? 0) long pause\(longPauses == 1 ? "" : "s")."
        case "prosody":
            var s = "expression and phrasing"
            if let pitchRange { s += ": a pitch range of \(HTML.number(pitchRange)) semitones" }
            if let pauses { s += ", \(pauses) pause\(pauses == 1 ? "" : "s")\(pausesAtPunctuation.map { ", \($0) of them at punctuation" } ?? "")" }
            return s + "."
        case "completeness":
            return "\(attempted) of \(words.count) passage words were reached."
        case "overall":
            return "the other scores together."
        default:
            return ""
        }
    }

    /// Clicking (or Enter/Space on) a word plays the recording from that word.
    public static let script = """
        (function () {
          var player = document.getElementById("player");
          function play(el) {
            var t = parseFloat(el.getAttribute("data-start"));
            if (!player || isNaN(t)) { return; }
            player.currentTime = Math.max(0, t - 0.2);
            var p = player.play();
            if (p && p.catch) { p.catch(function () {}); }
          }
          document.querySelectorAll(".w").forEach(function (el) {
            el.addEventListener("click", function () { play(el); });
            el.addEventListener("keydown", function (ev) {
              if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); play(el); }
            });
          });
        })();
        """
}
