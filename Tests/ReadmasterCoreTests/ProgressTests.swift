import Foundation
import ReadmasterCore
import Testing

@Suite("Progress against grade norms")
struct ProgressTests {
    @Test("percentiles interpolate the Hasbrouck & Tindal table")
    func percentiles() {
        #expect(GradeNorms.percentile(wcpm: 97, grade: 3, season: .winter) == 50)
        #expect(GradeNorms.percentile(wcpm: 88, grade: 3, season: .winter) == 37.5)
        #expect(GradeNorms.percentile(wcpm: 300, grade: 3, season: .winter) == 99)
        #expect(GradeNorms.percentile(wcpm: 5, grade: 2, season: .fall) == 1)
        #expect(GradeNorms.percentile(wcpm: 29, grade: 1, season: .fall) == 50, "grade 1 fall uses winter")
        #expect(GradeNorms.percentile(wcpm: 50, grade: 9, season: .fall) == nil)
        #expect(GradeNorms.Season.of(month: 10) == .fall && GradeNorms.Season.of(month: 1) == .winter && GradeNorms.Season.of(month: 5) == .spring)
    }

    @Test("growth is the least-squares slope per week; low or slow readers are at risk")
    func growth() {
        let start = Date(timeIntervalSince1970: 1_757_000_000) // September 2025
        let steady = (0..<6).map { ProgressSummary.Point(date: start.addingTimeInterval(Double($0) * 7 * 86_400), wcpm: 90 + 2 * Double($0), accuracy: 95, comprehension: nil) }
        let s = ProgressSummary(points: steady, grade: 3)
        #expect(abs((s.growthPerWeek ?? 0) - 2) < 1e-9)
        #expect(s.latestWCPM == 100 && s.medianWCPM == 95 && s.assessments == 6)
        #expect(s.season == .fall && !s.atRisk)
        let low = ProgressSummary(points: [.init(date: start, wcpm: 40, accuracy: 80, comprehension: nil)], grade: 3)
        #expect(low.atRisk && low.riskReason == "below the 25th percentile")
        let flat = (0..<6).map { ProgressSummary.Point(date: start.addingTimeInterval(Double($0) * 7 * 86_400), wcpm: 100, accuracy: 95, comprehension: nil) }
        #expect(ProgressSummary(points: flat, grade: 3).atRisk)
        #expect(ProgressSummary(points: [], grade: 3).percentile == nil)
    }
}
