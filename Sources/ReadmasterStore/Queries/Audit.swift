import Foundation

/// Who performed a write, as recorded in the audit log: a user (`--as`), or the
/// database owner running readmaster directly.
public struct AuditActor: Sendable {
    public let userID: UUID?
    public let label: String

    public init(userID: UUID?, label: String) {
        self.userID = userID
        self.label = label
    }

    public static let owner = AuditActor(userID: nil, label: "owner")
}

/// Appends to `audit_log`; called inside the transaction of the write it records.
public enum Audit {
    public static func record(_ connection: any Connection, actor: AuditActor, action: String, entityType: String,
                              entityID: String?, details: String?) throws {
        try connection.execute("""
            INSERT INTO audit_log (actor_id, actor, action, entity_type, entity_id, details, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, [actor.userID.map(SQLValue.uuid) ?? .null, .text(actor.label), .text(action), .text(entityType),
                  entityID.map(SQLValue.text) ?? .null, details.map(SQLValue.json) ?? .null, .date(Date())])
    }
}
