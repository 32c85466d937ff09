import ReadmasterCore
/// What the parser found: the chosen command path, option values by long name (global
/// and command options together), and the positional arguments.
public struct ParsedArguments: Sendable {
    public var path: [CommandSpec]
    public var options: [String: [String]]
    public var positionals: [String]

    public var command: CommandSpec { path.last! }
    public var commandName: String { path.dropFirst().map(\.name).joined(separator: " ") }
}

/// The hand-written parser: `--opt=value` and `--opt value`, clustered short flags,
/// `--` to end options, global options anywhere, and "did you mean" for typos.
public enum ArgumentParser {
    public static func parse(_ args: [String], root: CommandSpec) throws -> ParsedArguments {
        var result = ParsedArguments(path: [root], options: [:], positionals: [])
        var i = 0
        var onlyPositionals = false
        func known() -> [OptionSpec] { GlobalOptions.specs + result.command.options }

        while i < args.count {
            let token = args[i]
            i += 1
            if onlyPositionals || token == "-" || !token.hasPrefix("-") || isNumber(token) {
                if !onlyPositionals, !result.command.subcommands.isEmpty, result.positionals.isEmpty {
                    guard let sub = result.command.subcommand(named: token) else {
                        throw unknownCommand(token, under: result)
                    }
                    result.path.append(sub)
                    continue
                }
                result.positionals.append(token)
                continue
            }
            if token == "--" { onlyPositionals = true; continue }

            if token.hasPrefix("--") {
                let body = token.dropFirst(2)
                let name: String
                var inline: String?
                if let eq = body.firstIndex(of: "=") {
                    name = String(body[..<eq])
                    inline = String(body[body.index(after: eq)...])
                } else {
                    name = String(body)
                }
                guard let spec = known().first(where: { $0.long == name || $0.aliases.contains(name) }) else {
                    var message = "unknown option --\(name)"
                    if let s = Suggest.closest(to: name, in: known().map(\.long)) { message += "; did you mean --\(s)?" }
                    if result.path.count > 1 { message += " (see `readmaster \(result.commandName) --help`)" }
                    throw CLIError.usage(message)
                }
                if spec.takesValue {
                    let value: String
                    if let inline { value = inline } else {
                        guard i < args.count else { throw missingValue(spec) }
                        value = args[i]
                        i += 1
                    }
                    try record(spec, value, into: &result)
                } else {
                    if inline != nil { throw CLIError.usage("option --\(name) takes no value") }
                    result.options[spec.long, default: []].append("")
                }
                continue
            }

            // Short options, possibly clustered: -qv, or -o FILE / -oFILE for one that takes a value.
            var chars = Array(token.dropFirst())
            while !chars.isEmpty {
                let c = chars.removeFirst()
                guard let spec = known().first(where: { $0.short == c }) else {
                    throw CLIError.usage("unknown option -\(c)" + (result.path.count > 1 ? " (see `readmaster \(result.commandName) --help`)" : ""))
                }
                if spec.takesValue {
                    let value: String
                    if !chars.isEmpty { value = String(chars); chars = [] } else {
                        guard i < args.count else { throw missingValue(spec) }
                        value = args[i]
                        i += 1
                    }
                    try record(spec, value, into: &result)
                } else {
                    result.options[spec.long, default: []].append("")
                }
            }
        }
        return result
    }

    /// Checks the shape of a parsed command line once help/version have had their say.
    public static func validate(_ parsed: ParsedArguments) throws {
        let command = parsed.command
        if command.handler == nil, !command.subcommands.isEmpty {
            let names = command.subcommands.map(\.name).joined(separator: ", ")
            let what = parsed.path.count > 1 ? "readmaster \(parsed.commandName)" : "readmaster"
            throw CLIError.usage("missing command: `\(what)` takes one of \(names) (see `\(what) --help`)")
        }
        let (minArgs, maxArgs) = command.acceptsArguments
        if parsed.positionals.count < minArgs {
            let missing = command.arguments.filter { !$0.optional }.dropFirst(parsed.positionals.count).map(\.name)
            throw CLIError.usage("readmaster \(parsed.commandName): missing \(missing.joined(separator: " ")) (usage: \(HelpRenderer.usageLine(parsed.path)))")
        }
        if parsed.positionals.count > maxArgs {
            let extra = parsed.positionals[maxArgs]
            throw CLIError.usage("readmaster \(parsed.commandName): unexpected argument \(quoted(extra)) (usage: \(HelpRenderer.usageLine(parsed.path)))")
        }
    }

    private static func record(_ spec: OptionSpec, _ value: String, into result: inout ParsedArguments) throws {
        if !spec.choices.isEmpty, !spec.choices.contains(value) {
            var message = "invalid value \(quoted(value)) for --\(spec.long); use one of \(spec.choices.joined(separator: ", "))"
            if let s = Suggest.closest(to: value, in: spec.choices) { message = "invalid value \(quoted(value)) for --\(spec.long); did you mean \(s)?" }
            throw CLIError.usage(message)
        }
        result.options[spec.long, default: []].append(value)
    }

    private static func missingValue(_ spec: OptionSpec) -> CLIError {
        let hint = spec.choices.isEmpty ? spec.value ?? "a value" : spec.choices.joined(separator: "|")
        return CLIError.usage("option --\(spec.long) needs a value (\(hint))")
    }

    private static func unknownCommand(_ token: String, under parsed: ParsedArguments) -> CLIError {
        let where_ = parsed.path.count > 1 ? "readmaster \(parsed.commandName)" : "readmaster"
        var message = parsed.path.count > 1 ? "unknown command \(quoted(token)) for \(where_)" : "unknown command \(quoted(token))"
        if let s = Suggest.closest(to: token, in: parsed.command.subcommands.map(\.name)) { message += "; did you mean \(s)?" }
        message += " (see `\(where_) --help`)"
        return CLIError.usage(message)
    }

    private static func isNumber(_ token: String) -> Bool {
        token.count > 1 && Double(token) != nil
    }
}
