import Foundation

/// A line chart of one reader's WCPM (or accuracy) over time as SVG: axes with month
/// labels, the grade's 25th–75th percentile band and median line from the norms, the
/// readings, and the goal's aimline when there is one. Pure text, no I/O.
public struct TrendChart: Sendable {
    public struct Goal: Sendable {
        public let start: Date, baseline: Double, due: Date, target: Double
        public init(start: Date, baseline: Double, due: Date, target: Double) {
            (self.start, self.baseline, self.due, self.target) = (start, baseline, due, target)
        }
    }

    public let title: String
    public let metric: String
    public let points: [(Date, Double)]
    public let grade: Int?
    public let goal: Goal?

    public init(title: String, metric: String, points: [(Date, Double)], grade: Int?, goal: Goal?) {
        self.title = title
        self.metric = metric
        self.points = points.sorted { $0.0 < $1.0 }
        self.grade = grade
        self.goal = goal
    }

    /// Mid-season dates of the school year that contains `date` (fall, winter, spring).
    static func seasonDates(around date: Date) -> [Date] {
        let cal = Calendar.utc
        let y = cal.component(.year, from: date), m = cal.component(.month, from: date)
        let startYear = m >= 8 ? y : y - 1
        return [(startYear, 10, 1), (startYear + 1, 1, 15), (startYear + 1, 5, 1)].map {
            cal.date(from: DateComponents(year: $0.0, month: $0.1, day: $0.2))!
        }
    }

    public func svg(width: Double = 800, height: Double = 420) -> String {
        let left = 60.0, right = 20.0, top = 40.0, bottom = 50.0
        let plotW = width - left - right, plotH = height - top - bottom
        var dates = points.map(\.0)
        if let g = goal { dates += [g.start, g.due] }
        let band: [(Date, [Double])] = {
            guard metric == "wcpm", let g = grade, (1...6).contains(g), let anchor = points.first?.0 ?? goal?.start else { return [] }
            return zip(TrendChart.seasonDates(around: anchor), GradeNorms.table[g - 1]).compactMap { d, v in v.map { (d, $0) } }
        }()
        dates += band.map(\.0)
        let t0 = (dates.min() ?? Date()).timeIntervalSince1970, t1 = max((dates.max() ?? Date()).timeIntervalSince1970, t0 + 86_400)
        var values = points.map(\.1) + band.flatMap { [$0.1[1], $0.1[3]] }
        if let g = goal { values += [g.baseline, g.target] }
        let vmax = metric == "wcpm" ? max(40, ((values.max() ?? 100) * 1.1 / 20).rounded(.up) * 20) : 100
        func x(_ d: Date) -> Double { left + (d.timeIntervalSince1970 - t0) / (t1 - t0) * plotW }
        func y(_ v: Double) -> Double { top + plotH - min(max(v, 0), vmax) / vmax * plotH }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(left))" y="24" font-size="16" font-weight="bold">\(TrendChart.escape(title))</text>

            """
        if band.count >= 2 {
            let upper = band.map { "\(f(x($0.0))),\(f(y($0.1[3])))" }
            let lower = band.reversed().map { "\(f(x($0.0))),\(f(y($0.1[1])))" }
            s += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"#dbeafe\" stroke=\"none\"/>\n"
            s += "<polyline points=\"\(band.map { "\(f(x($0.0))),\(f(y($0.1[2])))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#60a5fa\" stroke-dasharray=\"6 4\"/>\n"
            s += "<text x=\"\(f(x(band.first!.0) + 4))\" y=\"\(f(y(band.map { $0.1[3] }.max()!) - 8))\" fill=\"#2563eb\">grade \(grade!) norms: 25th–75th percentile, median dashed</text>\n"
        }
        // Axes and ticks.
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
        let step = vmax > 150 ? 50.0 : (vmax > 60 ? 20.0 : 10.0)
        var v = 0.0
        while v <= vmax + 0.1 {
            s += "<line x1=\"\(f(left - 4))\" y1=\"\(f(y(v)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(v)))\" stroke=\"#eee\"/>"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(Int(v))</text>\n"
            v += step
        }
        let cal = Calendar.utc
        let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var month = cal.date(from: cal.dateComponents([.year, .month], from: Date(timeIntervalSince1970: t0)))!
        while month.timeIntervalSince1970 <= t1 {
            if month.timeIntervalSince1970 >= t0 {
                let c = cal.dateComponents([.year, .month], from: month)
                s += "<line x1=\"\(f(x(month)))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x(month)))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#333\"/>"
                s += "<text x=\"\(f(x(month)))\" y=\"\(f(top + plotH + 20))\" text-anchor=\"middle\">\(monthNames[c.month! - 1])</text>\n"
                if c.month == 1 || month.timeIntervalSince1970 - t0 < 32 * 86_400 {
                    s += "<text x=\"\(f(x(month)))\" y=\"\(f(top + plotH + 34))\" text-anchor=\"middle\" fill=\"#555\">\(c.year!)</text>\n"
                }
            }
            month = cal.date(byAdding: .month, value: 1, to: month)!
        }
        s += "<text x=\"16\" y=\"\(f(top + plotH / 2))\" transform=\"rotate(-90 16 \(f(top + plotH / 2)))\" text-anchor=\"middle\">\(metric == "wcpm" ? "words correct per minute" : "\(metric) %")</text>\n"
        if let g = goal {
            s += "<line x1=\"\(f(x(g.start)))\" y1=\"\(f(y(g.baseline)))\" x2=\"\(f(x(g.due)))\" y2=\"\(f(y(g.target)))\" stroke=\"#dc2626\" stroke-width=\"2\" stroke-dasharray=\"8 4\"/>"
            s += "<text x=\"\(f(x(g.due) - 4))\" y=\"\(f(y(g.target) - 8))\" text-anchor=\"end\" fill=\"#dc2626\">goal \(Int(g.target))</text>\n"
        }
        if !points.isEmpty {
            s += "<polyline points=\"\(points.map { "\(f(x($0.0))),\(f(y($0.1)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#111827\" stroke-width=\"2\"/>\n"
            for p in points { s += "<circle cx=\"\(f(x(p.0)))\" cy=\"\(f(y(p.1)))\" r=\"3.5\" fill=\"#111827\"/>" }
            s += "\n"
        } else {
            s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(top + plotH / 2))\" text-anchor=\"middle\" fill=\"#666\">no graded readings yet</text>\n"
        }
        return s + "</svg>\n"
    }

    /// A one-line terminal sparkline of the values.
    public static func sparkline(_ values: [Double]) -> String {
        guard let lo = values.min(), let hi = values.max() else { return "" }
        let bars = Array("▁▂▃▄▅▆▇█")
        return String(values.map { hi == lo ? bars[3] : bars[Int((($0 - lo) / (hi - lo) * 7).rounded())] })
    }

    static func escape(_ s: String) -> String { HTML.escape(s) }
}
