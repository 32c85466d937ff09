import Foundation
import ReadmasterTestSupport
import Testing

@Suite("readmaster assess analyze, end to end")
struct AnalyzeCommandTests {
    static func passageFile() throws -> URL {
        let url = AudioFixtures.path("passage.txt")
        try AudioFixtures.passage.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("a batch with one bad file analyses the rest and exits 3; NDJSON follows the report contract")
    func batchWithBadFile() throws {
        let good = try AudioFixtures.speak(AudioFixtures.passage, name: "clean-slt")
        let bad = AudioFixtures.path("cli-notes.wav")
        try "not audio".write(to: bad, atomically: true, encoding: .utf8)
        let r = try BinaryRunner.run(["assess", "analyze", good.path, bad.path, "--text", try Self.passageFile().path,
                                      "--format", "ndjson", "--jobs", "2"])
        #expect(r.status == 3, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 2)
        let ok = lines[0] ?? [:], err = lines[1] ?? [:]
        #expect(ok["status"] as? String == "ok" && ok["file"] as? String == good.path)
        for key in ["reading", "duration_s", "reading_s", "words_total", "words_attempted", "words_correct", "wcpm", "wpm",
                    "accuracy_pct", "completeness_pct", "scores", "prosody", "words", "miscues", "engine", "elapsed_s"] {
            #expect(ok[key] != nil, "report lacks \(key)")
        }
        #expect((ok["words"] as? [Any])?.count == 171)
        let scores = ok["scores"] as? [String: Any]
        #expect(scores?["accuracy"] is Int && scores?["completeness"] is Int)
        for key in ["fluency", "prosody", "pronunciation", "overall"] {
            #expect((scores?[key] as? Int).map { (0...100).contains($0) } == true, "scores.\(key)")
        }
        let prosody = ok["prosody"] as? [String: Any]
        #expect((prosody?["level"] as? Int).map { (1...4).contains($0) } == true)
        let firstWord = (ok["words"] as? [[String: Any]])?.first
        #expect(firstWord?["score"] is Int)
        #expect(((ok["engine"] as? [String: Any])?["version"] as? String)?.contains("+cal.") == true)
        #expect(err["status"] as? String == "error")
        #expect((err["error"] as? [String: Any])?["code"] as? String == "unsupported_format")
        #expect(r.stderr.contains("cli-notes.wav") && r.stderr.contains("1 of 2 recordings could not be analysed"))
    }

    @Test("--explain shows the features behind each score, as a table and as a JSON object; one recording only")
    func explain() throws {
        let good = try AudioFixtures.speak(AudioFixtures.passage, name: "clean-slt")
        let json = try BinaryRunner.run(["assess", "analyze", good.path, "--text", try Self.passageFile().path, "--explain", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let reports = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        let report = try #require(reports?.first)
        let explain = try #require(report["explain"] as? [String: Any])
        let features = try #require(explain["features"] as? [String: [String: Any]])
        #expect(features["speaking_rate_wps"]?["value"] is Double)
        #expect(features["gop_mean"]?["pronunciation"] != nil)
        let scores = report["scores"] as? [String: Any]
        #expect((explain["scores"] as? [String: Any])?["overall"] as? Int == scores?["overall"] as? Int)
        // Each calibrated score carries its expected error, in the report and the explanation alike.
        let errors = try #require(report["score_errors"] as? [String: Any])
        for name in ["fluency", "prosody", "pronunciation", "overall"] {
            let e = try #require(errors[name] as? Int, "score_errors.\(name)")
            #expect(e > 0 && e < 40)
            #expect((explain["score_errors"] as? [String: Any])?[name] as? Int == e)
        }
        // Each read word lists its aligned phones with their goodness of pronunciation.
        let words = try #require(explain["words"] as? [[String: Any]])
        let phones = try #require(words.first?["phones"] as? [[String: Any]])
        #expect(!phones.isEmpty && phones.allSatisfy { $0["phone"] is String && $0["gop"] is Double && $0["start"] is Double })

        let table = try BinaryRunner.run(["assess", "analyze", good.path, "--text", try Self.passageFile().path, "--explain"])
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.lowercased().contains("feature") == true && lines.first?.lowercased().contains("pronunciation") == true)
        #expect(lines.contains { $0.hasPrefix("speaking_rate_wps") } && lines.dropLast().last?.hasPrefix("= score") == true)
        #expect(lines.last?.hasPrefix("± expected error") == true)

        let two = try BinaryRunner.run(["assess", "analyze", good.path, good.path, "--text-string", "a b", "--explain"])
        #expect(two.status == 2 && two.stderr.contains("--explain explains one recording"))
    }

    @Test("exit 65 when no file could be analysed; clear usage errors")
    func failures() throws {
        let none = try BinaryRunner.run(["assess", "analyze", "/nonexistent/a.wav", "--text-string", "The cat sat."])
        #expect(none.status == 65)
        #expect(none.stderr.contains("/nonexistent/a.wav: no such file"))
        let noWords = try BinaryRunner.run(["assess", "analyze", "x.wav", "--text-string", " -- ... "])
        #expect(noWords.status == 65 && noWords.stderr.contains("the passage has no words"))
        let noPassage = try BinaryRunner.run(["assess", "analyze", "x.wav"])
        #expect(noPassage.status == 2 && noPassage.stderr.contains("--text FILE, --text-string TEXT or --reading"))
        let twoPassages = try BinaryRunner.run(["assess", "analyze", "x.wav", "--text", "a.txt", "--text-string", "b"])
        #expect(twoPassages.status == 2)
        let missingText = try BinaryRunner.run(["assess", "analyze", "x.wav", "--text", "/nonexistent/p.txt"])
        #expect(missingText.status == 65 && missingText.stderr.contains("/nonexistent/p.txt: no such file"))
        let badJobs = try BinaryRunner.run(["assess", "analyze", "x.wav", "--text-string", "a b", "--jobs", "0"])
        #expect(badJobs.status == 2)
    }

    @Test("a manifest resolves paths against its folder; a bad row is an error record")
    func manifest() throws {
        let dir = AudioFixtures.folder.appendingPathComponent("manifest-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let clean = try AudioFixtures.speak(AudioFixtures.passage, name: "clean-slt")
        try FileManager.default.copyItem(at: clean, to: dir.appendingPathComponent("ana.wav"))
        try AudioFixtures.passage.write(to: dir.appendingPathComponent("maya.txt"), atomically: true, encoding: .utf8)
        let csv = "audio,text_file,student\r\nana.wav,maya.txt,ana@school.org\r\n,maya.txt,\r\nmissing.wav,maya.txt,\r\n"
        try csv.write(to: dir.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        let r = try BinaryRunner.run(["assess", "analyze", "--manifest", dir.appendingPathComponent("m.csv").path, "--format", "csv"])
        #expect(r.status == 3, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\r\n").map(String.init)
        #expect(rows.count == 4)
        #expect(rows[0].hasPrefix("file,status,wcpm,accuracy_pct"))
        #expect(rows[1].hasPrefix(dir.appendingPathComponent("ana.wav").path + ",ok,"))
        #expect(rows[2].contains("line 3: the audio field is empty"))
        #expect(rows[3].contains("missing.wav,error"))

        let noColumn = dir.appendingPathComponent("bad.csv")
        try "file,text\nx.wav,hello\n".write(to: noColumn, atomically: true, encoding: .utf8)
        let bad = try BinaryRunner.run(["assess", "analyze", "--manifest", noColumn.path])
        #expect(bad.status == 65 && bad.stderr.contains("line 1: no 'audio' column"))
    }

    @Test("table output: one line per recording")
    func table() throws {
        let clean = try AudioFixtures.speak(AudioFixtures.passage, name: "clean-slt")
        let r = try BinaryRunner.run(["assess", "analyze", clean.path, "--text", try Self.passageFile().path])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("FILE") && lines[1].contains(" ok "))
    }
}
