// Written by `bench/calibrate`; do not edit by hand.
extension Calibration {
    public static let current = Calibration(
        id: "unfitted", provenance: "not fitted yet",
        pronunciation: LinearModel(features: [], knots: [], mean: [], scale: [], weights: [], intercept: 5),
        fluency: LinearModel(features: [], knots: [], mean: [], scale: [], weights: [], intercept: 5),
        prosody: LinearModel(features: [], knots: [], mean: [], scale: [], weights: [], intercept: 5),
        overall: LinearModel(features: [], knots: [], mean: [], scale: [], weights: [], intercept: 5),
        word: LinearModel(features: [], knots: [], mean: [], scale: [], weights: [], intercept: 5))
}
