import Foundation
import ReadmasterCore

/// One input record of an import: its fields by column name and the line it starts on.
struct InputRecord {
    let line: Int
    let fields: [String: String]
    /// The record as the file had it, for a rejects file.
    let raw: [String]
    /// The file it came from, when a source reads several (a folder of Markdown files).
    var file: String? = nil
    /// JSON input: the fields whose value was not a string, and what it was ("a number",
    /// "an array", …), so a number where a name belongs is refused rather than stored as text.
    var kinds: [String: String] = [:]
}

/// Where an import's records come from.
protocol RecordSource: AnyObject {
    var path: String { get }
    var format: InputFormat { get }
    var columns: [String] { get }
    var bytesRead: Int { get }
    var totalBytes: Int? { get }
    func next() throws -> InputRecord?
}

/// The formats imports read.
enum InputFormat: String, CaseIterable {
    case csv, tsv, json, ndjson

    /// `--input-format`, else the file's extension, else CSV (standard input has no
    /// extension). `--format` is the output's format, never the input's.
    static func choose(path: String, explicit: InputFormat?, hint: OutputFormat?) -> InputFormat {
        if let explicit { return explicit }
        switch (path as NSString).pathExtension.lowercased() {
        case "tsv", "tab": return .tsv
        case "json": return .json
        case "ndjson", "jsonl": return .ndjson
        case "csv", "txt": return .csv
        default: break
        }
        return .csv
    }
}

/// Streams records from a file or stdin in 1 MiB chunks, so memory does not grow with
/// the file: CSV/TSV through the streaming parser, NDJSON line by line, and a JSON
/// array element by element.
final class RecordReader: RecordSource {
    let path: String
    let format: InputFormat
    private let handle: FileHandle
    private var csv: CSVParser?
    private var header: [String]?
    private var pending: [InputRecord] = []
    private var pendingIndex = 0
    private var done = false
    private var carry: [UInt8] = []
    private var line = 1
    private var jsonSplitter = JSONArraySplitter()
    /// Bytes read so far, for a progress bar.
    private(set) var bytesRead = 0
    let totalBytes: Int?

    init(path: String, format: InputFormat) throws {
        self.path = path
        self.format = format
        if path == "-" {
            handle = FileHandle.standardInput
            totalBytes = nil
        } else {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw CLIError.badInput("\(path): no such file") }
            guard !isDir.boolValue else { throw CLIError.badInput("\(path): is a folder, not a file") }
            guard let h = FileHandle(forReadingAtPath: path) else { throw CLIError.badInput("\(path): cannot read it") }
            handle = h
            totalBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        }
        if format == .csv || format == .tsv {
            csv = CSVParser(separator: format == .tsv ? 9 : UInt8(ascii: ","), quoting: format == .csv)
        }
    }

    var columns: [String] { header ?? [] }

    /// UTF-16 or UTF-32 by their byte-order marks, or UTF-16 without one (every other
    /// byte NUL in plain text).
    static func otherEncoding(_ head: Data) -> String? {
        let b = [UInt8](head.prefix(64))
        if b.starts(with: [0xFF, 0xFE, 0, 0]) || b.starts(with: [0, 0, 0xFE, 0xFF]) { return "UTF-32" }
        if b.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        if b.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        if b.count >= 8 {
            let odd = stride(from: 1, to: b.count, by: 2).filter { b[$0] == 0 }.count
            let even = stride(from: 0, to: b.count, by: 2).filter { b[$0] == 0 }.count
            if odd * 4 >= b.count, even == 0 { return "UTF-16LE" }
            if even * 4 >= b.count, odd == 0 { return "UTF-16BE" }
        }
        return nil
    }

    /// The next record, or nil at the end. Malformed input throws with file and line.
    func next() throws -> InputRecord? {
        while pendingIndex >= pending.count {
            if done { return nil }
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            try fill()
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }

    private func fill() throws {
        let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
        if bytesRead == 0, let encoding = RecordReader.otherEncoding(chunk) {
            throw CLIError.badInput("\(path): the file is \(encoding), not UTF-8 (Excel's \"Unicode Text\" is UTF-16); save it as \"CSV UTF-8\" or convert it: iconv -f \(encoding) -t UTF-8 FILE > FILE.utf8.csv")
        }
        bytesRead += chunk.count
        let end = chunk.isEmpty
        if end { done = true }
        do {
            switch format {
            case .csv, .tsv:
                let records = end ? try csv!.finish() : try csv!.feed(chunk)
                for r in records { try accept(tabular: r) }
            case .ndjson:
                carry.append(contentsOf: chunk)
                var start = 0
                for (i, b) in carry.enumerated() where b == 10 {
                    try accept(jsonLine: Array(carry[start..<i]))
                    start = i + 1
                }
                carry.removeFirst(start)
                if end, !carry.isEmpty { try accept(jsonLine: carry); carry = [] }
            case .json:
                for (elementLine, bytes) in try jsonSplitter.feed(Array(chunk), end: end) {
                    try accept(json: bytes, line: elementLine)
                }
            }
        } catch let e as CSVParser.ParseError {
            throw CLIError.badInput("\(path): \(e)")
        } catch let e as JSONArraySplitter.SplitError {
            throw CLIError.badInput("\(path): \(e)")
        }
    }

    private func accept(tabular r: CSVParser.Record) throws {
        guard let header else {
            // Names as the file has them (messages quote them so); matching to fields
            // ignores case, spaces, hyphens and underscores (HeaderMapper).
            let names = r.fields.map { $0.trimmingWhitespace() }
            // Two columns of one name: which one holds the data is a guess, so refuse.
            var seen: [String: Int] = [:]
            for (i, name) in names.enumerated() where !name.isEmpty {
                if let first = seen[name.lowercased()] {
                    throw CLIError.badInput("\(path), line \(r.line), field \(quoted(name)): the header names it twice (columns \(first + 1) and \(i + 1)); nothing was written")
                }
                seen[name.lowercased()] = i
            }
            header = names
            return
        }
        var fields: [String: String] = [:]
        for (i, name) in header.enumerated() where i < r.fields.count { fields[name] = r.fields[i] }
        pending.append(InputRecord(line: r.line, fields: fields, raw: r.fields))
    }

    private func accept(jsonLine bytes: [UInt8]) throws {
        defer { line += 1 }
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        guard !text.isEmpty else { return }
        try accept(json: Array(text.utf8), line: line)
    }

    private func accept(json bytes: [UInt8], line: Int) throws {
        let value: JSONValue
        do { value = try JSONParser.parse(String(decoding: bytes, as: UTF8.self)) } catch let e as JSONParser.ParseError {
            throw CLIError.badInput("\(path), line \(line + e.line - 1): \(e.message)")
        }
        guard case let .object(members) = value else { throw CLIError.badInput("\(path), line \(line): expected an object per record") }
        var fields: [String: String] = [:]
        var kinds: [String: String] = [:]
        var seen = Set<String>()
        for (k, v) in members {
            let key = k
            if !seen.insert(k.lowercased()).inserted {
                throw CLIError.badInput("\(path), line \(line), field \(quoted(key)): the record gives it twice; nothing was written")
            }
            switch v {
            case .null: continue
            case let .string(s): fields[key] = s
            case let .int(i): fields[key] = String(i); kinds[key] = "a number"
            case let .double(d): fields[key] = String(d); kinds[key] = "a number"
            case let .bool(b): fields[key] = b ? "true" : "false"; kinds[key] = "true/false"
            case .array: fields[key] = v.serialized(); kinds[key] = "an array"
            case .object: fields[key] = v.serialized(); kinds[key] = "an object"
            }
            if header == nil || !header!.contains(key) { header = (header ?? []) + [key] }
        }
        pending.append(InputRecord(line: line, fields: fields, raw: [value.serialized()], kinds: kinds))
    }
}

