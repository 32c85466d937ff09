import Foundation
import Synchronization

/// Catches a connection used from two threads at once. libpq connections and SQLite
/// handles opened NOMUTEX must not be shared; readmaster's rule is one connection per
/// thread (the worker opens one per grading thread and one per lease keeper). Debug
/// builds check the rule on every statement and stop at the first breach; nested use
/// on the owning thread (a bulk insert's transaction) is fine. Release builds skip it.
final class ExclusiveUse: Sendable {
    private let state = Mutex<(owner: ObjectIdentifier?, depth: Int)>((nil, 0))

    /// A statement starts on this thread; pair with `leave()`.
    func enter() {
        #if DEBUG
        let me = ObjectIdentifier(Thread.current)
        state.withLock { s in
            precondition(s.depth == 0 || s.owner == me, "a database connection was used from two threads at once")
            s.owner = me
            s.depth += 1
        }
        #endif
    }

    func leave() {
        #if DEBUG
        state.withLock { $0.depth -= 1 }
        #endif
    }
}
