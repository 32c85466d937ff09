import ReadmasterCore

/// How much a seed makes. `demo` at scale 1 is one school (README "Seeding");
/// `--scale` multiplies schools. `minimal` is a handful of every entity.
public struct SeedPlan: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case demo, minimal }

    public let kind: Kind
    public let scale: Int
    public let seed: UInt64

    public init(kind: Kind, scale: Int, seed: UInt64) {
        (self.kind, self.scale, self.seed) = (kind, scale, seed)
    }

    var schools: Int { kind == .minimal ? 1 : scale }
    var teachersPerSchool: Int { kind == .minimal ? 2 : 40 }
    var studentsPerClass: ClosedRange<Int> { kind == .minimal ? 3...3 : 20...30 }
    var readings: Int { kind == .minimal ? 4 : 200 }
    var questionsPerReading: ClosedRange<Int> { kind == .minimal ? 3...3 : 3...5 }
    var assessmentsPerStudent: Int { kind == .minimal ? 3 : 30 }
    var parentShare: Double { kind == .minimal ? 1 : 0.8 }
}
