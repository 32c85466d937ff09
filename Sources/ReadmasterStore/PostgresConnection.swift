import CPostgres
import Foundation

/// A libpq session. Parameters travel in text format (the server infers their types
/// from the statement), statements are prepared once per connection and reused, and
/// bulk loads go through `COPY … FROM STDIN`.
public final class PostgresConnection: Connection {
    public let url: DatabaseURL
    public var transactionDepth = 0
    private var conn: OpaquePointer?
    private var prepared: [String: String] = [:]
    private let pq: LibPQ
    /// One thread at a time (checked in debug builds).
    private let exclusive = ExclusiveUse()

    init(conninfo: String, url: DatabaseURL) throws {
        self.url = url
        pq = try LibPQ.shared.get()
        // The session settings travel in the startup packet (one round trip fewer for
        // every command), unless the URL brings its own options.
        let settings = conninfo.contains("options=") ? nil : "-c TimeZone=UTC -c client_min_messages=warning -c DateStyle=ISO"
        let handle: OpaquePointer?
        if let settings {
            let keys = [strdup("dbname"), strdup("options"), nil], values = [strdup(conninfo), strdup(settings), nil]
            defer { (keys + values).forEach { free($0) } }
            handle = keys.map { UnsafePointer($0) }.withUnsafeBufferPointer { k in
                values.map { UnsafePointer($0) }.withUnsafeBufferPointer { v in pq.PQconnectdbParams(k.baseAddress, v.baseAddress, 1) }
            }
        } else {
            handle = pq.PQconnectdb(conninfo)
        }
        guard let handle, pq.PQstatus(handle) == CONNECTION_OK else {
            var message = handle.map { PostgresConnection.firstLine(String(cString: pq.PQerrorMessage($0))) } ?? "out of memory"
            // FATAL:  database "rm" does not exist
            if message.contains("does not exist"), let open = message.range(of: "database \""),
               let close = message[open.upperBound...].firstIndex(of: "\"") {
                message += " (create it: createdb \(message[open.upperBound..<close]))"
            }
            pq.PQfinish(handle)
            throw StoreError.unavailable(url: url.redacted, message: message)
        }
        conn = handle
        // Timestamps come back in UTC so every client sees the same text; notices
        // (e.g. "relation already exists, skipping") must not leak onto stderr.
        if settings == nil {
            try executeScript("SET TimeZone = 'UTC'; SET client_min_messages = warning; SET DateStyle = 'ISO'")
        }
    }

    deinit { close() }

    public func close() {
        if let conn { pq.PQfinish(conn) }
        conn = nil
        prepared.removeAll()
    }

    static func firstLine(_ s: String) -> String {
        let trimmed = s.trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = trimmed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        // libpq prefixes "connection to server at … failed:" then the reason; keep both on one line.
        return lines.prefix(2).joined(separator: " ")
    }

    private func live() throws -> OpaquePointer {
        guard let conn else { throw StoreError.unavailable(url: url.redacted, message: "connection is closed") }
        if pq.PQstatus(conn) != CONNECTION_OK {
            throw StoreError.unavailable(url: url.redacted, message: PostgresConnection.firstLine(String(cString: pq.PQerrorMessage(conn))))
        }
        return conn
    }

    /// Turns a finished result into an error when it is one; frees it in that case.
    private func check(_ res: OpaquePointer?, sql: String) throws -> OpaquePointer {
        guard let res else {
            throw StoreError.unavailable(url: url.redacted, message: PostgresConnection.firstLine(String(cString: pq.PQerrorMessage(conn))))
        }
        let status = pq.PQresultStatus(res)
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN { return res }
        let message = PostgresConnection.firstLine(String(cString: pq.PQresultErrorMessage(res))).replacingOccurrences(of: "ERROR:  ", with: "")
        let statePtr = pq.PQresultErrorField(res, Int32(UInt8(ascii: "C")))
        let state = statePtr.map { String(cString: $0) }
        pq.PQclear(res)
        if pq.PQstatus(conn) != CONNECTION_OK {
            throw StoreError.unavailable(url: url.redacted, message: message)
        }
        if let state, state.hasPrefix("23") { throw StoreError.constraint(message: message, sqlState: state) }
        throw StoreError.statement(sql: StoreError.snippet(sql), message: message, sqlState: state)
    }

