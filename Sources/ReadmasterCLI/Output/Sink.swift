import Foundation
import ReadmasterCore
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A buffered writer on a file descriptor: stdout for data, stderr for messages.
public final class Sink: Sendable {
    // Worker and batch threads write through the same sink: the buffer lives in a
    // mutex, and a line is appended whole.
    public let fd: Int32
    private let buffer = Mutex<[UInt8]>([])

    public init(fd: Int32) { self.fd = fd }

    /// A sink that keeps what is written instead of writing it anywhere, for running a
    /// command in-process (`CLI.main(_:environment:out:err:)`); `captured` reads it.
    public static func capturing() -> Sink { Sink(fd: -1) }

    /// What a capturing sink holds.
    public var captured: String { buffer.withLock { String(decoding: $0, as: UTF8.self) } }

    public var isTerminal: Bool { isatty(fd) == 1 }

    public func write(_ text: String) { write(bytes: text.utf8) }

    public func line(_ text: String) { write(text + "\n") }

    /// A line for people that may echo user input: control characters are escaped.
    public func message(_ text: String) { line(TerminalText.visible(text, keepingLineBreaks: true)) }

    public func write<Bytes: Sequence<UInt8>>(bytes: Bytes) {
        buffer.withLock { buffer in
            buffer.append(contentsOf: bytes)
            if fd >= 0, buffer.count >= 1 << 16 { Sink.drain(&buffer, to: fd) }
        }
    }

    public func flush() {
        guard fd >= 0 else { return }
        buffer.withLock { Sink.drain(&$0, to: fd) }
    }

    /// Writes the buffer out; called with the mutex held.
    private static func drain(_ buffer: inout [UInt8], to fd: Int32) {
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
