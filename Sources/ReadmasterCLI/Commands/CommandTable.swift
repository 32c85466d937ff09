/// The root of the command table. Every command plugs in here; help, completions and
/// the man page's command list are generated from it.
public enum CommandTable {
    public static let root = CommandSpec(
        "readmaster",
        summary: "reading assessment from the command line: people, passages, quizzes and graded recordings",
        subcommands: [
            UserCommand.spec,
            ClassCommand.spec,
            ReadingCommand.spec,
            QuizCommand.spec,
            AssessCommand.spec,
            ProgressCommand.spec,
            MigrateCommand.spec,
            DbCommand.spec,
            SeedCommand.spec,
            CompletionCommand.spec,
            VersionCommand.spec,
            HelpCommand.spec,
        ],
        examples: [
            "readmaster migrate up",
            "readmaster --db postgres://app@localhost/readmaster migrate status --format json",
        ])
}

extension CommandTable {
    /// The commands (as typed after `readmaster`) that declare a special format.
    static func commands(with format: OutputFormat) -> [String] {
        var found: [String] = []
        func walk(_ spec: CommandSpec, _ path: [String]) {
            if spec.specialFormats.contains(format) { found.append(path.joined(separator: " ")) }
            for s in spec.subcommands { walk(s, path + [s.name]) }
        }
        for s in root.subcommands { walk(s, [s.name]) }
        return found
    }
}
