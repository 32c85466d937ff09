/// Oral reading fluency norms, words correct per minute at the 50th percentile by grade
/// and season, after Hasbrouck & Tindal (2017), "An update to compiled ORF norms"
/// (Technical Report 1702, Behavioral Research and Teaching, University of Oregon).
/// Seeded readers grow along these; grade 1 has no fall norm, so its fall value is
/// extrapolated from winter and spring.
public enum GradeNorms {
    /// [grade 1…6][fall, winter, spring]
    public static let median: [[Double]] = [
        [15, 29, 60], [50, 84, 100], [83, 97, 112], [94, 120, 133], [121, 133, 146], [132, 145, 146],
    ]
    /// Roughly the spread of the published percentiles (25th–75th ≈ ±0.67 SD).
    public static let standardDeviation: [Double] = [22, 35, 38, 38, 40, 40]

    public enum Season: Int, Sendable, CaseIterable {
        case fall, winter, spring
        public var name: String { ["fall", "winter", "spring"][rawValue] }

        /// Fall is August–November, winter December–February, spring March–July.
        public static func of(month: Int) -> Season {
            switch month {
            case 8...11: return .fall
            case 12, 1, 2: return .winter
            default: return .spring
            }
        }
    }

    /// The published percentile points, 10th to 90th.
    public static let percentiles: [Double] = [10, 25, 50, 75, 90]

    /// WCPM at the 10th, 25th, 50th, 75th and 90th percentiles, [grade 1…6][season].
    /// Grade 1 has no fall norms (nil).
    public static let table: [[[Double]?]] = [
        [nil, [9, 16, 29, 59, 97], [18, 34, 60, 91, 116]],
        [[23, 36, 50, 84, 111], [35, 59, 84, 109, 131], [43, 72, 100, 124, 148]],
        [[40, 59, 83, 104, 134], [62, 79, 97, 137, 161], [63, 91, 112, 139, 166]],
        [[60, 75, 94, 125, 153], [71, 95, 120, 143, 168], [83, 105, 133, 160, 184]],
        [[64, 87, 121, 153, 179], [84, 109, 133, 160, 183], [102, 119, 146, 169, 195]],
        [[89, 112, 132, 159, 185], [91, 116, 145, 166, 195], [91, 122, 146, 173, 204]],
    ]

    /// Average weekly WCPM growth at the 50th percentile (fall to spring / 32 weeks).
    public static let weeklyGrowth: [Double] = [1.9, 1.6, 0.9, 1.2, 0.8, 0.3]

    public static let citation = "Hasbrouck, J. & Tindal, G. (2017). An update to compiled ORF norms (Technical Report No. 1702). Behavioral Research and Teaching, University of Oregon."

    /// The percentile a WCPM stands at for a grade and season, interpolated between the
    /// published points and extrapolated (clamped to 1–99) outside them; nil where the
    /// norms have no column (grade 1 in fall: winter is used instead) or grade is outside 1–6.
    public static func percentile(wcpm: Double, grade: Int, season: Season) -> Double? {
        guard (1...6).contains(grade) else { return nil }
        guard let points = table[grade - 1][season.rawValue] ?? table[grade - 1][Season.winter.rawValue] else { return nil }
        var lower = 0
        while lower < points.count - 2, wcpm > points[lower + 1] { lower += 1 }
        let (w0, w1, p0, p1) = (points[lower], points[lower + 1], percentiles[lower], percentiles[lower + 1])
        let p = w1 == w0 ? p0 : p0 + (wcpm - w0) / (w1 - w0) * (p1 - p0)
        return min(99, max(1, (p * 10).rounded() / 10))
    }

    /// Median WCPM for a grade (1–6) at a point of the school year (0 = fall, 1 = spring).
    public static func wcpm(grade: Int, yearFraction t: Double) -> Double {
        let g = median[min(max(grade, 1), 6) - 1]
        let x = min(max(t, 0), 1) * 2
        return x <= 1 ? g[0] + (g[1] - g[0]) * x : g[1] + (g[2] - g[1]) * (x - 1)
    }
}