/// Splits a top-level JSON array into its elements as they stream in, tracking strings
/// and nesting, so each element can be parsed on its own.
struct JSONArraySplitter {
    struct SplitError: Error, CustomStringConvertible {
        let description: String
    }

    private var started = false
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var element: [UInt8] = []
    private var elementLine = 1
    private var line = 1
    private var finished = false

    mutating func feed(_ bytes: [UInt8], end: Bool) throws -> [(Int, [UInt8])] {
        var out: [(Int, [UInt8])] = []
        for b in bytes {
            if b == 10 { line += 1 }
            if !started {
                if b == 32 || b == 9 || b == 10 || b == 13 || b == 0xEF || b == 0xBB || b == 0xBF { continue }
                guard b == UInt8(ascii: "[") else { throw SplitError(description: "line \(line): a JSON import must be an array of objects") }
                started = true
                continue
            }
            if finished {
                if b == 32 || b == 9 || b == 10 || b == 13 { continue }
                throw SplitError(description: "line \(line): text after the end of the array")
            }
            if inString {
                element.append(b)
                if escaped { escaped = false } else if b == 92 { escaped = true } else if b == 34 { inString = false }
                continue
            }
            switch b {
            case 34: inString = true; if element.isEmpty { elementLine = line }; element.append(b)
            case UInt8(ascii: "{"), UInt8(ascii: "["): if element.isEmpty { elementLine = line }; depth += 1; element.append(b)
            case UInt8(ascii: "}"): depth -= 1; element.append(b)
            case UInt8(ascii: "]") where depth == 0:
                if !element.isEmpty { out.append((elementLine, element)); element = [] }
                finished = true
            case UInt8(ascii: "]"): depth -= 1; element.append(b)
            case UInt8(ascii: ",") where depth == 0:
                out.append((elementLine, element))
                element = []
            case 32, 9, 10, 13:
                // Whitespace between elements is dropped; inside one it is kept, so that
                // `3 4` stays two tokens (a parse error) instead of becoming 34.
                if depth == 0 && element.isEmpty { continue }
                element.append(b)
            default:
                if element.isEmpty { elementLine = line }
                element.append(b)
            }
        }
        if end, started, !finished { throw SplitError(description: "line \(line): the array is never closed") }
        if end, !started { throw SplitError(description: "the file is empty") }
        return out
    }
}
