import Foundation
import ReadmasterCore
import ReadmasterStore

/// A field-level problem in one input record.
struct FieldProblem: Error {
    let field: String
    let message: String
}

/// What an import record does to the database.
enum ImportChange: String {
    case created, updated, unchanged
}

/// The shared shape of every import: stream records, map the export's columns to the
/// schema's fields, validate each record, write good ones in batches inside one
/// transaction, and either roll everything back when any record is bad (the default),
/// or keep the good ones and write the bad ones to a rejects file
/// (`--continue-on-error --rejects FILE`). `--dry-run` does all of it, then rolls back,
/// and prints the same summary (created / updated / unchanged) a real run prints.
struct ImportRunner<Item> {
    let schema: ImportSchema
    let inv: Invocation
    let connection: any Connection
    /// Checks one record; throws `FieldProblem`.
    let validate: (InputRecord) throws -> Item
    /// Writes a batch of validated items (inside the import's transaction).
    let write: ([Item]) throws -> Void
    /// The policy check the single command making the same change would make, per
    /// record; a refusal stops the import (exit 77, nothing written), naming the line.
    var authorize: (Item) throws -> Void = { _ in }
    /// What writing each item of a batch will do, looked up before the batch is written
    /// (one query per batch, not per record: imports run to millions of rows).
    var classify: (([Item]) throws -> [ImportChange])?
    /// A record whose reference (a parent) may be further down the file is held until
    /// the whole file is read; `resolve` then accepts it or says what is wrong.
    var holdUntilEnd: (Item) throws -> Bool = { _ in false }
    var resolve: (Item) throws -> FieldProblem? = { _ in nil }
    /// Runs after the last batch, still inside the transaction (links, audit).
    var finish: (_ written: Int) throws -> Void = { _ in }
    var batchSize = 2000
    /// Fields a JSON record may give as a number; every other field must be a string.
    var numericFields: Set<String> = ["grade_level", "grade", "max_students", "position"]
    /// Fields a JSON record may give as an array or object (a quiz question's options).
    var structuredFields: Set<String> = ["options"]

    var entity: String { schema.entity }

    struct Summary {
        var read = 0
        var written = 0
        var rejected = 0
        var changes: [ImportChange: Int] = [:]
    }

    /// An import subcommand: its file argument (a folder too, where `folders`) and the
    /// options every import takes, then the command's own.
    static func command(_ name: String = "import", summary: String, discussion: String, folders: Bool = false, extraOptions: [OptionSpec] = [],
                        examples: [String] = [], handler: @escaping CommandSpec.Handler) -> CommandSpec {
        let argument = folders ? ArgumentSpec("PATH", help: "a folder, a file, or - for standard input", completes: .file)
            : ArgumentSpec("FILE", help: "the file, or - for standard input", completes: .file)
        return CommandSpec(name, summary: summary, discussion: discussion, arguments: [argument], options: options + extraOptions,
                           examples: examples, handler: handler)
    }

    static var options: [OptionSpec] {
        [
            OptionSpec(.dryRun, help: "validate every record, report what would be created, updated or unchanged, and write nothing"),
            OptionSpec(.continueOnError, help: "write the good records even when some are bad"),
            OptionSpec(.rejects, value: "FILE", help: "with --continue-on-error: write the bad records here, with a reason column", completes: .file),
            OptionSpec(.map, value: "COLUMN=FIELD", help: "read the file's COLUMN as FIELD (repeat), e.g. 'E-mail Address=email'"),
            OptionSpec(.mapFile, value: "FILE", help: "COLUMN=FIELD lines, one per column to map", completes: .file),
            OptionSpec(.strict, help: "refuse columns that are not fields (by default they are ignored, and named once)"),
            OptionSpec(.inputFormat, value: "FORMAT", help: "the file's format (default: from its extension; csv for stdin)",
                       choices: InputFormat.self),
        ]
    }

    init(schema: ImportSchema, inv: Invocation, connection: any Connection, validate: @escaping (InputRecord) throws -> Item,
         write: @escaping ([Item]) throws -> Void) {
        self.schema = schema
        self.inv = inv
        self.connection = connection
        self.validate = validate
        self.write = write
    }

    /// Problems no field can have, checked before the entity's own validation: a NUL
    /// byte (SQLite would cut the text there, PostgreSQL refuses it), a JSON value of
    /// the wrong kind, and required fields left empty (all of them named at once).
    func screen(_ record: InputRecord) throws {
        // A source that could not make fields of the record says why (bad front matter).
        if let problem = record.fields["_problem"] { throw FieldProblem(field: "front_matter", message: problem) }
        for (field, value) in record.fields.sorted(by: { $0.key < $1.key }) where value.utf8.contains(0) {
            throw FieldProblem(field: field, message: "contains a NUL byte (\\0), which no text field may hold")
        }
        for (field, kind) in record.kinds.sorted(by: { $0.key < $1.key }) {
            let structured = kind == "an array" || kind == "an object"
            if structured ? !structuredFields.contains(field) : !numericFields.contains(field) {
                throw FieldProblem(field: field, message: "is \(kind) (\(quoted(record.fields[field] ?? ""))); expected text")
            }
        }
        let missing = schema.required.filter { (record.fields[$0]?.trimmingWhitespace() ?? "").isEmpty }
        if !missing.isEmpty { throw FieldProblem(field: missing.joined(separator: ", "), message: missing.count == 1 ? "is missing" : "are missing") }
    }

