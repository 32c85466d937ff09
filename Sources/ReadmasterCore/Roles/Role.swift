/// The four kinds of user (docs/CONTRACTS.md "Roles"; seed 000).
public enum Role: String, Sendable, CaseIterable, Comparable {
    case student, parent, teacher, admin

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
