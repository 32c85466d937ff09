import Foundation
import ReadmasterCore
import ReadmasterStore

/// What `class`, `user`, `reading` and `quiz update` end with: an empty change is a usage error,
/// the change is written and audited in one transaction, and the record is printed as it
/// now stands. The audit entry's entity type is the command's name unless `entity` says.
enum RecordUpdate {
    static func finish(_ inv: Invocation, _ conn: any Connection, _ acting: Acting, command: String, entity: String? = nil, id: UUID,
                       changes: [ColumnChange], write: () throws -> Void, reread: () throws -> [(String, JSONValue)]) throws -> Int32 {
        guard !changes.isEmpty else { throw CLIError.usage("\(command) update: nothing to change (see `readmaster \(command) update --help`)") }
        try acting.audited(conn, "\(command).update", entity ?? command, id, details: Acting.changed(changes)) { try write() }
        inv.emit(record: try reread())
        return ExitCodes.ok
    }
}
