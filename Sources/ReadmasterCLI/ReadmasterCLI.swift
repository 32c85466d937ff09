/// ReadmasterCLI is the command line: the hand-written argument parser and the command
/// table it parses against (help text, completions and the man page's option lists all
/// come from that one table), the output layer (table, JSON, NDJSON, CSV, TSV), the
/// command implementations that tie the store and the engine together, and the single
/// place where errors become exit codes. The `readmaster` executable only calls `CLI.main`.
public enum ReadmasterCLI {
    /// `CLI.main` under the module's name, for callers that have a `CLI` of their own
    /// (the CLI tests' database helper).
    public static func main(_ arguments: [String], environment: [String: String], out: Sink, err: Sink) -> Int32 {
        CLI.main(arguments, environment: environment, out: out, err: err)
    }
}
