/// ReadmasterCore holds readmaster's domain: the value types that every other module
/// shares (JSON values, CSV records, the word tokenizer, role rules) and the validation
/// and use-case logic around them. It performs no I/O and imports no other module of
/// ours, so everything here is testable with plain values and reusable by the store,
/// the engine and the command line alike.
public enum ReadmasterCore {
    /// The product version; the CLI prints it with `--version`.
    public static let version = "0.1.0"
}
