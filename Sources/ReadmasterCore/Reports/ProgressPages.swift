import Foundation

/// One student's progress as a page: the trend chart with the norm band and the goal's
/// aimline, the goals, and every reading (linked to its page when written together).
public struct StudentPage: Sendable {
    public struct Reading: Sendable {
        public let date: Date
        public let title: String
        public let status: String
        public let wcpm: Double?
        public let accuracy: Double?
        public let confidence: Double?
        public let link: String?

        public init(date: Date, title: String, status: String, wcpm: Double?, accuracy: Double?, confidence: Double?, link: String?) {
            (self.date, self.title, self.status, self.wcpm, self.accuracy) = (date, title, status, wcpm, accuracy)
            (self.confidence, self.link) = (confidence, link)
        }
    }

    public struct Goal: Sendable {
        public let metric: String
        public let target: Double
        public let baseline: Double?
        public let start: String
        public let due: String
        public let done: Bool

        public init(metric: String, target: Double, baseline: Double?, start: String, due: String, done: Bool) {
            (self.metric, self.target, self.baseline, self.start, self.due) = (metric, target, baseline, start, due)
            self.done = done
        }
    }

    public var name: String
    public var email: String
    public var grade: Int?
    public var summary: ProgressSummary
    /// The trend chart (TrendChart's SVG, which escapes its own text).
    public var chart: String
    public var goals: [Goal]
    public var readings: [Reading]
    public var classLink: String?

    public init(name: String, email: String, grade: Int?, summary: ProgressSummary, chart: String, goals: [Goal], readings: [Reading],
                classLink: String? = nil) {
        (self.name, self.email, self.grade, self.summary, self.chart) = (name, email, grade, summary, chart)
        (self.goals, self.readings, self.classLink) = (goals, readings, classLink)
    }

    public func html() -> String {
        let e = HTML.escape
        var b = classLink.map { "<nav><a href=\"\(e($0))\">class</a></nav>\n" } ?? ""
        b += "<h1 class=\"student\">\(e(name))</h1>\n<p class=\"sub\">\(e(email))\(grade.map { ", grade \($0)" } ?? "")</p>\n"
        b += "<div class=\"cards\">"
        b += "<div class=\"card\"><span>Latest WCPM</span><b>\(HTML.number(summary.latestWCPM))</b></div>"
        b += "<div class=\"card\"><span>Percentile\(summary.season.map { " (\($0.name))" } ?? "")</span><b>\(summary.percentile.map { ReadingPage.ordinal(Int($0.rounded())) } ?? "–")</b></div>"
        b += "<div class=\"card\"><span>Growth per week</span><b>\(HTML.number(summary.growthPerWeek, digits: 2))</b>"
        b += summary.expectedGrowthPerWeek.map { "<small>expected \(HTML.number($0, digits: 2))</small>" } ?? ""
        b += "</div>"
        b += "<div class=\"card\"><span>At risk</span><b class=\"\(summary.atRisk ? "risk" : "")\">\(summary.atRisk ? "yes" : "no")</b>"
        b += summary.riskReason.map { "<small>\(e($0))</small>" } ?? ""
        b += "</div></div>\n"
        b += "<h2>Trend</h2>\n<figure aria-label=\"WCPM over time with the grade's norm band\">\(chart)</figure>\n"
        b += "<h2>Goals</h2>\n"
        if goals.isEmpty {
            b += "<p>No goals set.</p>\n"
        } else {
            b += "<ul class=\"goals\">"
            for g in goals {
                b += "<li>\(e(g.metric)) \(HTML.number(g.target)) by \(e(g.due))"
                b += g.baseline.map { " (from \(HTML.number($0)) on \(e(g.start)); the aimline joins them on the chart)" } ?? ""
                b += g.done ? " — reached" : ""
                b += "</li>"
            }
            b += "</ul>\n"
        }
        b += "<h2>Readings</h2>\n<div class=\"table-wrap\"><table id=\"readings\"><thead><tr><th>Date</th><th>Reading</th><th>Status</th>"
        b += "<th class=\"num\">WCPM</th><th class=\"num\">Accuracy %</th><th class=\"num\">Confidence</th></tr></thead><tbody>"
        for r in readings {
            let title = r.link.map { "<a href=\"\(e($0))\">\(e(r.title))</a>" } ?? e(r.title)
            b += "<tr><td>\(ReadingPage.day(r.date))</td><td>\(title)</td><td>\(e(r.status))</td><td class=\"num\">\(HTML.number(r.wcpm))</td>"
            b += "<td class=\"num\">\(HTML.number(r.accuracy))</td><td class=\"num\">\(HTML.number(r.confidence, digits: 2))</td></tr>"
        }
        b += "</tbody></table></div>\n"
        return HTML.page(title: "\(name) — reading progress", body: b)
    }
}

