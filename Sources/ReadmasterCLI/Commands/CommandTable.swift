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
