/// The SQL dialects readmaster speaks. Migrations and the few queries that differ
/// between the two are chosen by this value.
public enum Dialect: String, Sendable, CaseIterable {
    case sqlite
    case postgres
}
