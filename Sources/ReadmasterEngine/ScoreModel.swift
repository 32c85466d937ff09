/// One calibrated score: a blend of the additive ridge model and the boosted trees
/// (`bench/calibrate` gives the recording scores an equal blend and chooses the word
/// score's share by cross-validation on the training speakers). Both parts split into per-feature points, so the blend does too.
public struct ScoreModel: Sendable {
    public let linear: LinearModel
    public let trees: TreeEnsemble
    /// Weight of `linear` in the blend (0…1); the trees get the rest.
    public let linearShare: Double

    public init(linear: LinearModel, trees: TreeEnsemble, linearShare: Double) {
        self.linear = linear
        self.trees = trees
        self.linearShare = linearShare
    }

    /// The prediction for an average training recording, where every feature adds 0.
    public var intercept: Double { linearShare * linear.intercept + (1 - linearShare) * trees.bias }

    /// Every feature either part uses, in first-appearance order.
    public var features: [String] {
        var seen = Set<String>()
        return (linear.features + trees.features).filter { seen.insert($0).inserted }
    }

    /// What each feature adds to the prediction (rating points), one entry per feature.
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

    public func predict(_ value: (String) -> Double) -> Double {
        intercept + contributions(value).reduce(0) { $0 + $1.points }
    }
}
