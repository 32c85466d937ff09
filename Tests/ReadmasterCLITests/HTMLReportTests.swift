import Foundation
import ReadmasterCore
import ReadmasterTestSupport
import Testing

/// Headless Chromium from Debian: the pages are checked as a browser builds them, after
/// their scripts ran, not as text.
enum Chromium {
    static let binary = "/usr/bin/chromium"

    static func run(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        // Root (CI) needs --no-sandbox; --headless never opens a window.
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw AudioFixtures.FixtureError("chromium \(arguments) exited \(p.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The DOM after the page's scripts ran.
    static func dom(_ file: URL) throws -> String { try run(["--dump-dom", file.absoluteString]) }

    static func screenshot(_ file: URL, to png: URL, width: Int = 1000, height: Int = 1600) throws {
        _ = try run(["--screenshot=\(png.path)", "--window-size=\(width),\(height)", file.absoluteString])
    }

    /// What the page's error handler wrote (empty when no script failed).
    static func scriptErrors(_ dom: String) -> String? {
        guard let r = dom.range(of: "id=\"script-errors\"") else { return nil }
        let rest = dom[r.upperBound...]
        guard let open = rest.firstIndex(of: ">"), let close = rest.range(of: "</pre>") else { return nil }
        return String(rest[rest.index(after: open)..<close.lowerBound])
    }
}

@Suite("HTML reports, rendered in headless Chromium")
struct HTMLReportTests {
    static let hostileFirst = "Cleo<script>alert(1)</script>"
    static let hostileLast = "\"><img src=x onerror=alert(2)>"

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("readmaster-html-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("the page's error handler shows a script error in the DOM (so the checks below can fail)")
    func errorHandlerWorks() throws {
        let dir = try Self.folder()
        let page = dir.appendingPathComponent("broken.html")
        try Data(HTML.page(title: "t", body: "<p>x</p>", script: "notAFunction();").utf8).write(to: page)
        #expect(Chromium.scriptErrors(try Chromium.dom(page))?.contains("notAFunction") == true)
        let fine = dir.appendingPathComponent("fine.html")
        try Data(HTML.page(title: "t", body: "<p>x</p>", script: ReadingPage.script).utf8).write(to: fine)
        #expect(Chromium.scriptErrors(try Chromium.dom(fine)) == "")
    }

    @Test("a graded reading with miscues, its student and its class, written together; hostile names render as text",
          arguments: Backend.allCases)
    func pages(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        #expect(try cli.run("seed", "minimal", "--seed", "4").status == 0)
        try cli.run("reading", "import", BinaryRunner.packageRoot.appendingPathComponent("examples/passages").path)
        #expect(try cli.run("user", "create", "--email", "cleo@x.org", "--role", "student", "--first-name", Self.hostileFirst,
                            "--last-name", Self.hostileLast, "--grade", "3").status == 0)
        #expect(try cli.run("class", "create", "--name", "3C", "--grade", "3").status == 0)
        #expect(try cli.run("class", "add-student", "3C", "cleo@x.org").status == 0)
        let recording = BinaryRunner.packageRoot.appendingPathComponent("examples/recordings/cleo-miscues.opus").path
        let graded = try cli.run("assess", "analyze", recording, "--reading", "Maya and the Map", "--save", "--student", "cleo@x.org", "--format", "ndjson")
        #expect(graded.status == 0, "\(graded.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(graded.stdout.utf8)) as? [String: Any]
        let id = try #require(report?["assessment_id"] as? String)
        #expect(try cli.run("assess", "correct", id, "--word", "5=correct", "--note", "accent <b>not</b> an error").status == 0)
        let words = try #require(try cli.json("assess", "results", id) as? [[String: Any]])
        #expect(words.count == 171 && words.contains { $0["status"] as? String != "correct" }, "a reading with miscues")

        let dir = try Self.folder()
        // The reading
        let shown = try cli.run("assess", "show", id, "--format", "html")
        #expect(shown.status == 0, "\(shown.stderr)")
        let readingFile = dir.appendingPathComponent("reading.html")
        try Data(shown.stdout.utf8).write(to: readingFile)
        let dom = try Chromium.dom(readingFile)
        #expect(Chromium.scriptErrors(dom) == "", "no script errors")
        for w in words {
            let index = w["index"] as! Int, status = w["status"] as! String
            #expect(dom.contains("data-index=\"\(index)\" data-status=\"\(status)\""), "word \(index) \(status)")
        }
        #expect(dom.contains("class=\"w corrected\" tabindex=\"0\" role=\"button\" data-index=\"5\" data-status=\"correct\""))
        #expect(dom.contains("accent &lt;b&gt;not&lt;/b&gt; an error"))
        // Each calibrated score says how far experts may rate it from the engine: "Pronunciation 72 ± 9".
        #expect(dom.range(of: "<b>Pronunciation [0-9]+ ± [0-9]+</b>", options: .regularExpression) != nil, "the score with its expected error")
        #expect(dom.contains("<audio id=\"player\" controls=\"\" preload=\"metadata\" src=\"data:audio/ogg"), "the recording is embedded")
        Self.expectHostileNamesAreText(dom)
        let png = dir.appendingPathComponent("reading.png")
        try Chromium.screenshot(readingFile, to: png)
        #expect(((try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0) > 20_000)

        // The student
        let student = try cli.run("progress", "student", "cleo@x.org", "--format", "html")
        let studentFile = dir.appendingPathComponent("student.html")
        try Data(student.stdout.utf8).write(to: studentFile)
        let studentDOM = try Chromium.dom(studentFile)
        #expect(Chromium.scriptErrors(studentDOM) == "" && studentDOM.contains("Maya and the Map") && studentDOM.contains("<svg"))
        Self.expectHostileNamesAreText(studentDOM)

        // The class, written together
        let site = dir.appendingPathComponent("site")
        let written = try cli.run("progress", "class", "3C", "--output", site.path)
        #expect(written.status == 0 && written.stderr.contains("wrote 3 pages"), "\(written.stderr)")
        let index = try Chromium.dom(site.appendingPathComponent("index.html"))
        #expect(Chromium.scriptErrors(index) == "")
        Self.expectHostileNamesAreText(index)
        for link in ["student-", "reading-\(id)"] {
            let name = try #require(index.range(of: "href=\"\(link)[^\"]*\"", options: .regularExpression).map { String(index[$0].dropFirst(6).dropLast()) })
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(name).path), "\(name) was written")
        }
        let linkedReading = try Chromium.dom(site.appendingPathComponent("reading-\(id).html"))
        #expect(linkedReading.contains("href=\"index.html\"") && Chromium.scriptErrors(linkedReading) == "")

