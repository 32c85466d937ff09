import Foundation
import ReadmasterCore
import ReadmasterStore

/// `readmaster version` / `--version`: the product and schema versions.
enum VersionCommand {
    static let spec = CommandSpec("version", summary: "print readmaster's version and schema version", handler: run)

    static var schemaVersion: Int { Migrations.all(for: .sqlite).last?.version ?? 0 }

    static func run(_ inv: Invocation) throws -> Int32 {
        if inv.globals.format == nil || inv.globals.format == .table {
            inv.out.line(line)
        } else {
            inv.emit(record: [("name", .string("readmaster")), ("version", .string(ReadmasterCore.version)),
                              ("schema_version", .int(Int64(schemaVersion)))])
        }
        return ExitCodes.ok
    }

    static var line: String { "readmaster \(ReadmasterCore.version) (schema \(schemaVersion))" }
}

/// `readmaster help [COMMAND…]`: the same text as `--help` on that command.
enum HelpCommand {
    static let spec = CommandSpec("help", summary: "show help for a command",
                                  arguments: [ArgumentSpec("COMMAND", help: "the command to explain", optional: true, repeats: true,
                                                           choices: ["user", "class", "reading", "quiz", "assess", "progress", "migrate", "db", "seed", "completion", "version"])],
                                  options: [OptionSpec(.man, value: "TEMPLATE", help: "print readmaster(1) from this template (for scripts/update-docs.sh)", completes: .file)],
                                  handler: run)

    static func run(_ inv: Invocation) throws -> Int32 {
        if let template = inv.value(.man) {
            guard let text = try? String(contentsOfFile: template, encoding: .utf8) else { throw CLIError.badInput("\(template): cannot read it") }
            inv.out.write(ManPage.render(template: text, root: CommandTable.root))
            return ExitCodes.ok
        }
        var path = [CommandTable.root]
        for name in inv.arguments {
            guard let sub = path.last!.subcommand(named: name) else {
                var message = "no help for unknown command \(quoted(name))"
                if let s = Suggest.closest(to: name, in: path.last!.subcommands.map(\.name)) { message += "; did you mean \(s)?" }
                throw CLIError.usage(message)
            }
            path.append(sub)
        }
        inv.out.write(HelpRenderer.help(for: path))
        return ExitCodes.ok
    }
}
