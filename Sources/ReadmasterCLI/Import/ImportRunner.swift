import Foundation
import ReadmasterCore
import ReadmasterStore

/// A field-level problem in one input record.
struct FieldProblem: Error {
    let field: String
    let message: String
}

/// The shared shape of every import: stream records, validate each, write good ones in
/// batches inside one transaction, and either roll everything back when any record is
/// bad (the default), or keep the good ones and write the bad ones to a rejects file
/// (`--continue-on-error --rejects FILE`). `--dry-run` validates and writes nothing.
struct ImportRunner<Item> {
    let entity: String
    let inv: Invocation
    let connection: any Connection
    /// Checks one record; throws `FieldProblem`.
    let validate: (InputRecord) throws -> Item
    /// Writes a batch of validated items (inside the import's transaction).
    let write: ([Item]) throws -> Void
    /// The policy check the single command making the same change would make, per
    /// record; a refusal stops the import (exit 77, nothing written), naming the line.
    var authorize: (Item) throws -> Void = { _ in }
    /// Runs after the last batch, still inside the transaction (links, audit).
    var finish: (_ written: Int) throws -> Void = { _ in }
    var batchSize = 2000

    struct Summary {
        var read = 0
        var written = 0
        var rejected = 0
    }

    static var options: [OptionSpec] {
        [
            OptionSpec("dry-run", help: "validate every record and write nothing"),
            OptionSpec("continue-on-error", help: "write the good records even when some are bad"),
            OptionSpec("rejects", value: "FILE", help: "with --continue-on-error: write the bad records here, with a reason column", completes: .file),
        ]
    }

    func run(path: String) throws -> Int32 {
        try run(source: try RecordReader(path: path, format: InputFormat.choose(path: path, hint: inv.globals.format)))
    }

    func run(source reader: any RecordSource) throws -> Int32 {
        let dryRun = inv.flag("dry-run")
        let keepGoing = inv.flag("continue-on-error")
        if inv.value("rejects") != nil, !keepGoing { throw CLIError.usage("--rejects goes with --continue-on-error") }
        var rejects: RejectsWriter?
        if let r = inv.value("rejects") { rejects = try RejectsWriter(path: r, format: reader.format) }
        var summary = Summary()
        var problems: [String] = []
        let progress = Progress(total: reader.totalBytes ?? 0, sink: inv.err, enabled: inv.err.isTerminal && !inv.globals.quiet && reader.totalBytes != nil)
        do {
            try connection.transaction(immediate: true) {
                var batch: [Item] = []
                // Hashes, not the keys themselves, so a million-row file costs megabytes.
                var keys = Set<Int>()
                while let record = try reader.next() {
                    summary.read += 1
                    do {
                        let item = try validate(record)
                        do { try authorize(item) } catch let CLIError.permissionDenied(m) {
                            throw CLIError.permissionDenied("\(record.file ?? reader.path), line \(record.line): \(m); nothing was written")
                        }
                        if let keyed = item as? any NaturallyKeyed {
                            guard keys.insert(keyed.naturalKey.hashValue).inserted else {
                                throw FieldProblem(field: keyed.keyField, message: "repeats an earlier record")
                            }
                        }
                        if problems.isEmpty || keepGoing { batch.append(item) }
                    } catch let p as FieldProblem {
                        summary.rejected += 1
                        let message = "\(record.file ?? reader.path), line \(record.line), field \(p.field): \(p.message)"
                        if problems.count < 1000 { problems.append(message) }
                        try rejects?.write(record, columns: reader.columns, reason: "field \(p.field): \(p.message)")
                    }
                    if batch.count >= batchSize {
                        if problems.isEmpty || keepGoing { try write(batch); summary.written += batch.count }
                        batch.removeAll(keepingCapacity: true)
                        progress.set(reader.bytesRead)
                    }
                }
                if !batch.isEmpty, problems.isEmpty || keepGoing { try write(batch); summary.written += batch.count }
                if !problems.isEmpty && !keepGoing { throw ImportAbort() }
                try finish(summary.written)
                if dryRun { throw ImportAbort() }
            }
        } catch is ImportAbort {
            // Rolled back: either bad records without --continue-on-error, or a dry run.
        }
        progress.clear()
        try rejects?.close()
        for p in problems { inv.err.message("readmaster: \(p)") }
        if summary.rejected > problems.count { inv.err.line("readmaster: … and \(summary.rejected - problems.count) more bad records") }
        if !problems.isEmpty && !keepGoing {
            throw CLIError.badInput("\(summary.rejected) of \(summary.read) \(entity) records are bad; nothing was written (fix them, or use --continue-on-error --rejects FILE)")
        }
        if dryRun {
            inv.note("dry run: \(summary.read - summary.rejected) of \(summary.read) \(entity) records are valid; nothing was written")
            return summary.rejected > 0 ? ExitCodes.dataError : ExitCodes.ok
        }
        inv.emit(record: [("entity", .string(entity)), ("read", .int(Int64(summary.read))), ("written", .int(Int64(summary.written))),
                          ("rejected", .int(Int64(summary.rejected)))])
        if summary.rejected > 0 {
            inv.note("wrote \(summary.written) \(entity) records; \(summary.rejected) rejected" + (inv.value("rejects").map { " (see \($0))" } ?? ""))
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

/// The bad records of an import, in the input's format, with a reason.
final class RejectsWriter {
    private let handle: FileHandle
    private let format: InputFormat
    private var wroteHeader = false

    init(path: String, format: InputFormat) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw CLIError.badInput("\(path): cannot write the rejects file")
        }
        handle = h
        self.format = format
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
        try handle.write(contentsOf: Data(text.utf8))
    }

    func close() throws { try handle.close() }
}
