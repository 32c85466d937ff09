/// ReadmasterCLI is the command line: the hand-written argument parser and the command
/// table it parses against (help text, completions and the man page's option lists all
/// come from that one table), the output layer (table, JSON, NDJSON, CSV, TSV), the
/// command implementations that tie the store and the engine together, and the single
/// place where errors become exit codes. The `readmaster` executable only calls `CLI.main`.
public enum ReadmasterCLI {}
