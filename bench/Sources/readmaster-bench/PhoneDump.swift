import Foundation
import ReadmasterEngine

// `phones --data DIR OUT`: every aligned phone of every so762 recording, one per line
// (id, passage word index, phone, frames, GOP, loop agreement), for exploring
// phone-level features outside the engine.
func runPhoneDump(_ args: [String]) {
    guard args.count == 2 else { fail("usage: phones DATA_DIR OUT") }
    let corpus = loadCorpus(args[0])
    let resources: EngineResources
    do { resources = try EngineResources() } catch { fail("\(error)") }
    final class Lines: @unchecked Sendable {
        let lock = NSLock()
        var next = 0
        var text: [String]
        init(_ n: Int) { text = [String](repeating: "", count: n) }
    }
    let lines = Lines(corpus.count), lock = lines.lock
    DispatchQueue.concurrentPerform(iterations: 2) { _ in
        guard let analyzer = try? Analyzer(resources: resources) else { return }
        while true {
            lock.lock(); let i = lines.next; lines.next += 1; lock.unlock()
            guard i < corpus.count else { return }
            var out = ""
            if let audio = try? AudioDecoder.decode(path: "\(args[0])/audio/\(corpus[i].id).flac"),
               let passage = try? resources.passage(corpus[i].text),
               let result = try? analyzer.analyze(audio: audio, passage: passage) {
                for (k, phones) in result.wordPhones.enumerated() {
                    for p in phones ?? [] {
                        out += "\(corpus[i].id)\t\(k)\t\(p.phone)\t\(p.frames)\t\(p.gop)\t\(p.agreement)\n"
                    }
                }
            }
            lock.lock(); lines.text[i] = out; lock.unlock()
        }
    }
    try? lines.text.joined().write(toFile: args[1], atomically: true, encoding: .utf8)
}