    private func run(_ sql: String, _ params: [SQLValue]) throws -> OpaquePointer {
        let conn = try live()
        let name: String
        if let existing = prepared[sql] {
            name = existing
        } else {
            name = "rm\(prepared.count + 1)"
            let res = try check(pq.PQprepare(conn, name, sql, 0, nil), sql: sql)
            pq.PQclear(res)
            prepared[sql] = name
        }
        let texts = params.map { $0.textForm }
        // Strings must outlive the call: duplicate them into C memory for its duration.
        var cStrings: [UnsafeMutablePointer<CChar>?] = texts.map { $0.flatMap { strdup($0) } }
        defer { cStrings.forEach { free($0) } }
        let res = cStrings.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(buf.count, 1)) { ptr in
                pq.PQexecPrepared(conn, name, Int32(params.count), params.isEmpty ? nil : ptr, nil, nil, 0)
            }
        }
        return try check(res, sql: sql)
    }

    @discardableResult
    public func execute(_ sql: String, _ params: [SQLValue]) throws -> Int {
        exclusive.enter()
        defer { exclusive.leave() }
        let res = try run(sql, params)
        defer { pq.PQclear(res) }
        return Int(String(cString: pq.PQcmdTuples(res))) ?? 0
    }

    public func query(_ sql: String, _ params: [SQLValue]) throws -> [Row] {
        exclusive.enter()
        defer { exclusive.leave() }
        let res = try run(sql, params)
        defer { pq.PQclear(res) }
        let nf = pq.PQnfields(res), nt = pq.PQntuples(res)
        let names = (0..<nf).map { String(cString: pq.PQfname(res, $0)) }
        let types = (0..<nf).map { pq.PQftype(res, $0) }
        var rows: [Row] = []
        rows.reserveCapacity(Int(nt))
        for r in 0..<nt {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(nf))
            for c in 0..<nf {
                if pq.PQgetisnull(res, r, c) == 1 { values.append(.null); continue }
                values.append(PostgresConnection.decode(String(cString: pq.PQgetvalue(res, r, c)), oid: types[Int(c)]))
            }
            rows.append(Row(columns: names, values: values))
        }
        return rows
    }

    /// Text-format values by type OID (pg_type.h): the common types become typed values.
    static func decode(_ text: String, oid: Oid) -> SQLValue {
        switch oid {
        case 20, 21, 23, 26: return Int64(text).map(SQLValue.int) ?? .text(text)
        case 700, 701, 1700: return Double(text).map(SQLValue.double) ?? .text(text)
        case 16: return .bool(text == "t")
        case 2950: return UUID(uuidString: text).map(SQLValue.uuid) ?? .text(text)
        case 1184, 1114: return Timestamp.parse(text).map(SQLValue.date) ?? .text(text)
        case 114, 3802: return .json(text)
        case 17: return .bytes(decodeHex(text))
        default: return .text(text)
        }
    }

    static func decodeHex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        let u = Array(text.utf8.dropFirst(2))
        bytes.reserveCapacity(u.count / 2)
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
        var i = 0
        while i + 1 < u.count { bytes.append(nibble(u[i]) << 4 | nibble(u[i + 1])); i += 2 }
        return bytes
    }

    public func executeScript(_ sql: String) throws {
        exclusive.enter()
        defer { exclusive.leave() }
        let conn = try live()
        // PQexec returns only the last statement's result; an earlier failure aborts the rest.
        let res = try check(pq.PQexec(conn, sql), sql: sql)
        pq.PQclear(res)
    }

    @discardableResult
    public func bulkInsert<S: Sequence>(table: String, columns: [String], rows: S) throws -> Int where S.Element == [SQLValue] {
        exclusive.enter()
        defer { exclusive.leave() }
        let sql = "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN"
        var count = 0
        try transaction {
            let conn = try live()
            let res = try check(pq.PQexec(conn, sql), sql: sql)
            pq.PQclear(res)
            var buffer = [UInt8]()
            buffer.reserveCapacity(1 << 17)
            func flush() throws {
                guard !buffer.isEmpty else { return }
                let rc = buffer.withUnsafeBufferPointer { p in
                    p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { pq.PQputCopyData(conn, $0, Int32(p.count)) }
                }
                buffer.removeAll(keepingCapacity: true)
                if rc != 1 { throw StoreError.bulk(table: table, message: PostgresConnection.firstLine(String(cString: pq.PQerrorMessage(conn)))) }
            }
            var failure: String?
            for row in rows {
                if row.count != columns.count {
                    failure = "row \(count + 1) has \(row.count) values for \(columns.count) columns"
                    break
                }
                CopyText.append(row, to: &buffer)
                count += 1
                if buffer.count >= 1 << 17 { try flush() }
            }
            if failure == nil { try flush() }
            guard pq.PQputCopyEnd(conn, failure) == 1 else {
                throw StoreError.bulk(table: table, message: PostgresConnection.firstLine(String(cString: pq.PQerrorMessage(conn))))
            }
            var firstError: StoreError?
            while let r = pq.PQgetResult(conn) {
                do { pq.PQclear(try check(r, sql: sql)) } catch let e as StoreError { firstError = firstError ?? e }
            }
            if let failure { throw StoreError.bulk(table: table, message: failure) }
            if let firstError { throw StoreError.bulk(table: table, message: "\(firstError)") }
        }
        return count
    }
}

/// COPY's text format: tab-separated, `\N` for NULL, backslash escapes for the
/// characters that would otherwise end a field or a row.
enum CopyText {
    static func append(_ row: [SQLValue], to buffer: inout [UInt8]) {
        for (i, value) in row.enumerated() {
            if i > 0 { buffer.append(9) }
            switch value {
            case .null: buffer.append(92); buffer.append(78)
            case let .int(v): appendDecimal(v, to: &buffer)
            default:
                var text = value.textForm ?? ""
                text.withUTF8 { utf8 in
                    // Most values need no escaping: copy them in one go.
                    if !utf8.contains(where: { $0 == 92 || $0 == 9 || $0 == 10 || $0 == 13 }) {
                        buffer.append(contentsOf: utf8)
                        return
                    }
                    for byte in utf8 {
                        switch byte {
                        case 92: buffer.append(92); buffer.append(92)
                        case 9: buffer.append(92); buffer.append(116)
                        case 10: buffer.append(92); buffer.append(110)
                        case 13: buffer.append(92); buffer.append(114)
                        default: buffer.append(byte)
                        }
                    }
                }
            }
        }
        buffer.append(10)
    }

    /// Integers without going through String.
    static func appendDecimal(_ value: Int64, to buffer: inout [UInt8]) {
        if value == 0 { buffer.append(48); return }
        if value == Int64.min { buffer.append(contentsOf: Array(String(value).utf8)); return }
        var v = value
        if v < 0 { buffer.append(45); v = -v }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 { d[n] = UInt8(48 + v % 10); v /= 10; n += 1 }
            for k in stride(from: n - 1, through: 0, by: -1) { buffer.append(d[k]) }
        }
    }
}
