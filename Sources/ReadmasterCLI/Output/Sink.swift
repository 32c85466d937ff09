import Foundation
import ReadmasterCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A buffered writer on a file descriptor: stdout for data, stderr for messages.
public final class Sink: @unchecked Sendable {
    // Worker and batch threads write through the same sink: the buffer is guarded by
    // `lock` (hence @unchecked), and a line is appended whole.
    public let fd: Int32
    private var buffer: [UInt8] = []
    private let lock = NSLock()

    public init(fd: Int32) { self.fd = fd }

    public var isTerminal: Bool { isatty(fd) == 1 }

    public func write(_ text: String) { write(bytes: text.utf8) }

    public func line(_ text: String) { write(text + "\n") }

    /// A line for people that may echo user input: control characters are escaped.
    public func message(_ text: String) { line(TerminalText.visible(text, keepingLineBreaks: true)) }

    public func write<Bytes: Sequence<UInt8>>(bytes: Bytes) {
        lock.lock()
        defer { lock.unlock() }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { drain() }
    }

    public func flush() {
        lock.lock()
        defer { lock.unlock() }
        drain()
    }

    /// Writes the buffer out; the caller holds `lock`.
    private func drain() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer[offset...].withUnsafeBytes { posixWrite(fd, $0) }
            if n <= 0 { break } // a closed pipe: nothing more can be delivered
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

/// What the process knows about where its output goes.
enum Terminal {
    /// Columns of the terminal on `fd`, or $COLUMNS, or nil when neither is known.
    static func width(fd: Int32, environment: [String: String]) -> Int? {
        var ws = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        return environment["COLUMNS"].flatMap(Int.init)
    }
}