/// A class at a glance: every student with name, latest WCPM, percentile band, growth,
/// the at-risk flag and a sparkline, sortable by any column; and the class trend.
public struct ClassPage: Sendable {
    public struct Row: Sendable {
        public let name: String
        public let email: String
        public let summary: ProgressSummary
        /// WCPM of each reading, oldest first, for the sparkline.
        public let series: [Double]
        public let link: String?
        public let latestReadingLink: String?

        public init(name: String, email: String, summary: ProgressSummary, series: [Double], link: String?, latestReadingLink: String?) {
            (self.name, self.email, self.summary, self.series, self.link) = (name, email, summary, series, link)
            self.latestReadingLink = latestReadingLink
        }
    }

    public var name: String
    public var school: String?
    public var grade: Int?
    public var teachers: [String]
    public var rows: [Row]
    public var chart: String

    public init(name: String, school: String?, grade: Int?, teachers: [String], rows: [Row], chart: String) {
        (self.name, self.school, self.grade, self.teachers, self.rows) = (name, school, grade, teachers, rows)
        self.chart = chart
    }

    /// Below 25th, 25th–75th, above 75th: the bands a norm chart shows.
    static func band(_ p: Double?) -> String {
        guard let p else { return "–" }
        return p < 10 ? "below 10th" : p < 25 ? "10th–25th" : p <= 75 ? "25th–75th" : p <= 90 ? "75th–90th" : "above 90th"
    }

    static func sparkline(_ values: [Double]) -> String {
        guard values.count >= 2, let lo = values.min(), let hi = values.max() else {
            return values.isEmpty ? "" : "<svg class=\"spark\" width=\"80\" height=\"20\" role=\"img\" aria-label=\"one reading\"><circle cx=\"40\" cy=\"10\" r=\"2\"/></svg>"
        }
        let span = max(hi - lo, 1)
        let pts = values.enumerated().map { i, v in
            String(format: "%.1f,%.1f", 2 + Double(i) / Double(values.count - 1) * 76, 18 - (v - lo) / span * 16)
        }.joined(separator: " ")
        return "<svg class=\"spark\" width=\"80\" height=\"20\" viewBox=\"0 0 80 20\" role=\"img\" aria-label=\"WCPM from \(Int(values.first!.rounded())) to \(Int(values.last!.rounded()))\"><polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"\(pts)\"/></svg>"
    }

