@testable import ReadmasterCLI
import Testing

@Suite("Argument parser")
struct ParserTests {
    static let root = CommandTable.root

    @Test("--opt=value, --opt value, short clusters and global options anywhere")
    func forms() throws {
        let a = try ArgumentParser.parse(["--format=json", "migrate", "-qv", "up", "--to", "3", "--db", "x.db"], root: Self.root)
        #expect(a.commandName == "migrate up")
        #expect(a.options["format"] == ["json"])
        #expect(a.options["to"] == ["3"])
        #expect(a.options["db"] == ["x.db"])
        #expect(a.options["quiet"] != nil && a.options["verbose"] != nil)
        let b = try ArgumentParser.parse(["migrate", "down", "--", "-3"], root: Self.root)
        #expect(b.positionals == ["-3"])
        let c = try ArgumentParser.parse(["migrate", "down", "2"], root: Self.root)
        #expect(c.positionals == ["2"])
    }

    @Test("errors name the problem and suggest a fix")
    func errors() {
        #expect(throws: CLIError.usage("unknown option --fromat; did you mean --format?")) {
            try ArgumentParser.parse(["--fromat", "json"], root: Self.root)
        }
        #expect(throws: CLIError.usage("option --format needs a value (table|json|ndjson|csv|tsv|svg|html)")) {
            try ArgumentParser.parse(["migrate", "status", "--format"], root: Self.root)
        }
        #expect(throws: CLIError.usage("unknown option -x (see `readmaster migrate status --help`)")) {
            try ArgumentParser.parse(["migrate", "status", "-x"], root: Self.root)
        }
        #expect(throws: CLIError.self) { try ArgumentParser.parse(["zzz"], root: Self.root) }
        // An option of another command is not accepted here.
        #expect(throws: CLIError.self) { try ArgumentParser.parse(["migrate", "status", "--to", "2"], root: Self.root) }
    }

    @Test("suggestions are offered only for plausible typos")
    func suggestions() {
        #expect(Suggest.closest(to: "fromat", in: ["format", "db"]) == "format")
        #expect(Suggest.closest(to: "stauts", in: ["status", "up"]) == "status")
        #expect(Suggest.closest(to: "banana", in: ["format", "db"]) == nil)
        #expect(Suggest.distance(Array("kitten"), Array("sitting")) == 3)
    }
}

@Suite("Output renderer")
struct RendererTests {
    static let table = Table(columns: [.init("name"), .init("n", numeric: true), .init("note")],
                             rows: [[.string("Zoë, \"Z\""), .int(7), .null], [.string("漢字テスト"), .double(2.5), .string("a\tb\nc")]])

    @Test("CSV quotes per RFC 4180; TSV escapes tabs and newlines")
    func delimited() {
        let csv = Renderer(format: .csv, color: false, width: nil).render(Self.table)
        #expect(csv == "name,n,note\r\n\"Zoë, \"\"Z\"\"\",7,\r\n漢字テスト,2.5,\"a\tb\nc\"\r\n")
        let tsv = Renderer(format: .tsv, color: false, width: nil).render(Self.table)
        #expect(tsv == "name\tn\tnote\nZoë, \"Z\"\t7\t\n漢字テスト\t2.5\ta\\tb\\nc\n")
    }

    @Test("JSON and NDJSON keep column order and types")
    func json() {
        let nd = Renderer(format: .ndjson, color: false, width: nil).render(Self.table)
        #expect(nd.split(separator: "\n").first == #"{"name":"Zoë, \"Z\"","n":7,"note":null}"#)
        let js = Renderer(format: .json, color: false, width: nil).render(Table(columns: [.init("a")]))
        #expect(js == "[]\n")
    }

    @Test("tables align by display width and fit a narrow terminal")
    func aligned() {
        let plain = Renderer(format: .table, color: false, width: nil).render(Self.table)
        let lines = plain.split(separator: "\n").map(String.init)
        #expect(lines[0] == "NAME          N  NOTE")
        #expect(lines[2].hasPrefix("漢字テスト  2.5"))
        #expect(DisplayWidth.of("漢字テスト") == 10)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        let narrow = Renderer(format: .table, color: false, width: 16).render(Self.table)
        for line in narrow.split(separator: "\n") { #expect(DisplayWidth.of(String(line)) <= 16, "too wide: \(line)") }
        #expect(narrow.contains("…"))
        let colored = Renderer(format: .table, color: true, width: nil).render(Self.table)
        #expect(colored.hasPrefix("\u{1B}[1m"))
    }

    @Test("one record renders as key/value lines or an object")
    func record() {
        let r = Renderer(format: .table, color: false, width: nil).render(record: [("name", .string("x")), ("schema_version", .int(4))])
        #expect(r == "name            x\nschema_version  4\n")
        let j = Renderer(format: .ndjson, color: false, width: nil).render(record: [("a", .bool(true))])
        #expect(j == "{\"a\":true}\n")
    }
}
