/// The options every command accepts, before or after the subcommand.
public struct GlobalOptions: Sendable {
    public var db: String?
    public var format: OutputFormat?
    public var actAs: String?
    public var quiet = false
    public var verbose = false
    public var noColor = false
    public var rawCSV = false

    public static let specs: [OptionSpec] = [
        OptionSpec(.db, value: "URL", help: "database: sqlite:PATH, a file path, or postgres://… (default: $READMASTER_DB, $DATABASE_URL, sqlite:readmaster.db)", completes: .file),
        OptionSpec(.format, value: "FORMAT", help: "output format (default: table)", choices: OutputFormat.allCases.map(\.rawValue)),
        OptionSpec(.json, help: "short for --format json"),
        OptionSpec(.as, value: "EMAIL", help: "act as this user; the role rules apply"),
        OptionSpec(.quiet, short: "q", help: "print only data and errors"),
        OptionSpec(.verbose, short: "v", help: "print more about what is being done"),
        OptionSpec(.noColor, help: "no ANSI colour (also when NO_COLOR is set or output is not a terminal)"),
        OptionSpec(.rawCsv, help: "CSV/TSV: write text cells starting with = + - @ as they are (by default they get a leading ' so spreadsheets do not run them as formulas)"),
        OptionSpec(.help, short: "h", help: "show help for this command"),
        OptionSpec(.version, help: "print the version and exit"),
    ]

    static let names: Set<String> = Set(specs.map(\.long))

    /// Reads the global options out of the parsed option values.
    init(parsed: [String: [String]]) throws {
        db = parsed["db"]?.last
        if let f = parsed["format"]?.last {
            guard let format = OutputFormat(rawValue: f) else {
                throw CLIError.usage("unknown format \(f); use one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.format = format
        }
        if parsed["json"] != nil { format = .json }
        actAs = parsed["as"]?.last
        quiet = parsed["quiet"] != nil
        verbose = parsed["verbose"] != nil
        noColor = parsed["no-color"] != nil
        rawCSV = parsed["raw-csv"] != nil
    }
}
