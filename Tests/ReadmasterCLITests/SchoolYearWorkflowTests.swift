import Foundation
import ReadmasterTestSupport
import Testing

/// A district admin loading a school year from a student-information-system export with
/// the README and help as guides: one mapping, one dry run, one real run, and the whole
/// script run again unchanged.
@Suite("workflows: a school year from an SIS export, safe to run twice")
struct SchoolYearWorkflowTests {
    /// BOM, CRLF, odd and extra columns, K grades, two students without email, and
    /// parents listed after their children.
    static let sis = "\u{FEFF}" + [
        "Student ID,First Name,Surname,E-mail Address,Grade Level,Homeroom,Guardian 1 Email,Person Type,Date of Birth",
        "1001,Ana,Silva,ana.silva@riverside.org,K,RIV-K1,pat.silva@home.example,Student,2020-03-01",
        "1002,Ben,Okafor,ben.okafor@riverside.org,KG,RIV-K1,,Student,2020-05-12",
        "1003,Cleo,Marsh,,1,RIV-01A,,Student,2019-01-30",
        "1004,Dev,Patel,dev.patel@riverside.org,01,RIV-01A,raj.patel@home.example,Student,2019-07-04",
        "1005,Eve,Stone,,2,RIV-01A,,Student,2018-02-02",
        "1006,Fay,Lund,fay.lund@riverside.org,PK,RIV-K1,,Student,2021-01-01",
        "P01,Pat,Silva,pat.silva@home.example,,,,Parent,",
        "P02,Raj,Patel,raj.patel@home.example,,,,Parent,",
    ].joined(separator: "\r\n") + "\r\n"

    static let map = """
        # SIS column = readmaster field
        E-mail Address=email
        Surname=last_name
        Guardian 1 Email=parent_email
        Person Type=role
        """

    static let teachers = "email,first_name,last_name,role\nkim@riverside.org,Kim,Lee,teacher\nola@riverside.org,Ola,Berg,teacher\n"
    static let classes = "name,grade_level,teacher_email,school_name,academic_year\nRIV-K1,K,kim@riverside.org,Riverside,2026-27\nRIV-01A,1,ola@riverside.org,Riverside,2026-27\n"
    static let enrollments = "Homeroom,E-mail Address\nRIV-K1,ana.silva@riverside.org\nRIV-K1,ben.okafor@riverside.org\nRIV-01A,dev.patel@riverside.org\nRIV-K1,fay.lund@riverside.org\n"

    /// The admin's script: every step may run again; the two rows without email are
    /// expected rejects (exit 3), kept in a rejects file.
    static func script(_ bin: String, _ db: String, _ dir: URL) -> String {
        let rm = "'\(bin)' --db '\(db)'"
        return """
            set -eu
            cd '\(dir.path)'
            \(rm) migrate up -q
            \(rm) reading import '\(BinaryRunner.packageRoot.appendingPathComponent("examples/passages").path)' -q
            \(rm) user import teachers.csv -q
            \(rm) user import sis.csv --map-file sis.map --continue-on-error --rejects rejects.csv --json > users.json || test $? -eq 3
            \(rm) class import classes.csv -q
            \(rm) class import-students enroll.csv --map 'Homeroom=class' --map 'E-mail Address=student' --json > enroll.json
            \(rm) assess assign 'Maya and the Map' --class RIV-K1 --due 2026-12-01 -q > /dev/null
            """
    }

