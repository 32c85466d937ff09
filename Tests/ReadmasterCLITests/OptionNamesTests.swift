import Foundation
@testable import ReadmasterCLI
import ReadmasterTestSupport
import Testing

/// Handlers read options by name (`inv.value("first-name")`); a misspelt name would
/// silently read nil. Every name read anywhere in the CLI's sources must be declared by
/// some command (or be global), and every declared option should be read somewhere.
@Suite("option names read by handlers are declared")
struct OptionNamesTests {
    static func declared() -> Set<String> {
        var names = Set(GlobalOptions.specs.map(\.long))
        for (_, node) in Completions.paths(CommandTable.root) { for o in node.options { names.insert(o.long) } }
        return names
    }

    /// Option names read by handlers: `inv.value("x")`, `inv.flag("x")`, `inv.int("x")`,
    /// `options["x"]`, `formerly: "x"`; `loose` also counts option-to-field tables
    /// (`("grade", "grade_level")`) and the invocation's own reads.
    static func read(loose: Bool = false) throws -> [(file: String, name: String)] {
        let root = BinaryRunner.packageRoot.appendingPathComponent("Sources/ReadmasterCLI")
        let strict = #"(?:inv(?:ocation)?\.(?:value|flag|int)\(|options\[|formerly: )"([a-z0-9-]+)""#
        let pattern = try NSRegularExpression(pattern: loose ? #"(?:\b(?:value|flag|int)\(|options\[|formerly: )"([a-z0-9-]+)"|(?<!OptionSpec)\("([a-z0-9-]+)", "[a-z_]+"\)"# : strict)
        var found: [(String, String)] = []
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)! where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let group = (1..<m.numberOfRanges).first { m.range(at: $0).location != NSNotFound } ?? 1
                found.append((url.lastPathComponent, String(text[Range(m.range(at: group), in: text)!])))
            }
        }
        return found
    }

    @Test("every option a handler reads is declared")
    func readNamesAreDeclared() throws {
        let declared = Self.declared()
        let read = try Self.read()
        #expect(read.count > 50, "the scan finds the handlers' reads")
        for (file, name) in read { #expect(declared.contains(name), "\(file) reads --\(name), which no command declares") }
    }

    @Test("every option a command declares is read by some handler")
    func declaredNamesAreRead() throws {
        let read = Set(try Self.read(loose: true).map(\.name))
        let globals = Set(GlobalOptions.specs.map(\.long))
        for name in Self.declared().subtracting(globals) { #expect(read.contains(name), "--\(name) is declared but never read") }
    }
}
