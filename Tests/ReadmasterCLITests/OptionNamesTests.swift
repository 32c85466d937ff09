import Foundation
@testable import ReadmasterCLI
import ReadmasterTestSupport
import Testing

/// Handlers read options through `OptionName` (`inv.value(.firstName)`), so a misspelt
/// name does not compile. What the compiler cannot see: a name in the enum that no command
/// declares (reading it always gives nil), and an option a command declares that no
/// handler reads.
@Suite("option names read by handlers are declared")
struct OptionNamesTests {
    static func declared() -> Set<String> {
        var names = Set(GlobalOptions.specs.map(\.long))
        for (_, node) in Completions.paths(CommandTable.root) { for o in node.options { names.insert(o.long) } }
        return names
    }

    @Test("every OptionName is declared by some command or globally")
    func namesAreDeclared() {
        let declared = Self.declared()
        for name in OptionName.allCases { #expect(declared.contains(name.rawValue), "--\(name.rawValue) is in OptionName but no command declares it") }
    }

    @Test("every option a command declares is read by some handler")
    func declaredNamesAreRead() throws {
        // The CLI's sources without the declarations themselves: what remains names an
        // option only where something reads it (`.firstName`, `OptionName.firstName`).
        let root = BinaryRunner.packageRoot.appendingPathComponent("Sources/ReadmasterCLI")
        var text = ""
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        where url.pathExtension == "swift" && url.lastPathComponent != "OptionName.swift" {
            text += try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.contains("OptionSpec(") }.joined(separator: "\n")
        }
        let globals = Set(GlobalOptions.specs.map(\.long))
        for name in OptionName.allCases where !globals.contains(name.rawValue) {
            // The case is the long name in camel case (first-name → firstName).
            let parts = name.rawValue.split(separator: "-")
            let member = String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            let read = text.range(of: "\\.`?\(member)`?(?![A-Za-z0-9_])", options: .regularExpression) != nil
            #expect(read, "--\(name.rawValue) is declared but never read")
        }
    }
}
