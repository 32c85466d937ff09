import Foundation

/// SIGINT and SIGTERM ask a long-running command (`assess worker`) to stop after the job
/// in hand instead of dying mid-job, which would leave that job leased until its lease
/// ran out. A second signal ends the process at once (the default action is restored).
enum StopSignal {
    // Written only by the signal handler, read by the workers; a sig_atomic_t flag is
    // the one thing a handler may safely set.
    nonisolated(unsafe) private static var raised: sig_atomic_t = 0

    static var requested: Bool { raised != 0 }

    /// Call before starting threads: they inherit the signal mask, and a parent process
    /// (a supervisor, a test runner) may have left these signals blocked.
    static func install() {
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { number in
                StopSignal.raised = 1
                signal(number, SIG_DFL)
            }
        }
    }
}