    func run(path: String) throws -> Int32 {
        let explicit = inv.choice(.inputFormat, as: InputFormat.self)
        return try run(source: try RecordReader(path: path, format: InputFormat.choose(path: path, explicit: explicit, hint: inv.globals.format)))
    }

    func run(source reader: any RecordSource) throws -> Int32 {
        let dryRun = inv.flag(.dryRun)
        let keepGoing = inv.flag(.continueOnError)
        if inv.value(.rejects) != nil, !keepGoing { throw CLIError.usage("--rejects goes with --continue-on-error") }
        let mapper = try HeaderMapper(schema: schema, maps: inv.values(.map), mapFile: inv.value(.mapFile), strict: inv.flag(.strict))
        var rejects: RejectsWriter?
        if let r = inv.value(.rejects) { rejects = try RejectsWriter(path: r, format: reader.format, input: reader.path) }
        var summary = Summary()
        var problems: [String] = []
        var rows: [String] = []
        // A header to check: CSV and TSV files (a folder of Markdown has none).
        let tabular = reader is RecordReader && (reader.format == .csv || reader.format == .tsv)
        let progress = Progress(total: reader.totalBytes ?? 0, sink: inv.err, enabled: inv.err.isTerminal && !inv.globals.quiet && reader.totalBytes != nil)
        do {
            try connection.transaction(immediate: true) {
                var batch: [(line: Int, item: Item)] = []
                var held: [(InputRecord, Item)] = []
                // Hashes, not the keys themselves, so a million-row file costs megabytes.
                var keys = Set<Int>()
                var checkedHeader = false
                func reject(_ record: InputRecord, _ p: FieldProblem) throws {
                    summary.rejected += 1
                    let message = "\(record.file ?? reader.path), line \(record.line), field \(p.field): \(p.message)"
                    if problems.count < 1000 { problems.append(message) }
                    try rejects?.write(record, columns: reader.columns, reason: "field \(p.field): \(p.message)")
                }
                func accept(_ record: InputRecord, _ item: Item) throws {
                    batch.append((record.line, item))
                }
                // Good records are classified (for the summary, also when nothing will be
                // written because of bad ones) and, unless the import is failing, written.
                func flush() throws {
                    guard !batch.isEmpty else { return }
                    let items = batch.map(\.item)
                    if let classify {
                        for ((line, item), change) in zip(batch, try classify(items)) {
                            summary.changes[change, default: 0] += 1
                            if inv.globals.verbose, rows.count < 10_000 {
                                rows.append("line \(line): \(change.rawValue) \((item as? any NaturallyKeyed)?.naturalKey ?? "")")
                            }
                        }
                    }
                    if problems.isEmpty || keepGoing { try write(items); summary.written += items.count }
                    batch.removeAll(keepingCapacity: true)
                }
                while let raw = try reader.next() {
                    if !checkedHeader, tabular {
                        try mapper.checkHeader(reader.columns, source: reader.path)
                        checkedHeader = true
                    }
                    summary.read += 1
                    let record = try mapper.map(raw)
                    do {
                        try screen(record)
                        let item = try validate(record)
                        do { try authorize(item) } catch let CLIError.permissionDenied(m) {
                            throw CLIError.permissionDenied("\(record.file ?? reader.path), line \(record.line): \(m); nothing was written")
                        }
                        if let keyed = item as? any NaturallyKeyed {
                            guard keys.insert(keyed.naturalKey.hashValue).inserted else {
                                throw FieldProblem(field: keyed.keyField, message: "repeats an earlier record")
                            }
                        }
                        if try holdUntilEnd(item) { held.append((raw, item)) } else { try accept(raw, item) }
                    } catch let p as FieldProblem {
                        try reject(raw, p)
                    }
                    if batch.count >= batchSize {
                        try flush()
                        progress.set(reader.bytesRead)
                    }
                }
                if !checkedHeader, tabular, !reader.columns.isEmpty { try mapper.checkHeader(reader.columns, source: reader.path) }
                // References further down the file are known now.
                for (raw, item) in held {
                    if let p = try resolve(item) { try reject(raw, p) } else { try accept(raw, item) }
                }
                try flush()
                if !problems.isEmpty && !keepGoing { throw ImportAbort() }
                try finish(summary.written)
                try rejects?.sync()
                if dryRun { throw ImportAbort() }
            }
        } catch is ImportAbort {
            // Rolled back: either bad records without --continue-on-error, or a dry run.
        }
        progress.clear()
        try rejects?.close()
        if !mapper.ignored.isEmpty {
            inv.note("\(reader.path): ignored column\(mapper.ignored.count == 1 ? "" : "s") \(mapper.ignored.map { quoted($0) }.joined(separator: ", ")) (not \(entity) fields; --map COLUMN=FIELD uses one, --strict refuses them)")
        }
        for r in rows { inv.err.message(r) }
        for p in problems { inv.err.message("readmaster: \(p)") }
        if summary.rejected > problems.count { inv.err.line("readmaster: … and \(summary.rejected - problems.count) more bad records") }
        if !problems.isEmpty && !keepGoing && !dryRun {
            throw CLIError.badInput("\(summary.rejected) of \(summary.read) \(entity) records are bad; nothing was written (fix them, or use --continue-on-error --rejects FILE)")
        }
        var record: [(String, JSONValue)] = [("entity", .string(entity)), ("read", .int(Int64(summary.read)))]
        if classify != nil {
            for c in [ImportChange.created, .updated, .unchanged] { record.append((c.rawValue, .int(Int64(summary.changes[c] ?? 0)))) }
        }
        record += [("written", .int(Int64(dryRun ? 0 : summary.written))), ("rejected", .int(Int64(summary.rejected))), ("dry_run", .bool(dryRun))]
        inv.emit(record: record)
        if dryRun {
            inv.note("dry run: \(summary.read - summary.rejected) of \(summary.read) \(entity) records are valid; nothing was written")
            return summary.rejected > 0 ? ExitCodes.dataError : ExitCodes.ok
        }
        if summary.rejected > 0 {
            inv.note("wrote \(summary.written) \(entity) records; \(summary.rejected) rejected" + (inv.value(.rejects).map { " (see \($0))" } ?? ""))
            return summary.written > 0 ? ExitCodes.partial : ExitCodes.dataError
        }
        return ExitCodes.ok
    }
}

