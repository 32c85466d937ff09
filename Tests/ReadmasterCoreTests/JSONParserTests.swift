import ReadmasterCore
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test("round-trips values and keeps key order")
    func roundTrip() throws {
        let text = #"{"b":[1,-2.5,true,null,"x\n\u00e9\ud83d\ude00"],"a":{"z":{},"y":[]}}"#
        let v = try JSONParser.parse(text)
        #expect(v.serialized() == #"{"b":[1,-2.5,true,null,"x\né😀"],"a":{"z":{},"y":[]}}"#)
    }

    @Test("errors name line and column")
    func errors() {
        #expect(throws: JSONParser.ParseError(line: 2, column: 3, message: "expected ',' or '}'")) {
            try JSONParser.parse("{\"a\": 1\n  \"b\": 2}")
        }
        #expect(throws: JSONParser.ParseError.self) { try JSONParser.parse("[1, 2") }
        #expect(throws: JSONParser.ParseError.self) { try JSONParser.parse("{\"a\": tru}") }
        #expect(throws: JSONParser.ParseError.self) { try JSONParser.parse("1 2") }
    }

    @Test("reordering to a template")
    func ordering() throws {
        let template = try JSONParser.parse(#"{"x":0,"list":[{"p":0,"q":0}],"y":0}"#)
        let v = try JSONParser.parse(#"{"y":2,"extra":9,"list":[{"q":1,"p":2}],"x":1}"#)
        #expect(v.ordered(like: template).serialized() == #"{"x":1,"list":[{"p":2,"q":1}],"y":2,"extra":9}"#)
    }
}
