/// A word the recogniser heard, stripped of pronunciation-variant marks.
public struct HeardWord: Sendable, Equatable {
    public let word: String
    public let start: Double
    public let end: Double
    public let posterior: Double
    /// Acoustic score per frame, relative to the best senone of each frame.
    public let acousticPerFrame: Double
}

/// One step of the word alignment between the passage and what was heard.
public enum AlignmentStep: Sendable, Equatable {
    case match(passage: Int, heard: Int)
    case substitution(passage: Int, heard: Int)
    case omission(passage: Int)
    /// A heard word with no passage counterpart, before passage word `before`.
    case insertion(heard: Int, before: Int)
}

/// Word-level edit distance where a substitution costs less the more alike the two
/// words sound, so "horse" aligns with "house" rather than shifting the alignment.
public enum Aligner {
    static let omissionCost = 1.0
    static let insertionCost = 1.0

    public static func align(passage: [String], heard: [String], pronunciations: [String: [[String]]]) -> [AlignmentStep] {
        let n = passage.count, m = heard.count
        var cost = [[Double]](repeating: [Double](repeating: 0, count: m + 1), count: n + 1)
        var back = [[UInt8]](repeating: [UInt8](repeating: 0, count: m + 1), count: n + 1)
        for i in 1...max(n, 1) where i <= n { cost[i][0] = Double(i) * omissionCost; back[i][0] = 1 }
        for j in 1...max(m, 1) where j <= m { cost[0][j] = Double(j) * insertionCost; back[0][j] = 2 }
        // Words become small integers and pronunciations lose their stress marks once, so
        // each distinct pair's cost is computed once and looked up in a table after that.
        var ids: [String: Int] = [:], stripped: [[[String]]] = [], spelled: [String] = []
        func id(_ word: String) -> Int {
            if let known = ids[word] { return known }
            ids[word] = spelled.count
            spelled.append(word)
            stripped.append((pronunciations[word] ?? []).map { $0.map(Phonetics.stripStress) })
            return spelled.count - 1
        }
        let p = passage.map(id), h = heard.map(id)
        let u = spelled.count
        var table = [Double](repeating: -1, count: u * u)
        func substitution(_ a: Int, _ b: Int) -> Double {
            if a == b { return 0 }
            if table[a * u + b] >= 0 { return table[a * u + b] }
            let d = 0.55 + 0.5 * Phonetics.distance(stripped: stripped[a], stripped[b], fallbackA: spelled[a], fallbackB: spelled[b])
            table[a * u + b] = d
            return d
        }
        if n > 0 && m > 0 {
            for i in 1...n {
                for j in 1...m {
                    let diag = cost[i - 1][j - 1] + substitution(p[i - 1], h[j - 1])
                    let del = cost[i - 1][j] + omissionCost
                    let ins = cost[i][j - 1] + insertionCost
                    // Ties prefer the diagonal, then insertion (a reader adds more often than skips).
                    if diag <= del && diag <= ins { cost[i][j] = diag; back[i][j] = 0 }
                    else if ins <= del { cost[i][j] = ins; back[i][j] = 2 }
                    else { cost[i][j] = del; back[i][j] = 1 }
                }
            }
        }
        // A reading that stops early is not a string of omissions (DIBELS): besides the
        // alignment of the whole passage, the one that ends at the cheapest passage position
        // with everything heard used (trailing passage words free) is traced, and kept when
        // it matches as many words, so a last "the" is not matched to one at the passage's
        // end; when a reader skipped a stretch and read on, the whole alignment matches more.
        func trace(_ end: Int) -> [AlignmentStep] {
            var steps: [AlignmentStep] = []
            for k in stride(from: n - 1, through: end, by: -1) { steps.append(.omission(passage: k)) }
            var i = end, j = m
            while i > 0 || j > 0 {
                switch back[i][j] {
                case 0 where i > 0 && j > 0:
                    steps.append(passage[i - 1] == heard[j - 1] ? .match(passage: i - 1, heard: j - 1) : .substitution(passage: i - 1, heard: j - 1))
                    i -= 1; j -= 1
                case 1 where i > 0:
                    steps.append(.omission(passage: i - 1)); i -= 1
                default:
                    steps.append(.insertion(heard: j - 1, before: i)); j -= 1
                }
            }
            return steps.reversed()
        }
        let whole = trace(n)
        var end = n
        if m > 0 { for i in 0...n where cost[i][m] < cost[end][m] { end = i } }
        guard end < n else { return whole }
        let early = trace(end)
        func matches(_ s: [AlignmentStep]) -> Int { s.reduce(0) { if case .match = $1 { return $0 + 1 } else { return $0 } } }
        return matches(early) >= matches(whole) ? early : whole
    }
}

/// How alike two words sound: normalised phone edit distance, 0 (same) … 1 (unalike).
enum Phonetics {
    static func distance(_ a: [[String]], _ b: [[String]], fallbackA: String, fallbackB: String) -> Double {
        distance(stripped: a.map { $0.map(stripStress) }, b.map { $0.map(stripStress) }, fallbackA: fallbackA, fallbackB: fallbackB)
    }

    /// `distance` for pronunciations whose stress marks are already gone.
    static func distance(stripped a: [[String]], _ b: [[String]], fallbackA: String, fallbackB: String) -> Double {
        guard !a.isEmpty, !b.isEmpty else {
            return normalizedEdit(Array(fallbackA), Array(fallbackB))
        }
        var best = 1.0
        for x in a { for y in b { best = min(best, normalizedEdit(x, y)) } }
        return best
    }

    static func stripStress(_ p: String) -> String { p.filter { !$0.isNumber } }

    static func normalizedEdit<T: Equatable>(_ a: [T], _ b: [T]) -> Double {
        if a.isEmpty && b.isEmpty { return 0 }
        var prev = Array(0...b.count)
        var cur = prev
        for i in 1...max(a.count, 1) where i <= a.count {
            cur[0] = i
            for j in 1...max(b.count, 1) where j <= b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return Double(prev[b.count]) / Double(max(a.count, b.count))
    }
}
