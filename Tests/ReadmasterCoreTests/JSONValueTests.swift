import ReadmasterCore
import Testing

@Suite("JSON values")
struct JSONValueTests {
    @Test("serialises with stable key order and escapes")
    func serialize() {
        let v = JSONValue.object([("z", .int(1)), ("a", .string("q\"\\\n\u{1}")), ("d", .double(2)), ("f", .double(0.25)),
                                  ("n", .null), ("arr", .array([.bool(true), .bool(false)])), ("inf", .double(.infinity))])
        #expect(v.serialized() == #"{"z":1,"a":"q\"\\\n\u0001","d":2.0,"f":0.25,"n":null,"arr":[true,false],"inf":null}"#)
        #expect(JSONValue.object([("a", .array([]))]).serialized(pretty: true) == "{\n  \"a\": []\n}")
        #expect(v["a"] == .string("q\"\\\n\u{1}"))
        #expect(v["missing"] == nil)
    }
}
