import Foundation
import ReadmasterEngine

/// Gradient boosting of small regression trees (squared error), deterministic: a fixed
/// seed draws each tree's 70 % subsample, and split thresholds are training quantiles.
enum Boosting {
    struct Node { let feature: Int; let threshold: Double; let value: Double }

    static func fit(names: [String], x: [[Double]], y: [Double], trees: Int = 150, rate: Double = 0.05,
                    depth: Int = 3, minLeaf: Int = 15) -> (ensemble: TreeEnsemble, text: String) {
        let p = names.count, n = y.count
        var fill = [Double](repeating: 0, count: p)
        for j in 0..<p {
            let v = x.map { $0[j] }.filter(\.isFinite)
            fill[j] = v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count)
        }
        let data = x.map { row in (0..<p).map { row[$0].isFinite ? row[$0] : fill[$0] } }
        let cuts: [[Double]] = (0..<p).map { j in
            let v = data.map { $0[j] }.sorted()
            return Array(Set((1...15).map { v[Int(Double(n - 1) * Double($0) / 16)] })).sorted()
        }
        // bins[j][i]: the first cut of feature j at or above row i's value (all cuts when none):
        // row i falls left of cut k exactly when bins[j][i] <= k.
        let bins: [[UInt8]] = (0..<p).map { j in data.map { row in UInt8(cuts[j].firstIndex { row[j] <= $0 } ?? cuts[j].count) } }
        let base = y.reduce(0, +) / Double(n)
        var predicted = [Double](repeating: base, count: n)
        var lines: [String] = []
        var seed: UInt64 = 0x9E3779B97F4A7C15
        func random() -> UInt64 { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed }
        let slots = (1 << (depth + 1)) - 1
        for _ in 0..<trees {
            let residual = (0..<n).map { y[$0] - predicted[$0] }
            var order = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(random() % UInt64(i + 1))) }
            let sample = Array(order.prefix(Int(Double(n) * 0.7)))
            var tree = [Node?](repeating: nil, count: slots)
            var members = [[Int]](repeating: [], count: slots)
            members[0] = sample
            for slot in 0..<slots where !members[slot].isEmpty {
                let idx = members[slot]
                let sum = idx.reduce(0) { $0 + residual[$1] }
                let value = rate * sum / Double(idx.count)
                let level = Int(log2(Double(slot + 1)))
                var best: (gain: Double, j: Int, t: Double)?
                if level < depth, idx.count >= 2 * minLeaf {
                    let parent = sum * sum / Double(idx.count)
                    for j in 0..<p {
                        // One pass per feature: residual sums per bin, then each cut's left side
                        // is a running sum over the bins.
                        let m = cuts[j].count
                        var binSum = [Double](repeating: 0, count: m + 1), binCount = [Int](repeating: 0, count: m + 1)
                        bins[j].withUnsafeBufferPointer { column in
                            for i in idx { let b = Int(column[i]); binSum[b] += residual[i]; binCount[b] += 1 }
                        }
                        var ls = 0.0, ln = 0
                        for k in 0..<m {
                            ls += binSum[k]; ln += binCount[k]
                            let rn = idx.count - ln
                            guard ln >= minLeaf, rn >= minLeaf else { continue }
                            let gain = ls * ls / Double(ln) + (sum - ls) * (sum - ls) / Double(rn) - parent
                            if gain > (best?.gain ?? 1e-12) { best = (gain, j, cuts[j][k]) }
                        }
                    }
                }
                if let best {
                    tree[slot] = Node(feature: best.j, threshold: best.t, value: value)
                    members[2 * slot + 1] = idx.filter { data[$0][best.j] <= best.t }
                    members[2 * slot + 2] = idx.filter { data[$0][best.j] > best.t }
                } else {
                    tree[slot] = Node(feature: -1, threshold: 0, value: value)
                }
            }
            for i in 0..<n {
                var slot = 0
                while let node = tree[slot], node.feature >= 0 {
                    slot = data[i][node.feature] <= node.threshold ? 2 * slot + 1 : 2 * slot + 2
                }
                predicted[i] += tree[slot]!.value
            }
            let used = (tree.lastIndex { $0 != nil } ?? 0) + 1
            lines.append(tree.prefix(used).map { node in
                node.map { "\($0.feature) \(num($0.threshold)) \(num($0.value))" } ?? "x"
            }.joined(separator: ";"))
        }
        let text = names.joined(separator: ",") + "\n" + fill.map(num).joined(separator: ",") + "\n" + num(base) + "\n"
            + lines.joined(separator: "\n") + "\n"
        return (TreeEnsemble(text: text), text)
    }

    static func num(_ v: Double) -> String { String(format: "%.6g", v) }
}
