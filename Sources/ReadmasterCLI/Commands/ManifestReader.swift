import Foundation
import ReadmasterCore
import ReadmasterEngine
import ReadmasterStore

/// Reads an `assess analyze --manifest` CSV: columns `audio` and one of `text`,
/// `text_file`, `reading`; optional `student`. Relative paths are resolved against the
/// manifest's folder. A missing column is a usage error; a bad row becomes an error
/// record for that row so the rest of the batch still runs.
enum ManifestReader {
    static func jobs(path: String, defaultPassage: AnalyzeCommand.PassageSource?, inv: Invocation) throws -> [AnalyzeJob] {
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError.badInput("\(path): no such file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.badInput("\(path): cannot read it") }
        var parser = CSVParser()
        let records: [CSVParser.Record]
        do { records = try parser.feed(data) + parser.finish() } catch { throw CLIError.badInput("\(path): \(error)") }
        guard let header = records.first else { throw CLIError.badInput("\(path): the manifest is empty") }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ name: String) -> Int? { columns.firstIndex(of: name) }
        guard let audioCol = column("audio") else {
            throw CLIError.badInput("\(path), line \(header.line): no 'audio' column (columns: \(columns.joined(separator: ", ")))")
        }
        let textCol = column("text"), fileCol = column("text_file"), readingCol = column("reading"), studentCol = column("student")
        if textCol == nil, fileCol == nil, readingCol == nil, defaultPassage == nil {
            throw CLIError.badInput("\(path), line \(header.line): needs a 'text', 'text_file' or 'reading' column (or give --text/--text-string/--reading)")
        }
        // Relative to the manifest's folder, kept relative when the manifest path was.
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String {
            p.hasPrefix("/") || base.isEmpty ? p : ((base as NSString).appendingPathComponent(p) as NSString).standardizingPath
        }
        var readingCache: [String: Result<AnalyzeCommand.PassageSource, Error>] = [:]
        var connection: (any Connection)?
        defer { connection?.close() }

        return try records.dropFirst().map { record -> AnalyzeJob in
            func field(_ i: Int?) -> String? {
                guard let i, i < record.fields.count else { return nil }
                let v = record.fields[i].trimmingCharacters(in: .whitespaces)
                return v.isEmpty ? nil : v
            }
            let where_ = "\(path), line \(record.line)"
            guard let audio = field(audioCol) else {
                return AnalyzeJob(file: where_, passageText: nil, reading: .init(id: nil, title: nil), readingID: nil, student: nil,
                                  problem: ("bad_manifest_row", "\(where_): the audio field is empty"))
            }
            let file = resolve(audio)
            let student = field(studentCol)
            func bad(_ message: String) -> AnalyzeJob {
                AnalyzeJob(file: file, passageText: nil, reading: .init(id: nil, title: nil), readingID: nil, student: student,
                           problem: ("bad_manifest_row", "\(where_): \(message)"))
            }
            if let text = field(textCol) {
                guard WordTokenizer.count(text) > 0 else { return bad("the text field has no words") }
                return AnalyzeJob(file: file, passageText: text, reading: .init(id: nil, title: nil), readingID: nil, student: student, problem: nil)
            }
            if let textFile = field(fileCol) {
                let p = resolve(textFile)
                guard let d = FileManager.default.contents(atPath: p), let raw = String(data: d, encoding: .utf8) else {
                    return bad("cannot read text_file \(p)")
                }
                guard let text = try? FrontMatter.parse(raw).body else { return bad("text_file \(p): bad front matter") }
                guard WordTokenizer.count(text) > 0 else { return bad("text_file \(p) has no words") }
                return AnalyzeJob(file: file, passageText: text, reading: .init(id: nil, title: nil), readingID: nil, student: student, problem: nil)
            }
            if let reading = field(readingCol) {
                if connection == nil {
                    // A refusal stops the batch (exit 77); it is not one error record per row.
                    connection = try inv.openDatabase()
                    try Acting.resolve(inv, connection!).require(.readReading, "may not read readings")
                }
                if readingCache[reading] == nil {
                    readingCache[reading] = Result { try ReadingLookup.find(reading, in: connection!) }
                }
                switch readingCache[reading]! {
                case let .success(p):
                    return AnalyzeJob(file: file, passageText: p.text, reading: p.ref, readingID: p.ref.id, student: student, problem: nil)
                case let .failure(e as CLIError):
                    return bad("\(e)")
                case let .failure(e):
                    throw e // the database itself is unavailable: stop, do not make N error records
                }
            }
            if let d = defaultPassage {
                return AnalyzeJob(file: file, passageText: d.text, reading: d.ref, readingID: d.ref.id, student: student, problem: nil)
            }
            return bad("no text, text_file or reading given for this row")
        }
    }
}
