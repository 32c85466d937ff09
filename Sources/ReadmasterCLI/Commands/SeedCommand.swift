import Foundation
import ReadmasterCore
import ReadmasterStore

/// `readmaster seed demo|minimal`: deterministic test databases for CI and demos.
enum SeedCommand {
    static let options: [OptionSpec] = [
        OptionSpec(.scale, value: "N", help: "number of schools (demo; default 1)"),
        OptionSpec(.seed, value: "S", help: "random seed; the same seed gives the same data (default: random, printed)"),
        OptionSpec(.reset, help: "delete the previous seed's data first"),
        OptionSpec(.alongsideData, help: "seed even when the database holds data that is not from a seed"),
        OptionSpec(.force, help: "old spelling of --alongside-data"),
        OptionSpec(.yes, help: "with --reset: delete without asking (it asks on a terminal)"),
    ]

    static let spec = CommandSpec(
        "seed", summary: "fill the database with realistic, deterministic test data",
        discussion: "demo at scale 1 is one school: 40 teachers and classes of 20-30 students, parents, 200 readings with quizzes, and a school year of about 30 assessments per student whose WCPM grows along the Hasbrouck & Tindal norms, with one result_words row per passage word. minimal is a handful of each entity.",
        subcommands: [
            CommandSpec("demo", summary: "one school per --scale, a year of assessments", options: options,
                        examples: ["readmaster seed demo --seed 1"], handler: { try run($0, .demo) }),
            CommandSpec("minimal", summary: "a handful of every entity (for unit-style tests)", options: options,
                        examples: ["readmaster migrate up && readmaster seed minimal --seed 1"], handler: { try run($0, .minimal) }),
        ])

    static func run(_ inv: Invocation, _ kind: SeedPlan.Kind) throws -> Int32 {
        let scale = try inv.int(.scale, in: 1...1000) ?? 1
        if kind == .minimal, inv.value(.scale) != nil { throw CLIError.usage("seed minimal: --scale is for seed demo") }
        var seed: UInt64
        if let s = inv.value(.seed) {
            guard let v = UInt64(s) else { throw CLIError.usage("--seed takes a whole number from 0 to \(UInt64.max), not \(quoted(s))") }
            seed = v
        } else {
            var g = SystemRandomNumberGenerator()
            seed = UInt64(g.next() % 1_000_000_000)
            inv.note("seed \(seed) (run again with --seed \(seed) for the same data)")
        }
        return try inv.withSession(requiring: .seedDatabase, "may not seed the database") { conn, acting in
            let contents = try Seeder.contents(conn)
            switch contents {
            case .empty: break
            case let .seeded(desc):
                // The same seed again is a no-op: CI scripts run twice.
                var same = false
                if let marker = try? JSONParser.parse(desc) {
                    let wanted: [(String, JSONValue)] = [("kind", .string(kind.rawValue)), ("seed", .string(String(seed))), ("scale", .int(Int64(scale)))]
                    same = wanted.allSatisfy { key, value in marker[key] == value }
                }
                if same, !inv.flag(.reset) {
                    inv.note("the database already holds this seed (\(kind.rawValue), seed \(seed)); nothing to do (--reset writes it again)")
                    return ExitCodes.ok
                }
                guard inv.flag(.reset) else { throw CLIError.badInput("the database already holds another seed (\(desc)); use --reset to replace it") }
                try inv.confirm("--reset deletes every row of the database (seed \(desc))")
                try Seeder.reset(conn)
            case .other:
                guard inv.flag(.alongsideData, formerly: .force) else {
                    throw CLIError.badInput("the database holds data that is not from a seed; seeding would mix with it (use --alongside-data, with --reset to delete it)")
                }
                if inv.flag(.reset) {
                    try inv.confirm("--reset deletes every row of the database, including data that is not from a seed")
                    try Seeder.reset(conn)
                }
            }
            let started = Date()
            let progress = Progress(total: Seeder.tables.count, sink: inv.err, enabled: inv.err.isTerminal && !inv.globals.quiet)
            var last = Date()
            let counts = try Seeder(conn, plan: SeedPlan(kind: kind, scale: scale, seed: seed)).run { table in
                progress.step()
                inv.verbose(String(format: "%.2f s, then %@", Date().timeIntervalSince(last), table))
                last = Date()
            }
            progress.clear()
            let seconds = Date().timeIntervalSince(started)
            var t = Table(columns: [.init("table"), .init("rows", numeric: true)])
            t.rows = counts.rows.map { [.string($0.0), .int(Int64($0.1))] }
            inv.emit(t)
            inv.note(String(format: "seeded %@ (seed %llu): %d rows in %.1f s, %.0f rows/s", kind.rawValue, seed, counts.total, seconds,
                            Double(counts.total) / max(seconds, 1e-9)))
            return ExitCodes.ok
        }
    }
}
