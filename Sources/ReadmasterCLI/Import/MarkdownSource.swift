import Foundation
import ReadmasterCore

/// Reading files as import records: a folder of Markdown (or plain text) files, or one
/// such file. Front-matter keys become fields; the body becomes `content`; a file
/// without a title gets its file name as the title.
final class MarkdownSource: RecordSource {
    let path: String
    let format = InputFormat.csv
    let columns = ["file", "title", "language", "genre", "age_category", "difficulty", "grade_level"]
    private var files: [String]
    private(set) var bytesRead = 0
    let totalBytes: Int?

    static let extensions: Set<String> = ["md", "markdown", "txt"]

    /// Whether `path` should be read as Markdown (a folder, or a .md/.markdown/.txt file).
    static func applies(to path: String) -> Bool {
        var isDir: ObjCBool = false
        guard path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return false }
        return isDir.boolValue || extensions.contains((path as NSString).pathExtension.lowercased())
    }

    init(path: String) throws {
        self.path = path
        var isDir: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
        if isDir.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            files = names.filter { MarkdownSource.extensions.contains(($0 as NSString).pathExtension.lowercased()) }
                .map { (path as NSString).appendingPathComponent($0) }
            guard !files.isEmpty else { throw CLIError.badInput("\(path): no .md, .markdown or .txt files in this folder") }
        } else {
            files = [path]
        }
        totalBytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
        files.reverse()
    }

    func next() throws -> InputRecord? {
        guard let file = files.popLast() else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError.badInput("\(file): cannot read it") }
        bytesRead += data.count
        guard let text = String(data: data, encoding: .utf8) else {
            return InputRecord(line: 1, fields: ["_problem": "not UTF-8 text"], raw: [file], file: file)
        }
        do {
            let doc = try FrontMatter.parse(text)
            var fields = doc.fields
            fields["content"] = doc.body
            if fields["title"] == nil {
                fields["title"] = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                    .replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
            }
            return InputRecord(line: 1, fields: fields, raw: [file], file: file)
        } catch FrontMatter.ParseError.badLine(let n, let text) {
            return InputRecord(line: n, fields: ["_problem": "\(quoted(text)) is not 'key: value' (is the closing --- missing?)"], raw: [file], file: file)
        } catch let e as FrontMatter.ParseError {
            return InputRecord(line: 1, fields: ["_problem": "\(e)"], raw: [file], file: file)
        }
    }
}
