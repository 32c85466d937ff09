import Foundation

/// A small, fast, seedable generator (SplitMix64). Every seeded entity gets its own
/// stream from (seed, kind, index), so any row can be regenerated on its own and the
/// same seed gives the same data on every backend and every run.
public struct SeedRandom: Sendable {
    private var state: UInt64

    public init(_ seed: UInt64, _ kind: UInt64 = 0, _ index: UInt64 = 0) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 ^ kind &* 0xBF58_476D_1CE4_E5B9 ^ index &* 0x94D0_49BB_1331_11EB
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

    public mutating func range(_ r: ClosedRange<Int>) -> Int { r.lowerBound + below(r.count) }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(unit(), 1e-12), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// A UUID whose first six bytes are `index`, so ids made in order sort in order:
    /// bulk loads then append to primary-key indexes instead of inserting at random.
    public mutating func orderedUUID(_ index: UInt64) -> UUID {
        var u = uuid().uuid
        withUnsafeMutableBytes(of: &u) { b in
            for i in 0..<6 { b[i] = UInt8(truncatingIfNeeded: index >> (8 * UInt64(5 - i))) }
        }
        return UUID(uuid: u)
    }

    /// A version-4 UUID from the stream.
    public mutating func uuid() -> UUID {
        let a = next(), b = next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * UInt64(i))) }
        for i in 0..<8 { bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * UInt64(i))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
