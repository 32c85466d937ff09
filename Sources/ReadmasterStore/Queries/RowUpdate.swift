import Foundation

/// One column change for an `UPDATE … WHERE id = $1`.
public typealias ColumnChange = (column: String, value: SQLValue)

extension Connection {
    /// Updates columns of the row with this id. Column names are checked against
    /// `allowed` (they are spliced into SQL; values are always bound), and
    /// `updated_at` is set when the table keeps one.
    func updateRow(_ table: String, id: UUID, _ changes: [ColumnChange], allowed: Set<String>, touch: Bool = true) throws {
        guard !changes.isEmpty else { return }
        precondition(changes.allSatisfy { allowed.contains($0.column) }, "update of an unexpected column in \(table)")
        var params: [SQLValue] = [.uuid(id)]
        var sets: [String] = []
        for c in changes {
            params.append(c.value)
            sets.append("\(c.column) = $\(params.count)")
        }
        if touch {
            params.append(.date(Date()))
            sets.append("updated_at = $\(params.count)")
        }
        try execute("UPDATE \(table) SET \(sets.joined(separator: ", ")) WHERE id = $1", params)
    }
}
