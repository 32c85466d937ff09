import Foundation
import ReadmasterCLI
import ReadmasterTestSupport
import Testing

/// Commands that need no database or recording, run in the test process through
/// `CLI.main` with capturing sinks: the same parsing, dispatch and error mapping as the
/// binary, without starting one.
@Suite("commands run in-process")
struct InProcessTests {
    func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        let out = Sink.capturing(), err = Sink.capturing()
        let status = ReadmasterCLI.main(arguments, environment: ["NO_COLOR": "1"], out: out, err: err)
        return (status, out.captured, err.captured)
    }

    @Test("help, version and completion print to standard output and exit 0")
    func informational() throws {
        let help = run(["user", "create", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--email") && help.stderr.isEmpty)
        let version = run(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("readmaster "))
        let root = BinaryRunner.packageRoot
        for (shell, file) in [("bash", "readmaster.bash"), ("zsh", "_readmaster"), ("fish", "readmaster.fish")] {
            let committed = try String(contentsOf: root.appendingPathComponent("completions/\(file)"), encoding: .utf8)
            #expect(run(["completion", shell]).stdout == committed, "\(shell)")
        }
    }

    @Test("usage errors are one line on stderr, or a JSON error object, with exit 2")
    func usageErrors() throws {
        let bare = run([])
        #expect(bare.status == 2 && bare.stdout.isEmpty && bare.stderr.contains("Usage:"))
        let unknown = run(["user", "list", "--colour"])
        #expect(unknown.status == 2 && unknown.stdout.isEmpty)
        #expect(unknown.stderr.hasPrefix("readmaster: ") && unknown.stderr.split(separator: "\n").count == 1, "\(unknown.stderr)")
        let svg = run(["reading", "list", "--format", "svg"])
        #expect(svg.status == 2 && svg.stderr.contains("progress trend"), "\(svg.stderr)")
        let json = run(["user", "list", "--colour", "--json"])
        #expect(json.status == 2)
        let object = try JSONSerialization.jsonObject(with: Data(json.stderr.utf8)) as? [String: Any]
        #expect((object?["error"] as? [String: Any])?["code"] as? String == "usage")
        let choice = run(["assess", "show", "x", "--view", "nonsense"])
        #expect(choice.status == 2 && choice.stderr.contains("summary"), "\(choice.stderr)")
    }
}
