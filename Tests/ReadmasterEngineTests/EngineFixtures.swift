import Foundation
@testable import ReadmasterEngine
import ReadmasterCore
import ReadmasterTestSupport

/// Engine state shared by the engine tests: loading the dictionary and vocabulary once.
enum Engine {
    static let resources: EngineResources = {
        do { return try EngineResources() } catch { fatalError("engine resources: \(error)") }
    }()

    static func analyze(_ url: URL, passage text: String = AudioFixtures.passage) throws -> AnalysisResult {
        let analyzer = try Analyzer(resources: resources)
        return try analyzer.analyze(path: url.path, passage: try resources.passage(text))
    }

    /// Reading time of the speech in a file, onset of the first sound to offset of the
    /// last (what `reading_s` should measure for a reading with no leading noise).
    static func speechSpan(_ url: URL) throws -> Double {
        let audio = try AudioDecoder.decode(path: url.path)
        let vad = VoiceActivity(audio)
        guard let first = vad.regions.first, let last = vad.regions.last else { return 0 }
        return last.end - first.start
    }

    /// Index of the `occurrence`-th (0-based) passage word whose normalised form is `word`.
    static func index(of word: String, occurrence: Int = 0, in text: String = AudioFixtures.passage) -> Int {
        WordTokenizer.words(text).enumerated().filter { $0.element.normalized == word }.map(\.offset)[occurrence]
    }
}
