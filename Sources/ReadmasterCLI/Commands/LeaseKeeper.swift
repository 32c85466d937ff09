import Foundation
import ReadmasterStore

/// Renews a claimed job's lease every third of `--lease` while the job is graded, so a
/// long recording (or a slow machine) never lets the lease run out under a live worker,
/// and `--lease` only bounds how long a dead worker's job waits to be claimed again.
/// It renews through a connection of its own (the worker opens one per thread for it),
/// which only the keeper's thread uses between `start()` and `stop()`; @unchecked only
/// because a connection object is not Sendable.
final class LeaseKeeper: @unchecked Sendable {
    private let queue: WorkQueue
    private let job: QueuedJob
    private let owner: String
    private let lease: TimeInterval
    // `stopping` and `finished` are guarded by `condition`.
    private let condition = NSCondition()
    private var stopping = false, finished = false

    init(queue: WorkQueue, job: QueuedJob, owner: String, lease: TimeInterval) {
        self.queue = queue
        self.job = job
        self.owner = owner
        self.lease = lease
    }

    func start() {
        let thread = Thread { [self] in renewUntilStopped() }
        thread.start()
    }

    /// Stops renewing and waits until the connection is free again. (A lease another
    /// worker took shows when the result is stored: `WorkQueue.complete` refuses it.)
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
    }

    private func renewUntilStopped() {
        condition.lock()
        defer {
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        while !stopping {
            if condition.wait(until: Date().addingTimeInterval(lease / 3)) || stopping { continue }
            // A failed renewal (the database went away for a moment) is tried again at the
            // next turn; the lease still has two thirds of its time.
            if let held = try? queue.renew(job, owner: owner, lease: lease), !held { return }
        }
    }
}
