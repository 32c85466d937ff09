/// One calibrated score: a blend of the additive ridge model and the boosted trees
/// (`bench/calibrate` gives the recording scores an equal blend and chooses the word
/// score's share by cross-validation on the training speakers), then mapped onto the
/// raters' scale by an `OutputCurve`. Both parts split into per-feature points, so the
/// blend does too; the curve's change is shared out in proportion to them (`explained`).
public struct ScoreModel: Sendable {
    public let linear: LinearModel
    public let trees: TreeEnsemble
    /// Weight of `linear` in the blend (0…1); the trees get the rest.
    public let linearShare: Double
    public let curve: OutputCurve

    public init(linear: LinearModel, trees: TreeEnsemble, linearShare: Double, curve: OutputCurve = .identity) {
        self.linear = linear
        self.trees = trees
        self.linearShare = linearShare
        self.curve = curve
    }

    /// The blend's prediction for an average training recording, where every feature adds 0.
    public var intercept: Double { linearShare * linear.intercept + (1 - linearShare) * trees.bias }

    /// Every feature either part uses, in first-appearance order.
    public var features: [String] {
        var seen = Set<String>()
        return (linear.features + trees.features).filter { seen.insert($0).inserted }
    }

    /// What each feature adds to the blend's prediction (rating points), one entry per feature.
    public func contributions(_ value: (String) -> Double) -> [(feature: String, value: Double, points: Double)] {
        var out = linear.contributions(value).map { ($0.feature, $0.value, $0.points * linearShare) }
        var slot = Dictionary(uniqueKeysWithValues: out.enumerated().map { ($1.0, $0) })
        for (i, points) in trees.contributions(value).enumerated() {
            let name = trees.features[i]
            if let k = slot[name] { out[k].2 += points * (1 - linearShare) } else {
                slot[name] = out.count
                out.append((name, value(name), points * (1 - linearShare)))
            }
        }
        return out.map { (feature: $0.0, value: $0.1, points: $0.2) }
    }

    /// The prediction before the curve.
    public func raw(_ value: (String) -> Double) -> Double { raw(contributions(value)) }

    private func raw(_ parts: [(feature: String, value: Double, points: Double)]) -> Double {
        intercept + parts.reduce(0) { $0 + $1.points }
    }

    public func predict(_ value: (String) -> Double) -> Double { curve.apply(raw(value)) }

    /// The prediction as a baseline (the curve at the average recording) plus what each
    /// feature adds: its blend points times the curve's slope between the average
    /// recording and this one, so the parts add up to `predict` exactly.
    public func explained(_ value: (String) -> Double) -> (baseline: Double, contributions: [(feature: String, value: Double, points: Double)]) {
        let parts = contributions(value)
        let raw = raw(parts)
        let baseline = curve.apply(intercept)
        let slope = abs(raw - intercept) > 1e-9 ? (curve.apply(raw) - baseline) / (raw - intercept)
            : (curve.apply(intercept + 1e-3) - curve.apply(intercept - 1e-3)) / 2e-3
        return (baseline, parts.map { ($0.feature, $0.value, $0.points * slope) })
    }
}
