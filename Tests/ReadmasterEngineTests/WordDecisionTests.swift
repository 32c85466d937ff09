import Foundation
@testable import ReadmasterEngine
import ReadmasterCore
import ReadmasterTestSupport
import Testing

/// The failures the Whisper word decisions exist to prevent: crediting words that were
/// never read, and calling a reading that stopped early a string of omissions.
@Suite("Word decisions (Whisper + support check)")
struct WordDecisionTests {
    /// A passage that shares no sentence (and few content words) with `AudioFixtures.passage`.
    static let otherPassage = """
        The class planted beans in paper cups by the window. Each child wrote a name on a cup and watered the \
        soil every morning. After four days a pale green shoot pushed up through the dirt. Leo measured his plant \
        with a ruler and drew a picture in his notebook. By the end of the month the vines had climbed the sticks, \
        and the teacher said they could take the plants home. Grandma planted the biggest one in her garden.
        """

    @Test("a reading graded against another passage credits at most chance-level words (+5 points)")
    func wrongPassage() throws {
        let url = try AudioFixtures.speak(AudioFixtures.passage, voice: "slt", name: "clean-slt")
        let r = try Engine.analyze(url, passage: Self.otherPassage)
        // Chance: what the aligner credits when the words actually read are aligned to the
        // other passage as text ("the", "a" and "and" find partners in any passage).
        let other = try Engine.resources.passage(Self.otherPassage)
        let read = WordTokenizer.words(AudioFixtures.passage).map { PassageModel.token($0.normalized) }
        let chance = Aligner.align(passage: other.tokens, heard: read, pronunciations: other.pronunciations)
            .filter { if case .match = $0 { return true } else { return false } }.count
        let share = Double(r.wordsCorrect) / Double(r.wordsTotal), chanceShare = Double(chance) / Double(r.wordsTotal)
        #expect(share <= chanceShare + 0.05,
                "credited \(r.wordsCorrect) of \(r.wordsTotal), chance \(chance): \(r.words.filter { $0.status == .correct }.map(\.expected))")
    }

    @Test("a reading that stops early: the words after the last one read are not attempted, not omitted")
    func stoppedEarly() throws {
        let words = AudioFixtures.passage.split(separator: " ")
        let read = words.prefix(words.count * 6 / 10).joined(separator: " ")
        let url = try AudioFixtures.speak(read, voice: "slt", name: "stopped-early")
        let r = try Engine.analyze(url)
        let readCount = WordTokenizer.count(read)
        let lastRead = r.words.lastIndex { $0.status != .notAttempted } ?? -1
        #expect(abs(lastRead - (readCount - 1)) <= 1, "last word reached \(lastRead), read \(readCount)")
        #expect(r.words[(lastRead + 1)...].allSatisfy { $0.status == .notAttempted })
        #expect(!r.miscues.contains { $0.type == .omission && $0.index > lastRead })
        #expect(r.wordsAttempted == lastRead + 1)
        #expect(r.accuracyPercent >= 95, "accuracy \(r.accuracyPercent)")
    }
}