/// Thrown to roll an import's transaction back on purpose.
struct ImportAbort: Error {}

/// Items with a natural key; an import refuses the same key twice in one file.
protocol NaturallyKeyed {
    var naturalKey: String { get }
    /// The field named when the key repeats.
    var keyField: String { get }
}

/// The bad records of an import, in the input's format, with a reason. The file may
/// hold passwords, so it is created readable by its owner only; it may never be the
/// input itself; and a failed write stops the import rather than claim a file that
/// does not hold the records.
final class RejectsWriter {
    private let fd: Int32
    let path: String
    private let format: InputFormat
    private var wroteHeader = false

    init(path: String, format: InputFormat, input: String) throws {
        if input != "-", RejectsWriter.sameFile(path, input) {
            throw CLIError.usage("--rejects \(path) is the input file; it would be overwritten. Name another file")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CLIError.failure("cannot create the rejects file \(path): \(String(cString: strerror(errno))); nothing was written") }
        // An existing file keeps its mode on O_CREAT: narrow it too.
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG { _ = fchmod(fd, 0o600) }
        self.fd = fd
        self.path = path
        self.format = format
    }

    /// Whether two paths name the same file (hard links and symlinks included).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        if stat(a, &sa) == 0, stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        return URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }

    func write(_ record: InputRecord, columns: [String], reason: String) throws {
        var text = ""
        switch format {
        case .csv, .tsv:
            let sep = format == .csv ? "," : "\t"
            let csv = format == .csv
            func quote(_ s: String) -> String { csv ? Renderer.csvField(s) : Renderer.tsvField(s) }
            if !wroteHeader {
                text += (columns + ["line", "reason"]).map(quote).joined(separator: sep) + "\n"
                wroteHeader = true
            }
            let values: [String] = record.raw + [String(record.line), reason]
            text += values.map(quote).joined(separator: sep) + "\n"
        case .json, .ndjson:
            let obj = (try? JSONParser.parse(record.raw.first ?? "{}")) ?? .object([])
            var members: [(String, JSONValue)] = []
            if case let .object(m) = obj { members = m }
            members += [("line", .int(Int64(record.line))), ("reason", .string(reason))]
            text = JSONValue.object(members).serialized() + "\n"
        }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { posixWrite(fd, $0) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw failure() }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Called before the import commits, so a full disk rolls the import back.
    func sync() throws {
        guard fsync(fd) == 0 || errno == EINVAL || errno == EROFS else { throw failure() }
    }

    func close() throws {
        guard Glibc.close(fd) == 0 else { throw failure() }
    }

    private func failure() -> CLIError {
        .failure("cannot write the rejects file \(path): \(String(cString: strerror(errno))); nothing was written")
    }
}
