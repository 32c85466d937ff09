import Foundation

/// A linear model on standardised features, fitted by ridge regression in
/// `bench/calibrate` to one human rating scale (0–10). A feature that could not be
/// measured (NaN) takes the training mean and so contributes nothing.
public struct LinearModel: Sendable {
    public let features: [String]
    public let mean: [Double]
    public let scale: [Double]
    public let weights: [Double]
    public let intercept: Double

    public init(features: [String], mean: [Double], scale: [Double], weights: [Double], intercept: Double) {
        self.features = features
        self.mean = mean
        self.scale = scale
        self.weights = weights
        self.intercept = intercept
    }

    /// What each feature adds to the prediction (in rating points), in model order.
    public func contributions(_ value: (String) -> Double) -> [(feature: String, value: Double, points: Double)] {
        features.indices.map { i in
            let v = value(features[i])
            let z = v.isFinite && scale[i] > 0 ? (v - mean[i]) / scale[i] : 0
            return (features[i], v, weights[i] * max(-4, min(4, z)))
        }
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
    public let pronunciation: LinearModel
    public let fluency: LinearModel
    public let prosody: LinearModel
    public let overall: LinearModel
    /// Word pronunciation, from `WordFeatures`.
    public let word: LinearModel

    public init(id: String, provenance: String, pronunciation: LinearModel, fluency: LinearModel, prosody: LinearModel,
                overall: LinearModel, word: LinearModel) {
        self.id = id
        self.provenance = provenance
        self.pronunciation = pronunciation
        self.fluency = fluency
        self.prosody = prosody
        self.overall = overall
        self.word = word
    }

    /// The models by report score name, in report order.
    public var scoreModels: [(score: String, model: LinearModel)] {
        [("fluency", fluency), ("prosody", prosody), ("pronunciation", pronunciation), ("overall", overall)]
    }

    /// A 0–10 rating as a 0–100 score.
    static func percent(_ rating: Double) -> Double { max(0, min(100, (rating * 10).rounded())) }

    func score(_ model: LinearModel, _ features: Features) -> Double { Calibration.percent(model.predict { features[$0] }) }

    func wordScore(_ w: WordFeatures) -> Double {
        let lookup = Dictionary(uniqueKeysWithValues: zip(WordFeatures.names, w.values))
        return Calibration.percent(word.predict { lookup[$0] ?? .nan })
    }
}
