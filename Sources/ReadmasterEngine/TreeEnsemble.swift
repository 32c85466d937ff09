import Foundation

/// Gradient-boosted regression trees fitted in `bench/calibrate`: they catch what an
/// additive model cannot (a feature that matters only when another is low). Every node
/// keeps the mean of its training targets, so a prediction splits exactly into a bias
/// plus what each feature on the path changed (the path-attribution method), which is
/// what `--explain` shows. A feature that could not be measured takes its training mean.
public struct TreeEnsemble: Sendable {
    public let features: [String]
    public let fill: [Double]
    /// Node table: `feature` is −1 for a leaf; `left` takes values ≤ `threshold`.
    let feature: [Int]
    let threshold: [Double]
    let left: [Int]
    let right: [Int]
    /// Node output (already scaled by the learning rate).
    let value: [Double]
    let roots: [Int]
    /// The prediction before any tree.
    let base: Double

    /// Parses the text `bench/calibrate` writes: a header line of feature names
    /// (comma separated), a line of fill values, a line with the base, then one line per
    /// tree of `feature threshold value` triples in breadth-first order, `;`-separated,
    /// where a leaf has feature −1 and children of node i are 2i+1 and 2i+2 (a missing
    /// child is written `x`).
    public init(text: String) {
        let lines = text.split(separator: "\n").map(String.init)
        features = lines[0].split(separator: ",").map(String.init)
        fill = lines[1].split(separator: ",").map { Double($0) ?? 0 }
        base = Double(lines[2]) ?? 0
        var feature: [Int] = [], threshold: [Double] = [], value: [Double] = [], left: [Int] = [], right: [Int] = [], roots: [Int] = []
        for line in lines.dropFirst(3) {
            let slots = TreeEnsemble.slots(line)
            var index = [Int](repeating: -1, count: slots.count)
            for (i, slot) in slots.enumerated() {
                guard let slot else { continue }
                index[i] = feature.count
                feature.append(slot.feature)
                threshold.append(slot.threshold)
                value.append(slot.value)
                left.append(-1)
                right.append(-1)
            }
            for (i, node) in index.enumerated() where node >= 0 && feature[node] >= 0 {
                if 2 * i + 1 < slots.count { left[node] = index[2 * i + 1] }
                if 2 * i + 2 < slots.count { right[node] = index[2 * i + 2] }
            }
            roots.append(index[0])
        }
        self.feature = feature
        self.threshold = threshold
        self.value = value
        self.left = left
        self.right = right
        self.roots = roots
    }

    /// One tree line's slots, `nil` where written `x`. Read with strtol/strtod: the
    /// shipped calibration holds ~11,000 nodes, and parsing them through Substring and
    /// Double(_:) cost 250 million instructions at every start (3 % of analysing a 20 s
    /// recording). readmaster never calls setlocale, so strtod's decimal point is '.'.
    private static func slots(_ line: String) -> [(feature: Int, threshold: Double, value: Double)?] {
        var out: [(feature: Int, threshold: Double, value: Double)?] = []
        line.withCString { start in
            var p = UnsafeMutablePointer(mutating: start)
            while p.pointee != 0 {
                if p.pointee == CChar(UInt8(ascii: "x")) {
                    out.append(nil)
                    p += 1
                } else {
                    var end: UnsafeMutablePointer<CChar>? = p
                    let f = strtol(p, &end, 10)
                    let t = strtod(end!, &end)
                    let v = strtod(end!, &end)
                    guard let stop = end, stop != p else { break }
                    out.append((Int(f), t, v))
                    p = stop
                }
                while p.pointee != 0 && p.pointee != CChar(UInt8(ascii: ";")) { p += 1 }
                if p.pointee != 0 { p += 1 }
            }
        }
        return out
    }

    public var treeCount: Int { roots.count }

    /// The bias every prediction starts from: the base plus each tree's root value.
    public var bias: Double { base + roots.reduce(0) { $0 + value[$1] } }

    /// What each feature changed along the paths taken, by feature index.
    public func contributions(_ lookup: (String) -> Double) -> [Double] {
        let x = features.indices.map { i -> Double in
            let v = lookup(features[i])
            return v.isFinite ? v : fill[i]
        }
        var out = [Double](repeating: 0, count: features.count)
        for root in roots {
            var node = root
            while feature[node] >= 0 {
                let next = x[feature[node]] <= threshold[node] ? left[node] : right[node]
                guard next >= 0 else { break }
                out[feature[node]] += value[next] - value[node]
                node = next
            }
        }
        return out
    }

    public func predict(_ lookup: (String) -> Double) -> Double {
        bias + contributions(lookup).reduce(0, +)
    }
}
