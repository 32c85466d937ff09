/// ReadmasterStore is readmaster's persistence: thin wrappers over the SQLite and libpq
/// C APIs behind one `Connection` protocol (parameter binding, typed rows, nested
/// transactions, prepared-statement reuse, bulk loading), the versioned schema
/// migrations for both dialects, and the queries the commands run. It knows nothing of
/// the command line; it reports failures as `StoreError` values that the CLI maps to
/// exit codes.
public enum ReadmasterStore {}
