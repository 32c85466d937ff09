import Foundation

/// A one-line progress bar on stderr, only when stderr is a terminal.
final class Progress: @unchecked Sendable {
    // Used from the thread that delivers results only.
    private let total: Int
    private let sink: Sink
    private let enabled: Bool
    private var done = 0
    private let started = Date()

    init(total: Int, sink: Sink, enabled: Bool) {
        self.total = total
        self.sink = sink
        self.enabled = enabled
        draw()
    }

    func step() {
        done += 1
        draw()
    }

    /// For byte-counted progress (imports).
    func set(_ value: Int) {
        done = min(value, total)
        draw()
    }

    private func draw() {
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