    public func html() -> String {
        let e = HTML.escape
        var b = "<h1>Class \(e(name))</h1>\n<p class=\"sub\">"
        b += [school.map { e($0) }, grade.map { "grade \($0)" }, teachers.isEmpty ? nil : "taught by " + teachers.map(e).joined(separator: ", "),
              "\(rows.count) student\(rows.count == 1 ? "" : "s")"].compactMap { $0 }.joined(separator: " · ")
        b += "</p>\n"
        let atRisk = rows.filter(\.summary.atRisk).count
        b += "<div class=\"cards\"><div class=\"card\"><span>At risk</span><b>\(atRisk) of \(rows.count)</b></div>"
        let latest = rows.compactMap(\.summary.latestWCPM).sorted()
        b += "<div class=\"card\"><span>Median latest WCPM</span><b>\(latest.isEmpty ? "–" : HTML.number(latest[latest.count / 2]))</b></div></div>\n"
        b += "<h2>Students</h2>\n<p class=\"sub\">Select a column heading to sort.</p>\n"
        b += "<div class=\"table-wrap\"><table id=\"students\" class=\"sortable\"><thead><tr>"
        let headers: [(String, Bool)] = [("Student", false), ("Latest WCPM", true), ("Percentile", true), ("Band", false),
                                         ("Growth / week", true), ("At risk", false), ("Trend", false), ("Latest reading", false)]
        for (i, h) in headers.enumerated() {
            let sortable = i < 6
            b += "<th\(h.1 ? " class=\"num\"" : "") scope=\"col\"\(sortable ? " aria-sort=\"none\"" : "")>"
            b += sortable ? "<button type=\"button\" data-col=\"\(i)\">\(e(h.0))</button>" : e(h.0)
            b += "</th>"
        }
        b += "</tr></thead><tbody>"
        for r in rows {
            let s = r.summary
            let who = r.link.map { "<a href=\"\(e($0))\">\(e(r.name))</a>" } ?? e(r.name)
            b += "<tr data-risk=\"\(s.atRisk)\"><td data-value=\"\(e(r.name.lowercased()))\"><span class=\"student\">\(who)</span><br><small>\(e(r.email))</small></td>"
            b += "<td class=\"num\" data-value=\"\(s.latestWCPM ?? -1)\">\(HTML.number(s.latestWCPM))</td>"
            b += "<td class=\"num\" data-value=\"\(s.percentile ?? -1)\">\(s.percentile.map { ReadingPage.ordinal(Int($0.rounded())) } ?? "–")</td>"
            b += "<td data-value=\"\(s.percentile ?? -1)\">\(Self.band(s.percentile))</td>"
            b += "<td class=\"num\" data-value=\"\(s.growthPerWeek ?? -999)\">\(HTML.number(s.growthPerWeek, digits: 2))</td>"
            b += "<td data-value=\"\(s.atRisk ? 1 : 0)\">\(s.atRisk ? "<span class=\"risk\">at risk</span>\(s.riskReason.map { "<br><small>\(e($0))</small>" } ?? "")" : "no")</td>"
            b += "<td>\(Self.sparkline(r.series))</td>"
            b += "<td>\(r.latestReadingLink.map { "<a href=\"\(e($0))\">open</a>" } ?? "")</td></tr>"
        }
        b += "</tbody></table></div>\n"
        b += "<h2>Class trend</h2>\n<figure aria-label=\"the class's monthly median WCPM\">\(chart)</figure>\n"
        return HTML.page(title: "Class \(name) — reading progress", body: b, script: Self.script)
    }

    /// Sorts the table by a column's data-value, numbers as numbers; again reverses.
    public static let script = """
        (function () {
          var table = document.getElementById("students");
          if (!table) { return; }
          table.querySelectorAll("th button").forEach(function (button) {
            button.addEventListener("click", function () {
              var col = parseInt(button.getAttribute("data-col"), 10);
              var th = button.parentNode;
              var ascending = th.getAttribute("aria-sort") !== "ascending";
              table.querySelectorAll("th").forEach(function (h) { if (h.hasAttribute("aria-sort")) { h.setAttribute("aria-sort", "none"); } });
              th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
              var body = table.tBodies[0];
              var rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (a, b) {
                var x = a.cells[col].getAttribute("data-value"), y = b.cells[col].getAttribute("data-value");
                var nx = parseFloat(x), ny = parseFloat(y);
                var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : String(x).localeCompare(String(y));
                return ascending ? c : -c;
              });
              rows.forEach(function (r) { body.appendChild(r); });
            });
          });
        })();
        """
}