        // A seeded class: every student named, sortable headers, the class chart
        let seeded = try #require((try cli.json("class", "list") as? [[String: Any]])?.first { ($0["name"] as? String) != "3C" }?["name"] as? String)
        let classPage = try cli.run("progress", "class", seeded, "--format", "html")
        let classFile = dir.appendingPathComponent("class.html")
        try Data(classPage.stdout.utf8).write(to: classFile)
        let classDOM = try Chromium.dom(classFile)
        #expect(Chromium.scriptErrors(classDOM) == "")
        for s in try #require(try cli.json("class", "students", seeded) as? [[String: Any]]) {
            let name = "\(s["first_name"] as! String) \(s["last_name"] as! String)"
            #expect(classDOM.contains(HTML.escape(name)), "\(name) on the class page")
        }
        #expect(classDOM.contains("<button type=\"button\" data-col=\"1\">Latest WCPM</button>") && classDOM.contains("Class \(seeded) — median"))
        try Chromium.screenshot(classFile, to: dir.appendingPathComponent("class.png"))
        cli.db.drop()
    }

    /// The hostile name shows as the text it is: no script element or image was made of it.
    static func expectHostileNamesAreText(_ dom: String) {
        #expect(dom.contains("Cleo&lt;script&gt;alert(1)&lt;/script&gt;"), "the name is shown as text")
        #expect(!dom.contains("<script>alert(1)"), "no script element from the name")
        #expect(!dom.contains("<img"), "no image element from the name")
        #expect(!dom.contains("onerror=\"alert"), "no handler attribute from the name")
    }

    @Test("--format html is refused where there is no page, and --format svg still only draws trends")
    func onlyWhereDeclared() throws {
        let r = try BinaryRunner.run(["user", "list", "--format", "html"])
        #expect(r.status == 2 && r.stderr.contains("only `readmaster assess show`, `readmaster progress student`, `readmaster progress class` have one"), "\(r.stderr)")
        let s = try BinaryRunner.run(["user", "list", "--format", "svg"])
        #expect(s.status == 2 && s.stderr.contains("only `readmaster progress trend` has one"), "\(s.stderr)")
    }
}
