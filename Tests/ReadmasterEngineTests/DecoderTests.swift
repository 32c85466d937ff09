import Foundation
@testable import ReadmasterEngine
import ReadmasterTestSupport
import Testing

@Suite("Phone searches: shortcuts that must not change a score")
struct DecoderTests {
    static let sentence = "Every morning she walked to the creek with her dog. The water was cold and clear."

    static func pcm(_ name: String, voice: String = "slt") throws -> [Int16] {
        let url = try AudioFixtures.speak(sentence, voice: voice, name: name)
        return try AudioDecoder.decode(path: url.path).int16()
    }

    /// Same segments; on failure, says where they first part.
    static func expectSame(_ a: [Segment], _ b: [Segment], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.count == b.count, "\(a.count) segments against \(b.count)", sourceLocation: sourceLocation)
        if let k = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) {
            Issue.record("segment \(k) differs: \(a[k]) against \(b[k])", sourceLocation: sourceLocation)
        }
    }

    @Test("a stretch's cepstra, computed once, decode to the same phones and scores as its audio, in the loop and in a grammar")
    func cepstraOnce() throws {
        let recognizer = try Recognizer(model: Engine.resources.model)
        let decoder = try recognizer.phoneDecoderReady()
        for (name, voice) in [("decoder-slt", "slt"), ("decoder-kal", "kal")] {
            let audio = try Self.pcm(name, voice: voice)
            // Two stretches, as the phone evidence cuts them: a whole one and one that
            // starts and ends mid-utterance.
            for stretch in [audio, Array(audio[8_000..<(audio.count - 4_000)])] {
                let cepstra = try decoder.cepstra(stretch)
                #expect(cepstra.frames > 100)
                try decoder.use(search: "loop")
                let loopAudio = try decoder.decode(stretch), loopCepstra = try decoder.decode(cepstra)
                #expect(loopAudio.count > 10)
                Self.expectSame(loopAudio, loopCepstra)
                try decoder.useGrammar("align", jsgf: "#JSGF V1.0;\ngrammar align;\npublic <utterance> = p_dh p_ah p_w p_ao p_t p_er;\n")
                Self.expectSame(try decoder.decode(stretch), try decoder.decode(cepstra))
            }
        }
    }

    @Test("the loop without a language model finds the phones and scores a flat unigram model gives")
    func loopWithoutLanguageModel() throws {
        let recognizer = try Recognizer(model: Engine.resources.model)
        let decoder = try recognizer.phoneDecoderReady()
        let units = ["<s>", "</s>", "SIL"] + Recognizer.phoneSet
        let p = String(format: "%.4f", -log10(Double(units.count - 1)))
        let arpa = "\\data\\\nngram 1=\(units.count)\n\n\\1-grams:\n"
            + units.map { ($0 == "<s>" ? "-99.0000" : p) + " " + $0 + "\n" }.joined() + "\n\\end\\\n"
        let lm = FileManager.default.temporaryDirectory.appendingPathComponent("flat-\(UUID().uuidString).arpa")
        try arpa.write(to: lm, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: lm) }
        try decoder.addPhoneLoop("flat", languageModel: lm.path)
        for (name, voice) in [("decoder-slt", "slt"), ("decoder-kal", "kal")] {
            let audio = try Self.pcm(name, voice: voice)
            try decoder.use(search: "flat")
            let withModel = try decoder.decode(audio)
            try decoder.use(search: "loop")
            let without = try decoder.decode(audio)
            #expect(withModel.count > 10)
            Self.expectSame(without, withModel)
        }
    }
}
