// readmaster-bench: drives the storage layer for the scripts in bench/. Not installed;
// `swift build -c release --static-swift-stdlib --product readmaster-bench` builds it.
//
//   readmaster-bench gen-narrow N FILE     write N narrow CSV rows (id,name,score,created_at)
//   readmaster-bench load-narrow URL FILE  bulk-load FILE into table `narrow` through the store
//   readmaster-bench calibrate --data DIR [--cache DIR] [--folds N] [--no-ablations] [--write FILE]
//                                          cross-validate and fit the engine's score models (Calibrate.swift)
import Foundation
import ReadmasterCore
import ReadmasterEngine
import ReadmasterStore

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("readmaster-bench: \(message)\n".utf8))
    exit(2)
}

/// Streams CSV records from a file as rows of SQL values, without holding the file.
/// A class, so the caller can read `error` after the store has drained it.
final class CSVRows: Sequence, IteratorProtocol {
    let handle: FileHandle
    var parser = CSVParser()
    var pending: [CSVParser.Record] = []
    var index = 0
    var done = false
    let convert: ([String]) -> [SQLValue]
    var error: Error?

    init(handle: FileHandle, convert: @escaping ([String]) -> [SQLValue]) {
        self.handle = handle
        self.convert = convert
    }

    func next() -> [SQLValue]? {
        while index >= pending.count {
            if done { return nil }
            do {
                let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                if chunk.isEmpty {
                    done = true
                    pending = try parser.finish()
                } else {
                    pending = try parser.feed(chunk)
                }
                index = 0
            } catch {
                self.error = error
                return nil
            }
        }
        defer { index += 1 }
        return convert(pending[index].fields)
    }
}

