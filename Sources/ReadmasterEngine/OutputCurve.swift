/// A rising cubic that maps a score model's raw prediction onto the raters' scale,
/// fitted in `bench/calibrate` to the model's out-of-fold predictions on the training
/// speakers. Why: ridge shrinks and trees average, so the models pull every prediction
/// toward the mean, and most of all for the few poor readings (so762 readers rated 3
/// were predicted about 6). The curve stretches them back. On so762 it raised the
/// accuracy correlation from 0.736 to 0.746 (4-fold speaker cross-validation; 0.691 to
/// 0.704 on the held-out speakers) and the other scales by 0.002-0.004. Inputs are
/// clamped to a range where it rises (within the one it was fitted on), so it never
/// reorders two recordings.
public struct OutputCurve: Sendable {
    /// Polynomial in z = (raw − center) / scale, lowest power first.
    public let coefficients: [Double]
    public let center: Double
    public let scale: Double
    /// Inputs are clamped to lower…upper, where it rises.
    public let lower: Double
    public let upper: Double

    public init(coefficients: [Double], center: Double, scale: Double, lower: Double, upper: Double) {
        self.coefficients = coefficients
        self.center = center
        self.scale = scale
        self.lower = lower
        self.upper = upper
    }

    /// Leaves predictions as they are.
    public static let identity = OutputCurve(coefficients: [0, 1], center: 0, scale: 1, lower: -.infinity, upper: .infinity)

    public func apply(_ raw: Double) -> Double {
        guard raw.isFinite else { return raw }
        let z = (min(upper, max(lower, raw)) - center) / scale
        return coefficients.reversed().reduce(0) { $0 * z + $1 }
    }

    /// Whether it rises over lower…upper (checked at 200 points; never falling, and
    /// higher at the top than at the bottom).
    public var isRising: Bool {
        guard lower.isFinite, upper.isFinite, upper > lower else { return coefficients == OutputCurve.identity.coefficients }
        let values = (0...200).map { apply(lower + (upper - lower) * Double($0) / 200) }
        return zip(values, values.dropFirst()).allSatisfy { $0 <= $1 } && values.last! > values.first!
    }
}
