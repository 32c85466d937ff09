import Foundation

/// A student's reading progress from their graded assessments: where they stand against
/// the grade norms, how fast they grow, and whether they are at risk.
public struct ProgressSummary: Sendable {
    public struct Point: Sendable {
        public let date: Date
        public let wcpm: Double
        public let accuracy: Double?
        public let comprehension: Double?

        public init(date: Date, wcpm: Double, accuracy: Double?, comprehension: Double?) {
            (self.date, self.wcpm, self.accuracy, self.comprehension) = (date, wcpm, accuracy, comprehension)
        }
    }

    public let assessments: Int
    public let latestWCPM: Double?
    public let medianWCPM: Double?
    public let latestAccuracy: Double?
    public let latestComprehension: Double?
    public let season: GradeNorms.Season?
    public let percentile: Double?
    /// Least-squares WCPM gained per week over all assessments (nil with fewer than 2
    /// assessments or all on one day).
    public let growthPerWeek: Double?
    public let expectedGrowthPerWeek: Double?
    public let atRisk: Bool
    public let riskReason: String?

    public init(points unsorted: [Point], grade: Int?, calendar: Calendar = Calendar(identifier: .gregorian)) {
        let points = unsorted.sorted { $0.date < $1.date }
        assessments = points.count
        latestWCPM = points.last?.wcpm
        let sorted = points.map(\.wcpm).sorted()
        medianWCPM = sorted.isEmpty ? nil : (sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
        latestAccuracy = points.last?.accuracy
        latestComprehension = points.last(where: { $0.comprehension != nil })?.comprehension
        var cal = calendar
        cal.timeZone = Calendar.utc.timeZone
        season = points.last.map { GradeNorms.Season.of(month: cal.component(.month, from: $0.date)) }
        if let g = grade, let w = latestWCPM, let s = season { percentile = GradeNorms.percentile(wcpm: w, grade: g, season: s) } else { percentile = nil }
        growthPerWeek = ProgressSummary.slopePerWeek(points)
        expectedGrowthPerWeek = grade.flatMap { (1...6).contains($0) ? GradeNorms.weeklyGrowth[$0 - 1] : nil }
        if let p = percentile, p < 25 {
            atRisk = true
            riskReason = "below the 25th percentile"
        } else if let g = growthPerWeek, let e = expectedGrowthPerWeek, points.count >= 4, g < e / 2 {
            atRisk = true
            riskReason = "growing \(String(format: "%.1f", g)) WCPM a week, under half the expected \(String(format: "%.1f", e))"
        } else {
            atRisk = false
            riskReason = nil
        }
    }

    static func slopePerWeek(_ points: [Point]) -> Double? {
        guard points.count >= 2, let first = points.first?.date else { return nil }
        let xs = points.map { $0.date.timeIntervalSince(first) / (7 * 86_400) }
        let ys = points.map(\.wcpm)
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        guard sxx > 1e-9 else { return nil }
        let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        return sxy / sxx
    }
}
