/// One option of a command (or a global one). `value` names the argument an option
/// takes; a nil `value` makes it a flag.
public struct OptionSpec: Sendable {
    public let long: String
    public let short: Character?
    public let value: String?
    public let help: String
    /// Allowed values; checked by the parser, offered by completions.
    public let choices: [String]
    /// Completion hint for free-form values.
    public let completes: ValueKind
    /// Other spellings the parser accepts: the import column's name, so a flag and the
    /// field it sets line up (`--grade` is also `--grade-level`).
    public let aliases: [String]

    public enum ValueKind: Sendable { case none, file, directory }

    public init(_ name: OptionName, short: Character? = nil, value: String? = nil, help: String,
                choices: [String] = [], completes: ValueKind = .none, aliases: [String] = []) {
        self.init(long: name.rawValue, short: short, value: value, help: help, choices: choices, completes: completes, aliases: aliases)
    }

    /// An option whose value is one of an enum's cases: the parser accepts exactly their
    /// raw values, help, the man page and completions list them, and `Invocation.choice`
    /// gives the case back.
    public init<C: CaseIterable & RawRepresentable>(_ name: OptionName, value: String, help: String, choices: C.Type,
                                                    aliases: [String] = []) where C.RawValue == String {
        self.init(name, value: value, help: help, choices: C.allCases.map(\.rawValue), aliases: aliases)
    }

    init(long: String, short: Character? = nil, value: String? = nil, help: String,
                choices: [String] = [], completes: ValueKind = .none, aliases: [String] = []) {
        self.long = long
        self.short = short
        self.value = value
        self.help = help
        self.choices = choices
        self.completes = completes
        self.aliases = aliases
    }

    public var takesValue: Bool { value != nil }

    /// `--format FORMAT` / `-q, --quiet` as shown in help.
    var synopsis: String {
        var s = short.map { "-\($0), " } ?? "    "
        s += ([long] + aliases).map { "--\($0)" }.joined(separator: ", ")
        if let value { s += " \(value)" }
        return s
    }
}

/// A positional argument: its name in help, and whether it may repeat or be left out.
public struct ArgumentSpec: Sendable {
    public let name: String
    public let help: String
    public let optional: Bool
    public let repeats: Bool
    public let completes: OptionSpec.ValueKind
    /// Values completions offer (the parser does not restrict them).
    public let choices: [String]

    public init(_ name: String, help: String, optional: Bool = false, repeats: Bool = false,
                completes: OptionSpec.ValueKind = .none, choices: [String] = []) {
        self.name = name
        self.help = help
        self.optional = optional
        self.repeats = repeats
        self.completes = completes
        self.choices = choices
    }

    var synopsis: String {
        let core = repeats ? "\(name)..." : name
        return optional ? "[\(core)]" : core
    }
}

/// A node of the command table: either a group of subcommands or a runnable command.
/// Parsing, help, completions and the man page's command list all read this table.
public struct CommandSpec: Sendable {
    public typealias Handler = @Sendable (Invocation) throws -> Int32

    public let name: String
    public let summary: String
    public let discussion: String?
    public let arguments: [ArgumentSpec]
    public let options: [OptionSpec]
    public let subcommands: [CommandSpec]
    public let examples: [String]
    /// Formats only some commands have (`OutputFormat.special`): a chart, a page.
    public let specialFormats: [OutputFormat]
    public let handler: Handler?

    public init(_ name: String, summary: String, discussion: String? = nil, arguments: [ArgumentSpec] = [],
                options: [OptionSpec] = [], subcommands: [CommandSpec] = [], examples: [String] = [],
                specialFormats: [OutputFormat] = [], handler: Handler? = nil) {
        self.name = name
        self.summary = summary
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.subcommands = subcommands
        self.examples = examples
        self.specialFormats = specialFormats
        self.handler = handler
    }

    public func subcommand(named name: String) -> CommandSpec? { subcommands.first { $0.name == name } }

    var acceptsArguments: (min: Int, max: Int) {
        let required = arguments.filter { !$0.optional }.count
        return (required, arguments.contains { $0.repeats } ? Int.max : arguments.count)
    }
}