let args = Array(CommandLine.arguments.dropFirst())
switch args.first {
case "gen-narrow":
    guard args.count == 3, let n = Int(args[1]) else { fail("usage: gen-narrow N FILE") }
    _ = FileManager.default.createFile(atPath: args[2], contents: nil)
    guard let out = FileHandle(forWritingAtPath: args[2]) else { fail("cannot write \(args[2])") }
    var buffer = ""
    let base = 1_767_225_600 // 2026-01-01
    for i in 0..<n {
        let ts = Timestamp.format(Date(timeIntervalSince1970: Double(base + i * 37)))
        buffer += "\(i),student-\(i % 9973)-\(i),\(Double(i % 2000) / 10),\(ts)\n"
        if buffer.utf8.count > 1 << 20 { out.write(Data(buffer.utf8)); buffer = "" }
    }
    out.write(Data(buffer.utf8))
    try out.close()
case "load-narrow":
    guard args.count == 3 else { fail("usage: load-narrow URL FILE") }
    do {
        let conn = try Database.open(try DatabaseURL(args[1]))
        let ts = conn.dialect == .postgres ? "timestamptz" : "TEXT"
        try conn.executeScript("CREATE TABLE IF NOT EXISTS narrow (id BIGINT PRIMARY KEY, name TEXT NOT NULL, score REAL, created_at \(ts) NOT NULL)")
        guard let handle = FileHandle(forReadingAtPath: args[2]) else { fail("cannot read \(args[2])") }
        // Like the native loaders, numbers and timestamps go to the database as the
        // file's text (the column types convert them); only the key is parsed here.
        let rows = CSVRows(handle: handle) { f in
            [.int(Int64(f[0]) ?? 0), .text(f[1]), f[2].isEmpty ? .null : .text(f[2]), .text(f[3])]
        }
        let started = Date()
        let count = try conn.bulkInsert(table: "narrow", columns: ["id", "name", "score", "created_at"], rows: rows)
        if let error = rows.error { fail("\(error)") }
        let seconds = Date().timeIntervalSince(started)
        print("\(count) \(String(format: "%.3f", seconds))")
    } catch {
        fail("\(error)")
    }
case "calibrate":
    runCalibrate(Array(args.dropFirst()))
case "gop":
    // Raw forced-alignment and phone-loop segments for one recording (debugging GOP).
    guard args.count == 3 else { fail("usage: gop AUDIO TEXT") }
    do {
        let resources = try EngineResources()
        let passage = try resources.passage(args[2])
        let audio = try AudioDecoder.decode(path: args[1])
        let rec = try Recognizer(model: resources.model)
        let pcm = audio.int16()
        let words = try rec.recognize(pcm, passage: passage)
        for w in words { print("W", w.word, w.startFrame, w.endFrame, w.acoustic, w.posterior) }
        let spans = words.filter { !$0.word.hasPrefix("<") && !$0.word.hasPrefix("[") }
            .map { WordSpan(phones: passage.pronunciations[$0.word.split(separator: "(").first.map(String.init) ?? ""]?.first ?? [],
                            startFrame: $0.startFrame, endFrame: $0.endFrame) }
        var t = Date()
        _ = try rec.phoneEvidence(pcm, words: spans.map { WordSpan(phones: [], startFrame: $0.startFrame, endFrame: $0.endFrame) })
        FileHandle.standardError.write(Data("loop only \(Date().timeIntervalSince(t)) s for \(audio.duration) s\n".utf8))
        t = Date()
        let (forced, loop, _) = try rec.phoneEvidence(pcm, words: spans)
        FileHandle.standardError.write(Data("loop + forced \(Date().timeIntervalSince(t)) s\n".utf8))
        for s in forced.joined() { print("F", s.word, s.startFrame, s.endFrame, s.acoustic) }
        for s in loop { print("L", s.word, s.startFrame, s.endFrame, s.acoustic) }
    } catch { fail("\(error)") }
case "stages":
    // Seconds spent in each stage of one analysis (where the engine's time goes).
    guard args.count == 3 else { fail("usage: stages AUDIO TEXT") }
    do {
        let resources = try EngineResources()
        // TEXT is a passage file (front matter skipped) or the text itself.
        let file = try? String(contentsOfFile: args[2], encoding: .utf8)
        let passage = try resources.passage(try file.map { try FrontMatter.parse($0).body } ?? args[2])
        var t = Date()
        func lap(_ name: String) { let n = Date(); print(name.padding(toLength: 13, withPad: " ", startingAt: 0) + String(format: "%6.3f s", n.timeIntervalSince(t))); t = n }
        if let dump = ProcessInfo.processInfo.environment["DUMP_PASSAGE"] {
            try passage.dictionaryText.write(toFile: dump + ".dict", atomically: true, encoding: .utf8)
            try passage.arpa.write(toFile: dump + ".arpa", atomically: true, encoding: .utf8)
        }
        let audio = try AudioDecoder.decode(path: args[1]); lap("decode")
        let rec = try Recognizer(model: resources.model)
        let pcm = audio.int16()
        _ = try rec.recognize(pcm[0..<16000].map { $0 }, passage: passage); lap("load")
        let words = try rec.recognize(pcm, passage: passage); lap("passage")
        let spans = words.filter { !$0.word.hasPrefix("<") && !$0.word.hasPrefix("[") }
            .map { WordSpan(phones: passage.pronunciations[$0.word.split(separator: "(").first.map(String.init) ?? ""]?.first ?? [],
                            startFrame: $0.startFrame, endFrame: $0.endFrame) }
        _ = try rec.phoneEvidence(pcm, words: Array(spans.prefix(1))); lap("load-phone")
        _ = try rec.phoneEvidence(pcm, words: spans.map { WordSpan(phones: [], startFrame: $0.startFrame, endFrame: $0.endFrame) }); lap("loop")
        _ = try rec.phoneEvidence(pcm, words: spans); lap("loop+forced")
        let analyzer = try Analyzer(resources: resources)
        _ = try analyzer.analyze(audio: audio, passage: passage); lap("analyze-cold")
        _ = try analyzer.analyze(audio: audio, passage: passage); lap("analyze")
        print(String(format: "audio %.2f s", audio.duration))
    } catch { fail("\(error)") }
case "vocab":
    let t = Date()
    let v = try! GeneralVocabulary(lmPath: "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin")
    print(v.words.count, Date().timeIntervalSince(t), v.words.prefix(20), v.words.firstIndex(of: "horse") as Any, v.words.firstIndex(of: "darted") as Any)
case "span":
    // Onset of the first speech to the end of the last, by the engine's voice activity detector.
    guard args.count == 2, let audio = try? AudioDecoder.decode(path: args[1]) else { fail("usage: span AUDIO") }
    let vad = VoiceActivity(audio)
    print(String(format: "%.2f", (vad.regions.last?.end ?? 0) - (vad.regions.first?.start ?? 0)))
case "parse":
    guard args.count == 2, let handle = FileHandle(forReadingAtPath: args[1]) else { fail("usage: parse FILE") }
    let rows = CSVRows(handle: handle) { f in [.text(f[0])] }
    let started = Date()
    var n = 0
    for _ in rows { n += 1 }
    print("\(n) \(String(format: "%.3f", Date().timeIntervalSince(started)))")
default:
    fail("usage: readmaster-bench gen-narrow N FILE | load-narrow URL FILE | calibrate --data DIR")
}
