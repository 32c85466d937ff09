/// What a well-pronounced phone scores: per phone (stress removed), the mean and
/// standard deviation of its GOP over the calibration words the raters gave 10, fitted
/// by `bench/calibrate` with the score models. Some phones fit the acoustic model worse
/// whoever says them (short vowels, stops), so a phone's distance from its own norm says
/// more about the speaker than its raw GOP: on so762 the three word features built on
/// it add 0.01–0.02 to the word correlation.
public struct PhoneNorms: Sendable {
    /// Phone → (mean, standard deviation) of GOP.
    public let norms: [String: [Double]]
    /// For a phone without a norm: all phones together.
    public let fallback: [Double]

    public init(norms: [String: [Double]], fallback: [Double]) {
        self.norms = norms
        self.fallback = fallback
    }

    /// Standard deviations from what a good reading of this phone scores.
    public func z(phone: String, gop: Double) -> Double {
        let n = norms[PhoneNorms.key(phone)] ?? fallback
        return n[1] > 0 ? (gop - n[0]) / n[1] : 0
    }

    /// The phone a norm is kept for: stress does not change how it is said.
    public static func key(_ phone: String) -> String { Phonetics.stripStress(phone) }

    /// A word's `phone_z_mean`, `phone_z_min` and `phone_z_low_share` (phones more than
    /// two deviations under their norm) from its phones and their GOPs; NaN for a word
    /// without phones.
    public func wordFeatures(phones: [String], gops: [Double]) -> [Double] {
        guard !phones.isEmpty else { return [.nan, .nan, .nan] }
        let z = zip(phones, gops).map { self.z(phone: $0, gop: $1) }
        return [z.reduce(0, +) / Double(z.count), z.min()!, Double(z.filter { $0 < -2 }.count) / Double(z.count)]
    }

    public static let featureNames: [WordFeature] = [.phoneZMean, .phoneZMin, .phoneZLowShare]
}
