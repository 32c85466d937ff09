import Foundation
import ReadmasterEngine

/// Ridge regression on standardised features (missing values take the mean), with the
/// penalty chosen by cross-validation over groups (speakers), so no speaker is ever
/// both fitted and scored.
enum Ridge {
    static let penalties: [Double] = [0.3, 1, 3, 10, 30, 100, 300, 1000]

    static func fit(names: [String], x: [[Double]], y: [Double], lambda: Double, hinges: Int) -> LinearModel {
        NormalEquations(names: names, x: x, y: y, hinges: hinges).solve(lambda: lambda)
    }

    /// The standardised terms' normal equations for one training set, built once and solved
    /// for each penalty (building them is what costs: rows × terms²).
    struct NormalEquations {
        let names: [String], source: [Int], knots: [Double], mean: [Double], scale: [Double], my: Double
        let a: [[Double]], b: [Double]

        init(names: [String], x: [[Double]], y: [Double], hinges: Int) {
            // Terms: each feature itself, plus hinges at evenly spaced quantiles.
            var source: [Int] = [], knots: [Double] = []
            for j in names.indices {
                source.append(j); knots.append(.nan)
                let v = x.map { $0[j] }.filter(\.isFinite).sorted()
                guard hinges > 0, v.count > 20 else { continue }
                for q in 1...hinges {
                    let k = v[Int(Double(v.count - 1) * Double(q) / Double(hinges + 1))]
                    if k > v.first!, k < v.last!, !zip(source, knots).contains(where: { $0.0 == j && $0.1 == k }) {
                        source.append(j); knots.append(k)
                    }
                }
            }
            let p = source.count, n = x.count
            let t = x.map { row in (0..<p).map { m in
                let v = row[source[m]]
                return v.isFinite ? (knots[m].isNaN ? v : max(0, v - knots[m])) : .nan } }
            var mean = [Double](repeating: 0, count: p), scale = [Double](repeating: 1, count: p)
            for j in 0..<p {
                let v = t.map { $0[j] }.filter(\.isFinite)
                mean[j] = v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count)
                let sd = v.isEmpty ? 0 : sqrt(v.reduce(0) { $0 + ($1 - mean[j]) * ($1 - mean[j]) } / Double(v.count))
                scale[j] = sd > 1e-12 ? sd : 0
            }
            // Same clipping of z-scores as LinearModel applies when predicting.
            let my = y.reduce(0, +) / Double(n)
            var a = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            var b = [Double](repeating: 0, count: p)
            var z = [Double](repeating: 0, count: p)
            for i in 0..<n {
                for j in 0..<p {
                    let v = t[i][j]
                    z[j] = v.isFinite && scale[j] > 0 ? max(-4, min(4, (v - mean[j]) / scale[j])) : 0
                }
                for j in 0..<p where z[j] != 0 {
                    b[j] += z[j] * (y[i] - my)
                    let zj = z[j]
                    a[j].withUnsafeMutableBufferPointer { row in for k in 0..<p { row[k] += zj * z[k] } }
                }
            }
            (self.names, self.source, self.knots, self.mean, self.scale, self.my, self.a, self.b) = (names, source, knots, mean, scale, my, a, b)
        }

        func solve(lambda: Double) -> LinearModel {
            var a = self.a
            for j in a.indices { a[j][j] += lambda }
            let w = Ridge.solve(a, b)
            return LinearModel(features: source.map { names[$0] }, knots: knots, mean: mean, scale: scale, weights: w, intercept: my)
        }
    }

    /// Picks the penalty and number of hinges with the best pooled out-of-fold correlation.
    static func crossValidated(names: [String], x: [[Double]], y: [Double], groups: [String], folds: Int = 5)
        -> (model: LinearModel, description: String, lambda: Double, hinges: Int) {
        let distinct = Array(Set(groups)).sorted()
        let fold = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0 % folds) })
        var best = (lambda: penalties[0], hinges: 0, r: -2.0)
        let column = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        for hinges in [0, 2, 4] {
            // One set of normal equations per fold, solved for every penalty.
            let equations = (0..<folds).map { k in
                let train = y.indices.filter { fold[groups[$0]] != k }
                return NormalEquations(names: names, x: train.map { x[$0] }, y: train.map { y[$0] }, hinges: hinges)
            }
            for lambda in penalties {
                var predicted = [Double](repeating: 0, count: y.count)
                for k in 0..<folds {
                    let model = equations[k].solve(lambda: lambda)
                    for i in y.indices where fold[groups[i]] == k {
                        predicted[i] = model.predict { name in x[i][column[name]!] }
                    }
                }
                let r = pearson(predicted, y)
                if r > best.r { best = (lambda, hinges, r) }
            }
        }
        return (fit(names: names, x: x, y: y, lambda: best.lambda, hinges: best.hinges), "penalty \(best.lambda), \(best.hinges) hinges",
                best.lambda, best.hinges)
    }

    static func solve(_ a0: [[Double]], _ b0: [Double]) -> [Double] {
        var a = a0, b = b0
        let n = b.count
        for c in 0..<n {
            let pivot = (c..<n).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            a.swapAt(c, pivot); b.swapAt(c, pivot)
            guard abs(a[c][c]) > 1e-12 else { continue }
            for r in 0..<n where r != c {
                let f = a[r][c] / a[c][c]
                if f == 0 { continue }
                for k in c..<n { a[r][k] -= f * a[c][k] }
                b[r] -= f * b[c]
            }
        }
        return (0..<n).map { abs(a[$0][$0]) > 1e-12 ? b[$0] / a[$0][$0] : 0 }
    }
}

func pearson(_ a: [Double], _ b: [Double]) -> Double {
    let pairs = zip(a, b).filter { $0.0.isFinite && $0.1.isFinite }
    let n = Double(pairs.count)
    guard n > 2 else { return .nan }
    let ma = pairs.reduce(0) { $0 + $1.0 } / n, mb = pairs.reduce(0) { $0 + $1.1 } / n
    var sab = 0.0, saa = 0.0, sbb = 0.0
    for (x, y) in pairs { sab += (x - ma) * (y - mb); saa += (x - ma) * (x - ma); sbb += (y - mb) * (y - mb) }
    return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : 0
}
