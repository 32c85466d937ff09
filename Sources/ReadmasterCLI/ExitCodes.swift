import ReadmasterStore

/// The one place where errors become exit codes (docs/CONTRACTS.md, "Exit codes") and stable error
/// codes for JSON error objects.
public enum ExitCodes {
    public static let ok: Int32 = 0
    public static let failure: Int32 = 1
    public static let usage: Int32 = 2
    public static let partial: Int32 = 3
    public static let dataError: Int32 = 65
    public static let unavailable: Int32 = 69
    public static let permission: Int32 = 77

    public static func classify(_ error: Error) -> (exit: Int32, code: String) {
        switch error {
        case let e as CLIError:
            switch e {
            case .usage: return (usage, "usage")
            case .badInput: return (dataError, "bad_input")
            case .permissionDenied: return (permission, "permission_denied")
            case .partial: return (partial, "partial")
            case .failure: return (failure, "failure")
            }
        case let e as StoreError:
            // The store names its errors (`StoreError.code`); the exit code is decided here.
            switch e {
            case .badURL, .migrationRequest: return (usage, e.code)
            case .unavailable, .busy: return (unavailable, e.code)
            case .constraint: return (dataError, e.code)
            case .schemaOutOfDate, .schemaTooNew, .drift, .migrationFailed, .wouldDropData, .passwordHashing, .statement, .decode, .bulk:
                return (failure, e.code)
            }
        default: return (failure, "failure")
        }
    }
}
