import Foundation

/// Runs a shell line, for tests of what only a shell or a terminal shows: completion
/// scripts, scripts run twice, and commands that behave differently on a terminal
/// (`inTerminal` runs them under script(1), which gives them one).
public enum Shell {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    public static func run(_ line: String, shell: String = "/bin/sh", arguments: [String] = ["-c"]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: shell)
        p.arguments = arguments + [line]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read stderr alongside stdout so neither pipe can fill and block the child.
        let errData = LockedData()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: errData.get(), as: UTF8.self))
    }

    /// `command` on a pseudo-terminal of `columns` columns, with `input` typed into it;
    /// `environment` is prefixed as VAR=value words.
    public static func inTerminal(_ command: String, input: String? = nil, columns: Int? = nil, environment: String = "") throws -> Result {
        let setup = columns.map { "stty cols \($0); " } ?? ""
        let escaped = (setup + command).replacingOccurrences(of: "\"", with: "\\\"")
        let feed = input.map { "printf '%s\\n' '\($0)' | " } ?? ""
        return try run("\(feed)\(environment) script -qec \"\(escaped)\" /dev/null")
    }
}
