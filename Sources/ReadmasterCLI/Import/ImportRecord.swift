extension Dictionary where Key == String, Value == String {
    /// An import record's field as given, trimmed; nil when the field is missing or
    /// blank, so every input validates "missing" the same way.
    func field(_ name: String) -> String? {
        guard let v = self[name]?.trimmingWhitespace(), !v.isEmpty else { return nil }
        return v
    }
}