    static func run(_ script: String) throws -> (status: Int32, stderr: String) {
        let r = try Shell.run(script, shell: "/bin/bash")
        return (r.status, r.stderr)
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    @Test("one mapping, a dry run that reports every problem at once, a real run, and the script again: exit 0, nothing duplicated",
          arguments: Backend.allCases)
    func schoolYear(backend: Backend) throws {
        let db = try backend.freshDatabase()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("readmaster-sis-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in [("sis.csv", Self.sis), ("sis.map", Self.map), ("teachers.csv", Self.teachers), ("classes.csv", Self.classes),
                             ("enroll.csv", Self.enrollments)] {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        let rm = { (args: [String]) in try BinaryRunner.run(args + ["--db", db.url], directory: dir) }
        #expect(try rm(["migrate", "up", "-q"]).status == 0)
        #expect(try rm(["user", "import", "teachers.csv"]).status == 0)

        // Without the mapping: one error for the header, naming what was found and what to map.
        let unmapped = try rm(["user", "import", "sis.csv"])
        #expect(unmapped.status == 65 && unmapped.stderr.contains("the header has no column for email, role, last_name")
                && unmapped.stderr.contains("E-mail Address") && unmapped.stderr.contains("--map 'Surname=last_name'"), "\(unmapped.stderr)")
        #expect(unmapped.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("readmaster:") }.count == 1, "one error, not one per row")

        // The dry run: both missing emails (lines 4 and 6 of the file), the ignored columns named once, and what would change.
        let dry = try rm(["user", "import", "sis.csv", "--map-file", "sis.map", "--dry-run", "--json"])
        #expect(dry.status == 65, "\(dry.stderr)")
        #expect(dry.stderr.contains("sis.csv, line 4, field email: is missing") && dry.stderr.contains("sis.csv, line 6, field email: is missing"), "\(dry.stderr)")
        #expect(dry.stderr.contains("ignored columns 'Student ID', 'Homeroom', 'Date of Birth'"), "\(dry.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any]
        #expect(summary?["created"] as? Int == 6 && summary?["rejected"] as? Int == 2 && summary?["dry_run"] as? Bool == true, "\(dry.stdout)")
        #expect(try rm(["user", "list", "--json"]).stdout.contains("ana.silva") == false, "a dry run writes nothing")

        // The real run, then the whole script twice.
        let bin = BinaryRunner.binary
        let first = try Self.run(Self.script(bin, db.url, dir))
        #expect(first.status == 0, "\(first.stderr)")
        let users = try Self.json(dir.appendingPathComponent("users.json"))
        #expect(users["created"] as? Int == 6 && users["rejected"] as? Int == 2, "\(users)")
        let rejects = try String(contentsOf: dir.appendingPathComponent("rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("Cleo") && rejects.contains("Eve") && !rejects.contains("Ana"))
        let enrolled = try Self.json(dir.appendingPathComponent("enroll.json"))
        #expect(enrolled["created"] as? Int == 4, "\(enrolled)")

        func counts() throws -> [Int64] {
            let c = try db.connect()
            defer { c.close() }
            return try ["users", "parents_students", "class_enrollments", "assignments", "classes", "readings", "notifications"].map {
                try c.queryOne("SELECT count(*) AS c FROM \($0)")?.int("c") ?? -1
            }
        }
        let before = try counts()
        #expect(before[0] == 8 && before[1] == 2 && before[2] == 4 && before[3] == 1, "\(before)")
        let c = try db.connect()
        #expect(try c.queryOne("SELECT grade_level AS c FROM users WHERE email = 'fay.lund@riverside.org'")?.int("c") == 0, "PK is 0")
        c.close()

        let second = try Self.run(Self.script(bin, db.url, dir))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try counts() == before, "nothing duplicated")
        let again = try Self.json(dir.appendingPathComponent("users.json"))
        #expect(again["created"] as? Int == 0 && again["unchanged"] as? Int == 6, "\(again)")
        #expect(try Self.json(dir.appendingPathComponent("enroll.json"))["unchanged"] as? Int == 4)
        db.drop()
    }

    @Test("an export saved as UTF-16 is named as such; a reference that does not exist is a reject, not an abort", arguments: Backend.allCases)
    func encodingsAndReferences(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("readmaster-sis-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let utf16 = dir.appendingPathComponent("excel.csv")
        try ("email,role,first_name,last_name\na@x.org,student,A,B\n".data(using: .utf16LittleEndian).map { Data([0xFF, 0xFE]) + $0 })!.write(to: utf16)
        let r = try cli.run("user", "import", utf16.path)
        #expect(r.status == 65 && r.stderr.contains("UTF-16LE, not UTF-8"), "\(r.stderr)")
        let refs = dir.appendingPathComponent("refs.csv")
        try Data("email,role,first_name,last_name,parent_email\nk@x.org,student,K,L,nobody@x.org\nm@x.org,student,M,N,\n".utf8).write(to: refs)
        let partial = try cli.run("user", "import", refs.path, "--continue-on-error")
        #expect(partial.status == 3 && partial.stderr.contains("line 2, field parent_email: nobody@x.org is not a parent"), "\(partial.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM users") == 1)
        cli.db.drop()
    }

    @Test("a class name repeats across schools and years: SCHOOL/NAME picks one; class list shows and filters by school and year",
          arguments: Backend.allCases)
    func classesPerSchool(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        #expect(try cli.run("class", "create", "--name", "3B", "--school", "North", "--year", "2026-27").status == 0)
        #expect(try cli.run("class", "create", "--name", "3B", "--school", "South", "--year", "2026-27").status == 0)
        let twice = try cli.run("class", "create", "--name", "3b", "--school", "north", "--year", "2026-27")
        #expect(twice.status == 65 && twice.stderr.contains("already exists at north, 2026-27"), "\(twice.stderr)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("classes-\(UUID().uuidString.prefix(6)).csv")
        try Data("name,school_name,academic_year,max_students\n3B,North,2027-28,25\n3B,South,2026-27,20\n".utf8).write(to: file)
        let imported = try cli.run("class", "import", file.path, "--json")
        let summary = try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any]
        #expect(summary?["created"] as? Int == 1 && summary?["updated"] as? Int == 1, "\(imported.stdout) \(imported.stderr)")
        let ambiguous = try cli.run("class", "show", "3B")
        #expect(ambiguous.status == 2 && ambiguous.stderr.contains("3 classes are named '3B'") && ambiguous.stderr.contains("SCHOOL/NAME"), "\(ambiguous.stderr)")
        let south = try cli.json("class", "show", "South/3B") as? [String: Any]
        #expect(south?["school_name"] as? String == "South" && south?["max_students"] as? Int == 20)
        let north = try #require(try cli.json("class", "list", "--school", "north") as? [[String: Any]])
        #expect(north.count == 2 && north.allSatisfy { $0["school_name"] as? String == "North" })
        #expect((try cli.json("class", "list", "--school", "North", "--year", "2027-28") as? [[String: Any]])?.count == 1)
        cli.db.drop()
    }

    @Test("--strict, --input-format, --verbose rows, add-student from stdin, re-linking, and enrollment rows as rejects", arguments: Backend.allCases)
    func importDetails(backend: Backend) throws {
        let cli = try CLI.migrated(backend)
        let users = "email,role,first_name,last_name,grade\na@x.org,student,A,B,3\n"
        let strict = try cli.run("user", "import", "-", "--strict", stdin: users)
        #expect(strict.status == 65 && strict.stderr.contains("column 'grade' is not a field of a user (--strict)"), "\(strict.stderr)")
        let lenient = try cli.run("user", "import", "-", "--verbose", stdin: users)
        #expect(lenient.status == 0 && lenient.stderr.contains("ignored column 'grade'") && lenient.stderr.contains("line 2: created a@x.org"), "\(lenient.stderr)")
        let ndjson = try cli.run("user", "import", "-", "--input-format", "ndjson", "--json",
                                 stdin: #"{"email": "p@x.org", "role": "parent", "first_name": "P", "last_name": "Q"}"# + "\n")
        let created = (try? JSONSerialization.jsonObject(with: Data(ndjson.stdout.utf8)) as? [String: Any])?["created"] as? Int
        #expect(ndjson.status == 0 && created == 1, "\(ndjson.stdout) \(ndjson.stderr)")
        for _ in 0..<2 { #expect(try cli.run("user", "link", "p@x.org", "a@x.org").status == 0, "linking twice is fine") }
        try cli.run("user", "create", "--email", "b@x.org", "--role", "student", "--first-name", "B", "--last-name", "C")
        try cli.run("user", "create", "--email", "c@x.org", "--role", "student", "--first-name", "C", "--last-name", "D")
        try cli.run("class", "create", "--name", "RIV-03A", "--max-students", "2")
        try cli.run("class", "create", "--name", "RIV-04A")
        let piped = try cli.run("class", "add-student", "RIV-03A", "-", stdin: "a@x.org\n\nb@x.org\n")
        #expect(piped.status == 0 && piped.stderr.contains("added 2 students"), "\(piped.stderr)")
        let rows = "class,student,move\nRIV-3A,c@x.org,\nRIV-03A,c@x.org,\nRIV-04A,a@x.org,true\nRIV-04A,b@x.org,\n"
        let enrol = try cli.run("class", "import-students", "-", "--continue-on-error", "--json", stdin: rows)
        #expect(enrol.status == 3, "\(enrol.stderr)")
        #expect(enrol.stderr.contains("line 2, field class: no class 'RIV-3A'; did you mean RIV-03A?"), "\(enrol.stderr)")
        #expect(enrol.stderr.contains("line 3, field class: class RIV-03A is full: 2 of 2 places taken"), "\(enrol.stderr)")
        #expect(enrol.stderr.contains("line 5, field student: b@x.org is active in class RIV-03A; give move=true"), "\(enrol.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(enrol.stdout.utf8)) as? [String: Any]
        #expect(summary?["updated"] as? Int == 1 && summary?["rejected"] as? Int == 3, "a moved student is an update")
        #expect(try cli.count("SELECT count(*) AS c FROM class_enrollments WHERE status = 'active'") == 2)
        if backend == .postgres {
            let url = cli.db.url.replacingOccurrences(of: #"/rmtest_[0-9a-f]+\?"#, with: "/no_such_db?", options: .regularExpression)
            let missing = try BinaryRunner.run(["user", "list", "--db", url])
            #expect(missing.status == 69 && missing.stderr.contains("createdb no_such_db"), "\(missing.stderr)")
        }
        cli.db.drop()
    }
}
