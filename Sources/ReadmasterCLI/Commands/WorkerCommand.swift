import Foundation
import ReadmasterCore
import ReadmasterEngine
import ReadmasterStore

/// `readmaster assess worker`: grades the recordings `assess analyze --enqueue` queued.
/// Each worker thread has its own database connection and recogniser and claims one job
/// at a time under a lease, so any number of workers on any number of machines can share
/// one PostgreSQL queue; a worker renews its lease while it grades, and one that dies
/// leaves its job to be claimed again when the lease runs out.
enum WorkerCommand {
    static let spec = CommandSpec(
        "worker", summary: "grade queued recordings (from assess analyze --enqueue), on any number of machines",
        discussion: """
            Claims the oldest waiting recording for a lease, grades it and stores the result, then takes the next. \
            A recording that cannot be graded (missing, unreadable, silent) becomes status error at once; any other \
            failure is retried, and after --max-attempts the job is dead. The worker renews the lease every third of \
            --lease while it grades, so a job whose worker stopped is claimed again when its lease runs out, however \
            long grading takes. Prints one line per job (one JSON object per line with --format json or ndjson). \
            Runs until stopped (SIGINT or SIGTERM: after the job in hand; a second signal at once), or with --once until \
            the queue is empty: exit 0 when every job was graded, 3 when some failed.
            """,
        options: [
            OptionSpec(.once, help: "stop when no job is waiting instead of polling for more"),
            OptionSpec(.jobs, short: "j", value: "N", help: "recordings graded in parallel (default: 1)"),
            OptionSpec(.limit, value: "N", help: "stop after N jobs"),
            OptionSpec(.lease, value: "SECONDS", help: "how long a job stays claimed after this worker last renewed it (default: 600)"),
            OptionSpec(.maxAttempts, value: "N", help: "claims before a failing job is dead (default: 3)"),
            OptionSpec(.poll, value: "SECONDS", help: "wait between looks at an empty queue (default: 5)"),
            EngineSetup.modelOption,
        ],
        examples: [
            "readmaster assess worker --once --db sqlite:school.db",
            "readmaster assess worker --jobs 2 --db postgres://worker@db.school.org/readmaster --format ndjson",
        ],
        handler: run)

    static func run(_ inv: Invocation) throws -> Int32 {
        guard inv.arguments.isEmpty else { throw CLIError.usage("assess worker takes no arguments") }
        let settings = Worker.Settings(
            once: inv.flag(.once),
            limit: try inv.int(.limit, in: 1...Int(Int32.max)),
            lease: TimeInterval(try inv.int(.lease, in: 1...86_400) ?? 600),
            maxAttempts: try inv.int(.maxAttempts, in: 1...100) ?? 3,
            poll: TimeInterval(try inv.int(.poll, in: 1...3600) ?? 5))
        let workers = try inv.int(.jobs, in: 1...256) ?? 1
        // Fail fast on a database that is missing, unmigrated or refuses the acting user.
        let first = try inv.openDatabase()
        let acting = try Acting.resolve(inv, first)
        try acting.require(.runWorker, "may not run assess worker, which grades every student's queued recordings")
        first.close()
        let resources = try EngineSetup.resources(inv)
        StopSignal.install()
        let worker = Worker(inv: inv, resources: resources, settings: settings, actor: acting.auditActor)
        let (done, failed) = worker.run(threads: workers)
        inv.verbose("\(done) job\(done == 1 ? "" : "s") graded, \(failed) failed")
        return failed == 0 ? ExitCodes.ok : ExitCodes.partial
    }
}
