/// The formats every command can print its data in.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, ndjson, csv, tsv
    /// Only `progress trend` draws; every other command refuses it.
    case svg
}
