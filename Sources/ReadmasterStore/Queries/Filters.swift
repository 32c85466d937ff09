import Foundation

/// The WHERE clause of a list query, built filter by filter: each condition is written
/// around its parameter's placeholder, numbered in the order the filters are added, so
/// the SQL stays parameterized however many filters a caller gives.
struct Filters {
    private(set) var params: [SQLValue] = []
    private var conditions: [String] = []

    /// Adds a condition on `value` (nil: no filter); `condition` gets its placeholder.
    mutating func add(_ value: SQLValue?, _ condition: (String) -> String) {
        guard let value else { return }
        conditions.append(condition(bind(value)))
    }

    /// Limits rows to what a viewer may see; `scope` writes the condition around the
    /// viewer's id placeholder and returns nil for a viewer who sees everything.
    mutating func restrict(to viewer: Viewer?, _ scope: (Viewer, String) -> String?) {
        guard let viewer, let c = scope(viewer, "$\(params.count + 1)") else { return }
        params.append(.uuid(viewer.id))
        conditions.append(c)
    }

    /// Appends a parameter and returns its placeholder (a LIMIT after the conditions).
    mutating func bind(_ value: SQLValue) -> String {
        params.append(value)
        return "$\(params.count)"
    }

    /// " WHERE a AND b", or nothing without conditions.
    var whereSQL: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }
}
