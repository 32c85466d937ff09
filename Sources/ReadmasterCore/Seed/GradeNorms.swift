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

    /// Median WCPM for a grade (1–6) at a point of the school year (0 = fall, 1 = spring).
    public static func wcpm(grade: Int, yearFraction t: Double) -> Double {
        let g = median[min(max(grade, 1), 6) - 1]
        let x = min(max(t, 0), 1) * 2
        return x <= 1 ? g[0] + (g[1] - g[0]) * x : g[1] + (g[2] - g[1]) * (x - 1)
    }
}
