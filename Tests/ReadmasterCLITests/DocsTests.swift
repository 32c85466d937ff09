import Foundation
@testable import ReadmasterCLI
import ReadmasterCore
import ReadmasterEngine
import ReadmasterStore
import ReadmasterTestSupport
import Testing

@Suite("Generated docs stay in step with the command table")
struct DocsTests {
    @Test("committed completion scripts match what the binary generates", arguments: [
        ("bash", "completions/readmaster.bash"), ("zsh", "completions/_readmaster"), ("fish", "completions/readmaster.fish"),
    ])
    func completionsUpToDate(shell: String, file: String) throws {
        let generated = try BinaryRunner.run(["completion", shell])
        #expect(generated.status == 0)
        let committed = try String(contentsOf: BinaryRunner.packageRoot.appendingPathComponent(file), encoding: .utf8)
        #expect(generated.stdout == committed, "\(file) is out of date: run scripts/update-docs.sh")
    }

    /// What each shell offers for a line typed so far: run in that shell, from the
    /// committed script. zsh loads it as compinit does (autoload from fpath) with
    /// compadd/_describe/_files replaced by functions that print what they are given.
    static func completions(_ shell: String, _ line: [String]) throws -> [String] {
        let root = BinaryRunner.packageRoot.appendingPathComponent("completions").path
        let p = Process()
        switch shell {
        case "bash":
            let words = line.map { "'\($0)'" }.joined(separator: " ")
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", "source '\(root)/readmaster.bash'; COMP_WORDS=(\(words)); COMP_CWORD=\(line.count - 1); _readmaster; printf '%s\\n' \"${COMPREPLY[@]}\""]
        case "zsh":
            let words = line.map { "'\($0)'" }.joined(separator: " ")
            p.executableURL = URL(fileURLWithPath: "/usr/bin/zsh")
            p.arguments = ["-f", "-c", """
                compadd() { if [[ $1 == -a ]]; then print -rl -- "${(P@)2}"; else print -rl -- "$@"; fi }
                _describe() { local name=${@[-1]}; local -a got; got=("${(@P)name}"); print -rl -- "${got[@]%%:*}"; }
                _files() { print -r -- '<files>'; }
                fpath=('\(root)' $fpath); autoload -Uz _readmaster
                words=(\(words)); CURRENT=${#words}; _readmaster
                """]
        default:
            p.executableURL = URL(fileURLWithPath: "/usr/bin/fish")
            p.arguments = ["--no-config", "-c", "source '\(root)/readmaster.fish'; complete -C '\(line.joined(separator: " "))'"]
        }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw AudioFixtures.FixtureError("\(shell) exited \(p.terminationStatus): \(text)") }
        // fish prints "value<TAB>description".
        return text.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }.filter { !$0.isEmpty }.sorted()
    }

    @Test("each shell's script completes commands, subcommands, option values by command, and argument choices",
          arguments: Completions.shells)
    func shellCompletes(shell: String) throws {
        let top = CommandTable.root.subcommands.map(\.name).sorted()
        #expect(try Self.completions(shell, ["readmaster", ""]) == top)
        #expect(try Self.completions(shell, ["readmaster", "user", ""]) == CommandTable.root.subcommand(named: "user")!.subcommands.map(\.name).sorted())
        // --status is assessment statuses here, enrollment statuses under class remove-student.
        #expect(try Self.completions(shell, ["readmaster", "assess", "list", "--status", ""]) == ["completed", "dead", "error", "pending_audio", "processing"])
        #expect(try Self.completions(shell, ["readmaster", "class", "remove-student", "3B", "s@x.org", "--status", ""]) == ["completed", "inactive", "suspended"])
        #expect(try Self.completions(shell, ["readmaster", "progress", "goals", "set", "s@x.org", "--metric", ""]) == ["accuracy", "comprehension", "wcpm"])
        #expect(try Self.completions(shell, ["readmaster", "completion", ""]) == ["bash", "fish", "zsh"])
        #expect(try Self.completions(shell, ["readmaster", "--format", ""]) == OutputFormat.allCases.map(\.rawValue).sorted())
        let options = try Self.completions(shell, ["readmaster", "migrate", "up", "--"])
        #expect(options.contains("--to") && options.contains("--db") && !options.contains("--force"))
    }

    @Test("docs/CONTRACTS.md names every exit code, error code, policy action and report field the code has")
    func contracts() throws {
        let text = try String(contentsOf: BinaryRunner.packageRoot.appendingPathComponent("docs/CONTRACTS.md"), encoding: .utf8)
        let errors: [Error] = [CLIError.usage(""), CLIError.badInput(""), CLIError.permissionDenied(""), CLIError.partial(""), CLIError.failure(""),
                               StoreError.badURL("", reason: ""), StoreError.unavailable(url: "", message: ""), StoreError.constraint(message: "", sqlState: nil),
                               StoreError.schemaOutOfDate(pending: []), StoreError.schemaTooNew(unknown: []), StoreError.drift([]),
                               StoreError.migrationFailed(version: 0, name: "", message: ""), StoreError.migrationRequest(""),
                               StoreError.wouldDropData([]), StoreError.busy(url: "", seconds: 0), StoreError.statement(sql: "", message: "", sqlState: nil)]
        for e in errors {
            let (exit, code) = ExitCodes.classify(e)
            #expect(text.contains("| \(exit) |") && text.contains("`\(code)`"), "exit \(exit) / \(code)")
        }
        for action in Policy.Action.allCases { #expect(text.contains("`\(action.rawValue)`"), "policy action \(action.rawValue)") }
        guard case let .object(fields) = ReportJSON.template else { Issue.record("no report template"); return }
        for (name, _) in fields { #expect(text.contains("`\(name)`") || text.contains(" \(name),"), "report field \(name)") }
    }

    @Test("help completes every top-level command but itself")
    func helpChoices() {
        let help = CommandTable.root.subcommand(named: "help")!.arguments.first!.choices
        #expect(help == CommandTable.root.subcommands.map(\.name).filter { $0 != "help" })
    }

    @Test("the committed man page matches what the command table generates")
    func manPageUpToDate() throws {
        let root = BinaryRunner.packageRoot
        let generated = try BinaryRunner.run(["help", "--man", root.appendingPathComponent("man/readmaster.1.in").path])
        #expect(generated.status == 0)
        let committed = try String(contentsOf: root.appendingPathComponent("man/readmaster.1"), encoding: .utf8)
        #expect(generated.stdout == committed, "man/readmaster.1 is out of date: run scripts/update-docs.sh")
    }

    @Test("the man page documents every command and global option")
    func manPage() throws {
        let source = try String(contentsOf: BinaryRunner.packageRoot.appendingPathComponent("man/readmaster.1"), encoding: .utf8)
        let man = source.replacingOccurrences(of: "\\-", with: "-")
        for (path, node) in Completions.paths(CommandTable.root) where !path.isEmpty && node.handler != nil {
            #expect(man.contains(".SS \(path)"), "man page lacks a section for \(path)")
            for option in node.options { #expect(man.contains("--\(option.long)"), "man page lacks --\(option.long) of \(path)") }
        }
        for option in GlobalOptions.specs { #expect(man.contains("--\(option.long)"), "man page lacks --\(option.long)") }
    }
}
