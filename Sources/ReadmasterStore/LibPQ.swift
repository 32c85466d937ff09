import CPostgres

/// The libpq functions readmaster calls, looked up once with dlopen/dlsym on first use.
/// Linking libpq would make every start of the program (SQLite, help, the engine) map
/// and relocate libpq and its TLS, Kerberos and LDAP libraries; `progress student` is a
/// whole process, and that was a large part of its time.
struct LibPQ: @unchecked Sendable {
    typealias Conn = OpaquePointer
    typealias Result = OpaquePointer
    // Never NULL for the arguments readmaster passes (libpq returns "" instead), so the
    // string results are non-optional like the imported declarations.
    let PQconnectdb: @convention(c) (UnsafePointer<CChar>?) -> Conn?
    let PQconnectdbParams: @convention(c) (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?, Int32) -> Conn?
    let PQstatus: @convention(c) (Conn?) -> ConnStatusType
    let PQerrorMessage: @convention(c) (Conn?) -> UnsafeMutablePointer<CChar>
    let PQfinish: @convention(c) (Conn?) -> Void
    let PQexec: @convention(c) (Conn?, UnsafePointer<CChar>?) -> Result?
    let PQprepare: @convention(c) (Conn?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?) -> Result?
    let PQexecPrepared: @convention(c) (Conn?, UnsafePointer<CChar>?, Int32, UnsafePointer<UnsafePointer<CChar>?>?,
                                        UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32) -> Result?
    let PQresultStatus: @convention(c) (Result?) -> ExecStatusType
    let PQresultErrorMessage: @convention(c) (Result?) -> UnsafeMutablePointer<CChar>
    let PQresultErrorField: @convention(c) (Result?, Int32) -> UnsafeMutablePointer<CChar>?
    let PQclear: @convention(c) (Result?) -> Void
    let PQcmdTuples: @convention(c) (Result?) -> UnsafeMutablePointer<CChar>
    let PQnfields: @convention(c) (Result?) -> Int32
    let PQntuples: @convention(c) (Result?) -> Int32
    let PQfname: @convention(c) (Result?, Int32) -> UnsafeMutablePointer<CChar>
    let PQftype: @convention(c) (Result?, Int32) -> Oid
    let PQgetisnull: @convention(c) (Result?, Int32, Int32) -> Int32
    let PQgetvalue: @convention(c) (Result?, Int32, Int32) -> UnsafeMutablePointer<CChar>
    let PQputCopyData: @convention(c) (Conn?, UnsafePointer<CChar>?, Int32) -> Int32
    let PQputCopyEnd: @convention(c) (Conn?, UnsafePointer<CChar>?) -> Int32
    let PQgetResult: @convention(c) (Conn?) -> Result?

    /// Loaded once per process; a missing library is an error only for PostgreSQL URLs.
    static let shared: Swift.Result<LibPQ, StoreError> = load()

    private static func load() -> Swift.Result<LibPQ, StoreError> {
        let names = ["libpq.so.5", "libpq.so"]
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            return .failure(.unavailable(url: "postgresql", message: "the PostgreSQL client library (libpq.so.5) is not installed: apt-get install libpq5"))
        }
        var missing: [String] = []
        func sym<T>(_ name: String, _: T.Type) -> T {
            guard let p = dlsym(handle, name) else {
                missing.append(name)
                return unsafeBitCast(dlsym(handle, "PQfinish") ?? UnsafeMutableRawPointer(bitPattern: 1)!, to: T.self)
            }
            return unsafeBitCast(p, to: T.self)
        }
        let api = LibPQ(
            PQconnectdb: sym("PQconnectdb", (@convention(c) (UnsafePointer<CChar>?) -> Conn?).self),
            PQconnectdbParams: sym("PQconnectdbParams", (@convention(c) (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?, Int32) -> Conn?).self),
            PQstatus: sym("PQstatus", (@convention(c) (Conn?) -> ConnStatusType).self),
            PQerrorMessage: sym("PQerrorMessage", (@convention(c) (Conn?) -> UnsafeMutablePointer<CChar>).self),
            PQfinish: sym("PQfinish", (@convention(c) (Conn?) -> Void).self),
            PQexec: sym("PQexec", (@convention(c) (Conn?, UnsafePointer<CChar>?) -> Result?).self),
            PQprepare: sym("PQprepare", (@convention(c) (Conn?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?) -> Result?).self),
            PQexecPrepared: sym("PQexecPrepared", (@convention(c) (Conn?, UnsafePointer<CChar>?, Int32, UnsafePointer<UnsafePointer<CChar>?>?,
                                                                   UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32) -> Result?).self),
            PQresultStatus: sym("PQresultStatus", (@convention(c) (Result?) -> ExecStatusType).self),
            PQresultErrorMessage: sym("PQresultErrorMessage", (@convention(c) (Result?) -> UnsafeMutablePointer<CChar>).self),
            PQresultErrorField: sym("PQresultErrorField", (@convention(c) (Result?, Int32) -> UnsafeMutablePointer<CChar>?).self),
            PQclear: sym("PQclear", (@convention(c) (Result?) -> Void).self),
            PQcmdTuples: sym("PQcmdTuples", (@convention(c) (Result?) -> UnsafeMutablePointer<CChar>).self),
            PQnfields: sym("PQnfields", (@convention(c) (Result?) -> Int32).self),
            PQntuples: sym("PQntuples", (@convention(c) (Result?) -> Int32).self),
            PQfname: sym("PQfname", (@convention(c) (Result?, Int32) -> UnsafeMutablePointer<CChar>).self),
            PQftype: sym("PQftype", (@convention(c) (Result?, Int32) -> Oid).self),
            PQgetisnull: sym("PQgetisnull", (@convention(c) (Result?, Int32, Int32) -> Int32).self),
            PQgetvalue: sym("PQgetvalue", (@convention(c) (Result?, Int32, Int32) -> UnsafeMutablePointer<CChar>).self),
            PQputCopyData: sym("PQputCopyData", (@convention(c) (Conn?, UnsafePointer<CChar>?, Int32) -> Int32).self),
            PQputCopyEnd: sym("PQputCopyEnd", (@convention(c) (Conn?, UnsafePointer<CChar>?) -> Int32).self),
            PQgetResult: sym("PQgetResult", (@convention(c) (Conn?) -> Result?).self))
        guard missing.isEmpty else {
            return .failure(.unavailable(url: "postgresql", message: "libpq.so.5 lacks \(missing.joined(separator: ", "))"))
        }
        return .success(api)
    }
}
