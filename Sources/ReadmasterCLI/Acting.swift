import Foundation
import ReadmasterCore
import ReadmasterStore

/// Who a command acts as: the user named by `--as` (the role rules apply), or the
/// database owner (no `--as`: everything is allowed, as for an admin).
struct Acting {
    let user: UserRow?

    var isOwner: Bool { user == nil }
    var role: Role { user?.role ?? .admin }
    var label: String { user?.email ?? "owner" }
    var auditActor: AuditActor { AuditActor(userID: user?.id, label: label) }
    /// Which rows lists show this actor (nil: the owner sees everything).
    var viewer: Viewer? { user.map { Viewer(id: $0.id, visibility: Policy.visibility(of: $0.role)) } }

    static func resolve(_ inv: Invocation, _ conn: any Connection) throws -> Acting {
        guard let email = inv.globals.actAs else { return Acting(user: nil) }
        guard let u = try UserRecords(conn).find(email) else {
            throw CLIError.permissionDenied("--as \(email): no such user")
        }
        guard u.isActive else { throw CLIError.permissionDenied("--as \(email): the account is deactivated") }
        return Acting(user: u)
    }

    /// Whether the policy allows it (the owner may do everything).
    func may(_ action: Policy.Action, _ relation: Policy.Relation = .unrelated) -> Bool {
        isOwner || Policy.allows(role, action, relation)
    }

    /// Refuses with a message naming who and what, unless the policy allows it.
    func require(_ action: Policy.Action, _ what: @autoclosure () -> String) throws {
        try require(action, .unrelated, what())
    }

    func require(_ action: Policy.Action, _ relation: Policy.Relation, _ what: @autoclosure () -> String) throws {
        guard may(action, relation) else {
            throw CLIError.permissionDenied("\(role.rawValue) \(label) \(what())")
        }
    }

    /// Runs a write and its audit entry in one transaction.
    @discardableResult
    func audited<T>(_ conn: any Connection, _ action: String, _ entityType: String, _ entityID: UUID?, details: String? = nil,
                    _ write: () throws -> T) throws -> T {
        try conn.transaction {
            let result = try write()
            try Audit.record(conn, actor: auditActor, action: action, entityType: entityType,
                             entityID: entityID?.uuidString.lowercased(), details: details)
            return result
        }
    }

    /// The audit details of an update: which fields changed (never their values).
    static func changed(_ changes: [ColumnChange]) -> String {
        JSONValue.object([("fields", .array(changes.map { .string($0.column) }))]).serialized()
    }

    /// How this actor stands to a user: facts only (the policy decides what they allow).
    func relation(to target: UserRow, _ users: UserRecords) throws -> Policy.Relation {
        guard let me = user else { return .unrelated }
        if me.id == target.id { return .own }
        if target.role == .admin { return .otherAdmin }
        if try users.isLinked(parent: me.id, child: target.id) { return .linkedChild }
        if try users.teaches(teacher: me.id, student: target.id) { return .teaches }
        return .unrelated
    }
}
