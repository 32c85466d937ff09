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
            switch e {
            case .badURL: return (usage, "bad_database_url")
            case .unavailable: return (unavailable, "database_unavailable")
            case .constraint: return (dataError, "constraint_violation")
            case .schemaOutOfDate: return (failure, "schema_out_of_date")
            case .schemaTooNew: return (failure, "schema_too_new")
            case .drift: return (failure, "migration_drift")
            case .migrationFailed: return (failure, "migration_failed")
            case .migrationRequest: return (usage, "usage")
            case .wouldDropData: return (failure, "would_drop_data")
            case .busy: return (unavailable, "database_busy")
            case .passwordHashing: return (failure, "password_hashing_failed")
            case .statement, .decode, .bulk: return (failure, "database_error")
            }
        default: return (failure, "failure")
        }
    }
}
