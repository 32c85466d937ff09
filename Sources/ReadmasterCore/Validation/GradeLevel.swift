/// Grade levels as student-information-system exports write them. readmaster's grades
/// run 0 (kindergarten) to 12; pre-kindergarten and transitional kindergarten are
/// counted with kindergarten (0), which is where the grade norms start.
public enum GradeLevel {
    public static let range = 0...12

    public static func parse(_ text: String) -> Int? {
        var t = text.trimmingWhitespace().uppercased()
        for prefix in ["GRADE ", "GR ", "GR. ", "G"] where t.hasPrefix(prefix) && t.count > prefix.count {
            let rest = String(t.dropFirst(prefix.count))
            if Int(rest) != nil || rest.hasSuffix("TH") || rest.hasSuffix("ST") || rest.hasSuffix("ND") || rest.hasSuffix("RD") { t = rest }
        }
        if ["K", "KG", "KN", "KINDER", "KINDERGARTEN", "PK", "P-K", "PRE-K", "PREK", "TK", "00", "0K"].contains(t) { return 0 }
        for suffix in ["ST", "ND", "RD", "TH"] where t.hasSuffix(suffix) { t = String(t.dropLast(2)) }
        guard let n = Int(t), range.contains(n) else { return nil }
        return n
    }

    /// What the message says a bad grade should look like.
    public static let expected = "a grade from 0 to 12 (K, KG, PK and TK are 0)"
}
