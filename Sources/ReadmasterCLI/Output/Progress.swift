import Foundation
import Synchronization

/// A one-line progress bar on stderr, only when stderr is a terminal.
final class Progress: Sendable {
    private let total: Int
    private let sink: Sink
    private let enabled: Bool
    /// Items done; batch threads may step it.
    private let done = Mutex(0)
    private let started = Date()

    init(total: Int, sink: Sink, enabled: Bool) {
        self.total = total
        self.sink = sink
        self.enabled = enabled
        draw()
    }

    func step() {
        draw(done.withLock { $0 += 1; return $0 })
    }

    /// For byte-counted progress (imports).
    func set(_ value: Int) {
        draw(done.withLock { $0 = min(value, total); return $0 })
    }

    private func draw(_ done: Int = 0) {
        guard enabled else { return }
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let elapsed = Date().timeIntervalSince(started)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        sink.write("\r\(bar) \(done)/\(total)  \(String(format: "%.0f", elapsed)) s")
        sink.flush()
    }

    func clear() {
        guard enabled else { return }
        sink.write("\r\u{1B}[K")
        sink.flush()
    }
}
