/// Failures that originate in the command line itself, by the exit code they map to.
public enum CLIError: Error, CustomStringConvertible, Equatable {
    /// Wrong command, option or argument: exit 2.
    case usage(String)
    /// Input data that cannot be used (file, line, field): exit 65.
    case badInput(String)
    /// Refused by the role rules: exit 77.
    case permissionDenied(String)
    /// Some items of a batch failed, others succeeded: exit 3.
    case partial(String)
    /// Anything else that went wrong at run time: exit 1.
    case failure(String)

    public var description: String {
        switch self {
        case let .usage(m), let .badInput(m), let .partial(m), let .failure(m): return m
        case let .permissionDenied(m): return "permission denied: \(m)"
        }
    }
}
