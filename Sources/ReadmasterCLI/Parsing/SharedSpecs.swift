// The options and arguments several commands declare alike, written once so their help
// reads the same everywhere.

extension OptionSpec {
    /// `--limit` of a list: `Invocation.listLimit()` reads it.
    static let listLimit = OptionSpec(.limit, value: "N", help: "at most N (default 1000; 0: all)")
}

/// The values of a yes-or-no option such as `--active true|false`.
enum BoolChoice: String, CaseIterable {
    case yes = "true", no = "false"
}

extension ArgumentSpec {
    /// A passage named by what people type (`ReadingCommand.load` resolves it).
    static let reading = ArgumentSpec("READING", help: "reading id or title")
    /// A quiz question, by id.
    static let question = ArgumentSpec("QUESTION", help: "question id")
}
