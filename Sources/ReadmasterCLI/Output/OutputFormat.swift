/// The formats every command can print its data in.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, ndjson, csv, tsv
    /// A chart: only commands that list it in their spec (`progress trend`).
    case svg
    /// A self-contained page: `assess show`, `progress student`, `progress class`.
    case html

    /// Formats a command must declare (`CommandSpec.specialFormats`); the rest are
    /// every command's.
    public static let special: Set<OutputFormat> = [.svg, .html]

    var what: String { self == .svg ? "draws a chart" : "writes a page" }
}
