import ReadmasterCore
@testable import ReadmasterCLI
import ReadmasterStore
import Testing

@Suite("assess show --view transcript: the running record")
struct RunningRecordTests {
    @Test("word statuses and the stored report's miscues are marked as a teacher marks them")
    func marks() throws {
        let words = [
            ResultWord(index: 0, expected: "The", status: .correct, heard: "the", start: 0.1, end: 0.3, score: 90),
            ResultWord(index: 1, expected: "house", status: .substitution, heard: "horse", start: 0.4, end: 0.8, score: 30),
            ResultWord(index: 2, expected: "was", status: .omission, heard: nil, start: nil, end: nil, score: nil),
            ResultWord(index: 3, expected: "red", status: .correct, heard: "red", start: 3.0, end: 3.3, score: 95),
            ResultWord(index: 4, expected: "today", status: .notAttempted, heard: nil, start: nil, end: nil, score: nil),
        ]
        let report = try JSONParser.parse("""
            {"miscues": [{"type": "insertion", "index": 1, "heard": "big"}, {"type": "repetition", "index": 0, "heard": "the"},
                         {"type": "self_correction", "index": 3, "heard": "rad"}, {"type": "made_up", "index": 2}]}
            """)
        let text = RunningRecord.render(words: words, analysis: report, styled: false)
        let first = try #require(text.split(separator: "\n").first)
        #expect(first == "R: The ^big horse→house -was- ‖ rad→SC red [today]", "\(first)")
        // Without a stored report the words alone are marked.
        #expect(RunningRecord.render(words: words, analysis: nil, styled: false).hasPrefix("The horse→house -was- ‖ red [today]"))
    }
}
