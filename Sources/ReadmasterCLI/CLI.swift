import Foundation
import ReadmasterCore
import ReadmasterStore

/// The entry point: parse, dispatch, and turn any error into one line on stderr (a
/// JSON object with `--format json`) and its exit code.
public enum CLI {
    /// `out` and `err` are standard output and error unless given (`Sink.capturing()` runs
    /// a command in-process and keeps what it prints).
    public static func main(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                            out: Sink = Sink(fd: 1), err: Sink = Sink(fd: 2)) -> Int32 {
        defer { out.flush(); err.flush() }
        var wantsJSONErrors = arguments.contains("--json") || arguments.contains("--format=json") || arguments.contains("--format=ndjson")
        if let i = arguments.firstIndex(of: "--format"), i + 1 < arguments.count, ["json", "ndjson"].contains(arguments[i + 1]) {
            wantsJSONErrors = true
        }
        do {
            let parsed = try ArgumentParser.parse(arguments, root: CommandTable.root)
            if parsed.options[OptionName.help.rawValue] != nil {
                out.write(HelpRenderer.help(for: parsed.path))
                return ExitCodes.ok
            }
            if parsed.options[OptionName.version.rawValue] != nil {
                out.line(VersionCommand.line)
                return ExitCodes.ok
            }
            if parsed.path.count == 1, parsed.positionals.isEmpty {
                // A bare `readmaster` is a request for orientation, not an error.
                err.write(HelpRenderer.help(for: parsed.path))
                return ExitCodes.usage
            }
            try ArgumentParser.validate(parsed)
            let globals = try GlobalOptions(parsed: parsed.options)
            if let f = globals.format, OutputFormat.special.contains(f), !parsed.command.specialFormats.contains(f) {
                let which = CommandTable.commands(with: f).map { "`readmaster \($0)`" }.joined(separator: ", ")
                throw CLIError.usage("--format \(f.rawValue) \(f.what): only \(which) \(f == .svg ? "has one" : "have one")")
            }
            let invocation = Invocation(parsed: parsed, globals: globals, environment: environment, out: out, err: err)
            return try parsed.command.handler!(invocation)
        } catch {
            let (code, name) = ExitCodes.classify(error)
            let message = "\(error)"
            if wantsJSONErrors {
                err.line(JSONValue.object([("error", .object([("code", .string(name)), ("message", .string(message)), ("exit_code", .int(Int64(code)))]))]).serialized())
            } else {
                err.message("readmaster: \(message)")
            }
            return code
        }
    }
}
