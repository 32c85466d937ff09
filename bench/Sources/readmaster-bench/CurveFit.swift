import ReadmasterEngine

/// Fits an `OutputCurve`: least-squares cubic of the ratings on a model's out-of-fold
/// predictions (in z units, for a well-conditioned solve). A cubic may turn near the
/// ends of the range (the few best readings are all rated 10), which would reorder
/// recordings, so its input range is cut where it stops rising (it stays flat beyond);
/// a cubic that falls at the center is not used at all.
func fitCurve(raw: [Double], y: [Double]) -> OutputCurve {
    let pairs = zip(raw, y).filter { $0.0.isFinite && $0.1.isFinite }
    guard pairs.count > 20 else { return .identity }
    let n = Double(pairs.count)
    let center = pairs.reduce(0) { $0 + $1.0 } / n
    let sd = (pairs.reduce(0) { $0 + ($1.0 - center) * ($1.0 - center) } / n).squareRoot()
    guard sd > 1e-9 else { return .identity }
    var a = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4), b = [Double](repeating: 0, count: 4)
    for (x, t) in pairs {
        let z = (x - center) / sd
        let powers = [1, z, z * z, z * z * z]
        for j in 0..<4 {
            b[j] += powers[j] * t
            for k in 0..<4 { a[j][k] += powers[j] * powers[k] }
        }
    }
    let c = Ridge.solve(a, b)
    guard c[1] > 0 else { return .identity }
    // Where the slope c1 + 2 c2 z + 3 c3 z² is zero, on either side of the center.
    var left = (pairs.map(\.0).min()! - center) / sd, right = (pairs.map(\.0).max()! - center) / sd
    let qa = 3 * c[3], qb = 2 * c[2], qc = c[1]
    if abs(qa) > 1e-12 {
        let disc = qb * qb - 4 * qa * qc
        if disc >= 0 {
            for root in [(-qb - disc.squareRoot()) / (2 * qa), (-qb + disc.squareRoot()) / (2 * qa)] {
                if root < 0 { left = max(left, root) } else { right = min(right, root) }
            }
        }
    } else if abs(qb) > 1e-12 {
        let root = -qc / qb
        if root < 0 { left = max(left, root) } else { right = min(right, root) }
    }
    let curve = OutputCurve(coefficients: c, center: center, scale: sd, lower: center + left * sd, upper: center + right * sd)
    return curve.isRising ? curve : .identity
}
