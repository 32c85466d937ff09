import Foundation
import ReadmasterCore
import ReadmasterStore

/// Everything a command handler gets: its parsed options and arguments, the global
/// options, the environment, and the two output streams with a renderer set up for
/// the chosen format.
public final class Invocation: @unchecked Sendable {
    // Immutable after init; the sinks lock their own buffers, so the worker's and a
    // batch's threads may write through them. @unchecked: Sink is a class.
    public let parsed: ParsedArguments
    public let globals: GlobalOptions
    public let environment: [String: String]
    public let out: Sink
    public let err: Sink
    public let renderer: Renderer

    init(parsed: ParsedArguments, globals: GlobalOptions, environment: [String: String], out: Sink, err: Sink) {
        self.parsed = parsed
        self.globals = globals
        self.environment = environment
        self.out = out
        self.err = err
        let colorAllowed = Invocation.colorAllowed(globals, environment)
        renderer = Renderer(format: globals.format ?? .table,
                            color: colorAllowed && out.isTerminal,
                            width: out.isTerminal ? Terminal.width(fd: out.fd, environment: environment) : nil,
                            neutraliseFormulas: !globals.rawCSV)
    }

    public var arguments: [String] { parsed.positionals }

    /// no-color.org: NO_COLOR set to a non-empty value turns colour off (an empty one
    /// does not); so do --no-color and TERM=dumb.
    static func colorAllowed(_ globals: GlobalOptions, _ environment: [String: String]) -> Bool {
        !globals.noColor && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// Colour on standard output.
    public var color: Bool { renderer.color }

    public func value(_ option: OptionName) -> String? { parsed.options[option.rawValue]?.last }

    /// An option declared with an enum's cases (`OptionSpec(_:value:help:choices:)`), as
    /// that case; the parser has already refused any other value.
    public func choice<C: RawRepresentable>(_ option: OptionName, as type: C.Type) -> C? where C.RawValue == String {
        value(option).flatMap(C.init(rawValue:))
    }

    /// Every value given to a repeatable option, in order.
    public func values(_ option: OptionName) -> [String] { parsed.options[option.rawValue] ?? [] }

    public func flag(_ option: OptionName) -> Bool { parsed.options[option.rawValue] != nil }

    /// An option that must be a whole number within `range`.
    public func int(_ option: OptionName, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        guard let text = value(option) else { return nil }
        guard let n = Int(text), range.contains(n) else {
            throw CLIError.usage("--\(option) takes a whole number\(range.lowerBound > Int.min ? " from \(range.lowerBound)" : "")\(range.upperBound < Int.max ? " to \(range.upperBound)" : ""), not \(quoted(text))")
        }
        return n
    }

    /// A flag under its name, or under the old spelling it replaced (which still works,
    /// with a note saying what to write instead).
    public func flag(_ name: OptionName, formerly old: OptionName) -> Bool {
        if flag(old) {
            note("--\(old) is now --\(name) here (--\(old) keeps working for now)")
            return true
        }
        return flag(name)
    }

    /// A destructive step goes ahead with --yes, or a yes on a terminal; otherwise it is
    /// refused, saying what would be lost (exit 1, nothing changed).
    public func confirm(_ what: String) throws {
        if flag(.yes) { return }
        switch ask("\(what). Go ahead?") {
        case nil: throw CLIError.failure("\(what); nothing was changed (give --yes to go ahead)")
        case false?: throw CLIError.failure("nothing was changed")
        case true?: return
        }
    }

    /// A yes/no question on the terminal (default no); nil when standard input or error
    /// is not a terminal, so there is nobody to ask.
    public func ask(_ question: String) -> Bool? {
        guard isatty(0) == 1, err.isTerminal else { return nil }
        err.write(TerminalText.visible("\(question) [y/N] "))
        err.flush()
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }

    /// The default number of rows every list command shows.
    public static let defaultLimit = 1000

    /// `--limit N` (default 1000; 0: all) as the number of rows to fetch: one more than
    /// shown, so `shown(_:)` can tell the list was cut.
    public func listLimit() throws -> Int {
        let n = try int(.limit, in: 0...100_000_000) ?? Invocation.defaultLimit
        return n == 0 ? Int.max / 4 : n + 1
    }

    /// Drops the extra row `listLimit` fetched and says on stderr that the list was cut,
    /// so a script never takes the first 1000 for all of them.
    public func shown<T>(_ rows: [T]) throws -> [T] {
        let n = try int(.limit, in: 0...100_000_000) ?? Invocation.defaultLimit
        guard n > 0, rows.count > n else { return rows }
        note("showing the first \(n); more match (--limit 0 shows all, --limit N more)")
        return Array(rows.prefix(n))
    }

    /// A message for people: stderr, suppressed by --quiet.
    public func note(_ message: String) {
        guard !globals.quiet else { return }
        err.message(message)
    }

    public func verbose(_ message: String) {
        guard globals.verbose, !globals.quiet else { return }
        err.message(message)
    }

    public func emit(_ table: Table) { out.write(renderer.render(table)) }

    public func emit(record: [(String, JSONValue)]) { out.write(renderer.render(record: record)) }

    /// The database URL from --db, the environment, or the default.
    public func databaseURL() throws -> DatabaseURL {
        try DatabaseURL.resolve(option: globals.db, environment: environment)
    }

    /// Opens the database; unless `migrating`, refuses a schema that is not current.
    /// Only `create` (migrate up) makes a new SQLite file.
    public func openDatabase(migrating: Bool = false, create: Bool = false) throws -> any Connection {
        let url = try databaseURL()
        verbose("database: \(url.redacted)")
        let connection = try Database.open(url, create: create)
        if !migrating { try Migrator.requireCurrent(connection) }
        return connection
    }
}
