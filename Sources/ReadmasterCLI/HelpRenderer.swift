/// Help text generated from the command table, so it never drifts from what parses.
enum HelpRenderer {
    static func usageLine(_ path: [CommandSpec]) -> String {
        let command = path.last!
        var parts = ["readmaster"] + path.dropFirst().map(\.name)
        if !command.subcommands.isEmpty { parts.append("<command>") }
        if !command.options.isEmpty { parts.append("[options]") }
        parts += command.arguments.map(\.synopsis)
        return parts.joined(separator: " ")
    }

    static func help(for path: [CommandSpec]) -> String {
        let command = path.last!
        var out = path.count == 1 ? "readmaster — \(command.summary)\n\n" : "\(command.summary)\n\n"
        out += "Usage: \(usageLine(path))\n"
        if let discussion = command.discussion { out += "\n\(discussion)\n" }
        if !command.subcommands.isEmpty {
            out += "\nCommands:\n"
            let w = command.subcommands.map { $0.name.count }.max() ?? 0
            for sub in command.subcommands {
                out += "  \(sub.name.padding(w))  \(sub.summary)\n"
            }
        }
        if !command.arguments.isEmpty {
            out += "\nArguments:\n"
            let w = command.arguments.map { $0.name.count }.max() ?? 0
            for a in command.arguments { out += "  \(a.name.padding(w))  \(a.help)\n" }
        }
        if !command.options.isEmpty { out += "\nOptions:\n" + optionLines(command.options) }
        out += "\nGlobal options:\n" + optionLines(GlobalOptions.specs)
        if !command.examples.isEmpty {
            out += "\nExamples:\n" + command.examples.map { "  \($0)\n" }.joined()
        }
        if path.count == 1 {
            out += "\nExit codes: 0 ok, 1 failure, 2 usage error, 3 partial success, 65 bad input data,\n69 database unavailable, 77 permission denied. See readmaster(1).\n"
        } else if !command.subcommands.isEmpty {
            out += "\nRun `\(usageLine(path).replacingAll(" <command>", with: "").replacingAll(" [options]", with: "")) <command> --help` for a command's options.\n"
        }
        return out
    }

    private static func optionLines(_ options: [OptionSpec]) -> String {
        let w = options.map { $0.synopsis.count }.max() ?? 0
        return options.map { o in
            var line = "  \(o.synopsis.padding(w))  \(o.help)"
            if !o.choices.isEmpty { line += " [\(o.choices.joined(separator: "|"))]" }
            return line + "\n"
        }.joined()
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
