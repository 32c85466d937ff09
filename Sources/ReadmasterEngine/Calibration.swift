import Foundation
import ReadmasterCore

/// An additive model fitted by ridge regression in `bench/calibrate` to one human
/// rating scale (0–10): each feature enters as itself and as hinges max(0, x − knot),
/// so its effect can bend (a piecewise-linear curve per feature) while the prediction
/// stays a sum of per-feature parts that `--explain` can show. Terms are standardised;
/// a feature that could not be measured (NaN) takes the training mean and so
/// contributes nothing.
public struct LinearModel: Sendable {
    /// The feature behind each term.
    public let features: [String]
    /// NaN for the linear term of a feature, else the hinge's knot.
    public let knots: [Double]
    public let mean: [Double]
    public let scale: [Double]
    public let weights: [Double]
    public let intercept: Double

    public init(features: [String], knots: [Double], mean: [Double], scale: [Double], weights: [Double], intercept: Double) {
        self.features = features
        self.knots = knots
        self.mean = mean
        self.scale = scale
        self.weights = weights
        self.intercept = intercept
    }

    /// The value of term `i` for feature value `x`.
    public func term(_ i: Int, _ x: Double) -> Double { knots[i].isNaN ? x : max(0, x - knots[i]) }

    /// What each feature adds to the prediction (in rating points), one entry per
    /// feature in first-appearance order.
    public func contributions(_ value: (String) -> Double) -> [(feature: String, value: Double, points: Double)] {
        var out: [(feature: String, value: Double, points: Double)] = []
        var slot: [String: Int] = [:]
        for i in features.indices {
            let v = value(features[i])
            let t = term(i, v)
            let z = t.isFinite && scale[i] > 0 ? (t - mean[i]) / scale[i] : 0
            let points = weights[i] * max(-4, min(4, z))
            if let k = slot[features[i]] { out[k].points += points } else {
                slot[features[i]] = out.count
                out.append((features[i], v, points))
            }
        }
        return out
    }

    public func predict(_ value: (String) -> Double) -> Double {
        intercept + contributions(value).reduce(0) { $0 + $1.points }
    }
}

/// The fitted models that turn features into the report's 0–100 scores. The
/// parameters live in `CalibrationParameters.swift`, written by `bench/calibrate`;
/// their `id` is part of `ReadmasterEngine.version`, so a refit changes the version.
public struct Calibration: Sendable {
    public let id: String
    /// Where the parameters came from and how well they did on held-out speakers.
    public let provenance: String
    /// One model per calibrated score (`ScoreName.calibrated`).
    public let models: [ScoreName: ScoreModel]
    /// Word pronunciation, from `WordFeatures`.
    public let word: ScoreModel
    /// What each phone scores when well pronounced, for the word model's `phone_z_*`.
    public let phoneNorms: PhoneNorms
    /// How far each score is expected to be from the experts' rating (none: not cross-validated).
    public let errors: [ScoreName: ScoreErrorBands]

    public init(id: String, provenance: String, models: [ScoreName: ScoreModel], word: ScoreModel, phoneNorms: PhoneNorms,
                errors: [ScoreName: ScoreErrorBands] = [:]) {
        precondition(Set(models.keys) == Set(ScoreName.calibrated), "a calibration has one model per calibrated score")
        self.id = id
        self.provenance = provenance
        self.models = models
        self.word = word
        self.phoneNorms = phoneNorms
        self.errors = errors
    }

    /// The models in `ScoreName.calibrated` order.
    public var scoreModels: [(score: ScoreName, model: ScoreModel)] { ScoreName.calibrated.map { ($0, models[$0]!) } }

    /// A 0–10 rating as a 0–100 score.
    public static func percent(_ rating: Double) -> Double { max(0, min(100, (rating * 10).rounded())) }

    func score(_ model: ScoreModel, _ features: Features) -> Double { Calibration.percent(model.predict { features[named: $0] }) }

    func wordScore(_ w: WordFeatures) -> Double {
        let lookup = Dictionary(uniqueKeysWithValues: zip(WordFeatures.names, w.values))
        return Calibration.percent(word.predict { lookup[$0] ?? .nan })
    }
}
