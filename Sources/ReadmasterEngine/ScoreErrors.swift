/// How far a calibrated score is expected to be from the experts' rating, so a report can
/// say "pronunciation 72 ± 9". Measured by `bench/calibrate` on speakers the models had
/// not seen (speaker-grouped cross-validation): the root mean square of score − rating
/// (0–100) over the recordings whose score fell in the same band.
public struct ScoreErrorBands: Sendable, Equatable {
    /// Each band's lowest score; a band runs to the next one's (the last to 100).
    public static let lowerBounds: [Double] = [0, 50, 65, 75, 85]
    public static var labels: [String] {
        zip(lowerBounds, lowerBounds.dropFirst() + [101]).map { "\(Int($0))-\(Int($1) - 1)" }
    }

    /// One error per band, in points on the 0–100 scale.
    public let errors: [Double]

    public init(errors: [Double]) {
        precondition(errors.count == ScoreErrorBands.lowerBounds.count)
        self.errors = errors
    }

    /// The expected error of a score of `score`.
    public func error(at score: Double) -> Double {
        let band = ScoreErrorBands.lowerBounds.lastIndex { score >= $0 } ?? 0
        return errors[band]
    }
}
