import Foundation
@testable import ReadmasterCLI
import ReadmasterTestSupport
import Testing

@Suite("Generated docs stay in step with the command table")
struct DocsTests {
    @Test("committed completion scripts match what the binary generates", arguments: [
        ("bash", "completions/readmaster.bash"), ("zsh", "completions/_readmaster"), ("fish", "completions/readmaster.fish"),
    ])
    func completionsUpToDate(shell: String, file: String) throws {
        let generated = try BinaryRunner.run(["completion", shell])
        #expect(generated.status == 0)
        let committed = try String(contentsOf: BinaryRunner.packageRoot.appendingPathComponent(file), encoding: .utf8)
        #expect(generated.stdout == committed, "\(file) is out of date: run scripts/update-docs.sh")
    }

    @Test("the bash completion script is valid bash and completes commands")
    func bashCompletes() throws {
        let script = BinaryRunner.packageRoot.appendingPathComponent("completions/readmaster.bash").path
        let probe = """
            source \(script)
            COMP_WORDS=(readmaster mig); COMP_CWORD=1; _readmaster; echo "${COMPREPLY[*]}"
            COMP_WORDS=(readmaster migrate ""); COMP_CWORD=2; _readmaster; echo "${COMPREPLY[*]}"
            COMP_WORDS=(readmaster --format j); COMP_CWORD=2; _readmaster; echo "${COMPREPLY[*]}"
            COMP_WORDS=(readmaster migrate up --t); COMP_CWORD=3; _readmaster; echo "${COMPREPLY[*]}"
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", probe]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        let lines = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(p.terminationStatus == 0)
        #expect(lines.count >= 4)
        #expect(lines[0] == "migrate")
        #expect(lines[1] == "up down status verify redo")
        #expect(lines[2] == "json")
        #expect(lines[3] == "--to")
    }

    @Test("the committed man page matches what the command table generates")
    func manPageUpToDate() throws {
        let root = BinaryRunner.packageRoot
        let generated = try BinaryRunner.run(["help", "--man", root.appendingPathComponent("man/readmaster.1.in").path])
        #expect(generated.status == 0)
        let committed = try String(contentsOf: root.appendingPathComponent("man/readmaster.1"), encoding: .utf8)
        #expect(generated.stdout == committed, "man/readmaster.1 is out of date: run scripts/update-docs.sh")
    }

    @Test("the man page documents every command and global option")
    func manPage() throws {
        let source = try String(contentsOf: BinaryRunner.packageRoot.appendingPathComponent("man/readmaster.1"), encoding: .utf8)
        let man = source.replacingOccurrences(of: "\\-", with: "-")
        for (path, node) in Completions.paths(CommandTable.root) where !path.isEmpty && node.handler != nil {
            #expect(man.contains(".SS \(path)"), "man page lacks a section for \(path)")
            for option in node.options { #expect(man.contains("--\(option.long)"), "man page lacks --\(option.long) of \(path)") }
        }
        for option in GlobalOptions.specs { #expect(man.contains("--\(option.long)"), "man page lacks --\(option.long)") }
    }
}
