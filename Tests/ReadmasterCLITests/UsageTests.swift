import Foundation
import ReadmasterTestSupport
import Testing

@Suite("Command line usage, end to end")
struct UsageTests {
    @Test("a mistyped option gets a suggestion and exit 2")
    func typoOption() throws {
        let r = try BinaryRunner.run(["--fromat", "json", "migrate", "status"])
        #expect(r.status == 2)
        #expect(r.stderr == "readmaster: unknown option --fromat; did you mean --format?\n")
        #expect(r.stdout.isEmpty)
    }

    @Test("a mistyped command gets a suggestion and exit 2")
    func typoCommand() throws {
        let r = try BinaryRunner.run(["migrte", "up"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown command 'migrte'; did you mean migrate?"))
        let sub = try BinaryRunner.run(["migrate", "stauts"])
        #expect(sub.status == 2 && sub.stderr.contains("did you mean status?"))
    }

    @Test("bad values and arguments are usage errors that say what is wrong")
    func badValues() throws {
        let format = try BinaryRunner.run(["migrate", "status", "--format", "jsno"])
        #expect(format.status == 2 && format.stderr.contains("did you mean json?"))
        let missing = try BinaryRunner.run(["migrate", "status", "--db"])
        #expect(missing.status == 2 && missing.stderr.contains("option --db needs a value"))
        let steps = try BinaryRunner.run(["migrate", "down", "two", "--db", "sqlite:/tmp/none-\(UUID()).db"])
        #expect(steps.status == 2 && steps.stderr.contains("not 'two'"))
        let extra = try BinaryRunner.run(["migrate", "status", "extra"])
        #expect(extra.status == 2 && extra.stderr.contains("unexpected argument 'extra'"))
        let group = try BinaryRunner.run(["migrate"])
        #expect(group.status == 2 && group.stderr.contains("up, down, status, verify, redo"))
        let flagValue = try BinaryRunner.run(["migrate", "status", "--quiet=yes"])
        #expect(flagValue.status == 2 && flagValue.stderr.contains("--quiet takes no value"))
    }

    @Test("errors are a JSON object on stderr with --format json")
    func jsonErrors() throws {
        let r = try BinaryRunner.run(["--format", "json", "migrate", "down", "x"])
        #expect(r.status == 2)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as? [String: Any]
        let error = obj?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "usage")
        #expect(error?["exit_code"] as? Int == 2)
    }

    @Test("help at every level, --version, and options after the subcommand")
    func help() throws {
        let top = try BinaryRunner.run(["--help"])
        #expect(top.status == 0 && top.stdout.contains("Commands:") && top.stdout.contains("migrate"))
        let sub = try BinaryRunner.run(["migrate", "up", "-h"])
        #expect(sub.status == 0 && sub.stdout.contains("Usage: readmaster migrate up [options]") && sub.stdout.contains("--to VERSION"))
        let viaHelp = try BinaryRunner.run(["help", "migrate", "down"])
        #expect(viaHelp.stdout == (try BinaryRunner.run(["migrate", "down", "--help"])).stdout)
        let version = try BinaryRunner.run(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("readmaster ") && version.stdout.contains("schema 6"))
        let json = try BinaryRunner.run(["version", "--json"])
        #expect(json.stdout.contains("\"schema_version\": 6"))
        let bare = try BinaryRunner.run([])
        #expect(bare.status == 2 && bare.stderr.contains("Usage: readmaster"))
    }

    @Test("-- ends options")
    func doubleDash() throws {
        let r = try BinaryRunner.run(["help", "--", "--format"])
        #expect(r.status == 2 && r.stderr.contains("no help for unknown command '--format'"))
    }
}
