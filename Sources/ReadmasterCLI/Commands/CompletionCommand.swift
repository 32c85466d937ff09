import ReadmasterCore
/// `readmaster completion bash|zsh|fish`: shell completion scripts generated from the
/// command table (the committed copies under completions/ are checked by a test).
enum CompletionCommand {
    static let spec = CommandSpec(
        "completion", summary: "print a shell completion script",
        arguments: [ArgumentSpec("SHELL", help: "bash, zsh or fish", choices: Completions.shells)],
        examples: ["readmaster completion bash > /etc/bash_completion.d/readmaster",
                   "readmaster completion zsh > \"${fpath[1]}/_readmaster\"",
                   "readmaster completion fish > ~/.config/fish/completions/readmaster.fish"],
        handler: run)

    static func run(_ inv: Invocation) throws -> Int32 {
        let shell = inv.arguments[0]
        guard let script = Completions.script(for: shell, root: CommandTable.root) else {
            var message = "unknown shell \(quoted(shell)); use bash, zsh or fish"
            if let s = Suggest.closest(to: shell, in: Completions.shells) { message += " (did you mean \(s)?)" }
            throw CLIError.usage(message)
        }
        inv.out.write(script)
        return ExitCodes.ok
    }
}
