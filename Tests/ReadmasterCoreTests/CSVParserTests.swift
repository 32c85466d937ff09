import ReadmasterCore
import Testing

@Suite("CSV parser")
struct CSVParserTests {
    static func parse(_ text: String, chunk: Int = 3, separator: UInt8 = UInt8(ascii: ",")) throws -> [CSVParser.Record] {
        var p = CSVParser(separator: separator)
        let bytes = Array(text.utf8)
        var out: [CSVParser.Record] = []
        var i = 0
        while i < bytes.count {
            out += try p.feed(bytes[i..<min(i + chunk, bytes.count)])
            i += chunk
        }
        return out + (try p.finish())
    }

    @Test("RFC 4180 quoting, CRLF, BOM and line numbers, in any chunking", arguments: [1, 2, 7, 1000])
    func rfc4180(chunk: Int) throws {
        let text = "\u{FEFF}email,name\r\na@x.org,\"Lee, Ana\"\r\n\r\nb@x.org,\"say \"\"hi\"\"\nnext line\"\nc@x.org,"
        let records = try Self.parse(text, chunk: chunk)
        #expect(records == [
            .init(line: 1, fields: ["email", "name"]),
            .init(line: 2, fields: ["a@x.org", "Lee, Ana"]),
            .init(line: 4, fields: ["b@x.org", "say \"hi\"\nnext line"]),
            .init(line: 6, fields: ["c@x.org", ""]),
        ])
    }

    @Test("a stray CR in a CRLF file is text, so line numbers stay an editor's; a CR-only file still has lines", arguments: [1, 2, 1000])
    func strayCR(chunk: Int) throws {
        let mixed = try Self.parse("h1,h2\r\na,b\r\nc\rd,e\r\nf,g\n", chunk: chunk)
        #expect(mixed.map(\.line) == [1, 2, 3, 4])
        #expect(mixed[2].fields == ["c\rd", "e"])
        let oldMac = try Self.parse("h1,h2\ra,b\rc,d\r", chunk: chunk)
        #expect(oldMac.map(\.line) == [1, 2, 3] && oldMac[2].fields == ["c", "d"])
    }

    @Test("malformed input names the line")
    func errors() {
        #expect(throws: CSVParser.ParseError.unterminatedQuote(line: 2)) { try Self.parse("a,b\n\"open,x\n") }
        #expect(throws: CSVParser.ParseError.strayQuote(line: 1)) { try Self.parse("ab\"c,d\n") }
        #expect(throws: CSVParser.ParseError.invalidUTF8(line: 2)) {
            var p = CSVParser()
            _ = try p.feed(Array("ok\n".utf8) + [0xFF, 0xFE, 10])
        }
    }

    @Test("TSV")
    func tsv() throws {
        #expect(try Self.parse("a\tb\n1\t2\n", separator: 9).map(\.fields) == [["a", "b"], ["1", "2"]])
    }
}
