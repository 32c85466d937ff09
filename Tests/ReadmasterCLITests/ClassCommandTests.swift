import Foundation
import ReadmasterTestSupport
import Testing

@Suite("readmaster class, end to end")
struct ClassCommandTests {
    static func school(_ backend: Backend) throws -> CLI {
        let cli = try CLI.migrated(backend)
        for (email, role) in [("t@x.org", "teacher"), ("t2@x.org", "teacher"), ("p@x.org", "parent")] {
            try cli.run("user", "create", "--email", email, "--role", role, "--first-name", "F", "--last-name", "L")
        }
        for i in 1...4 { try cli.run("user", "create", "--email", "s\(i)@x.org", "--role", "student", "--first-name", "S\(i)", "--last-name", "L") }
        return cli
    }

    @Test("create, enroll within limits, one active class, history, remove, delete", arguments: Backend.allCases)
    func lifecycle(backend: Backend) throws {
        let cli = try Self.school(backend)
        let made = try cli.run("class", "create", "--name", "3B", "--grade", "3", "--teacher", "t@x.org", "--max-students", "2")
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try cli.run("class", "create", "--name", "3b").status == 65)
        #expect(try cli.run("class", "create", "--name", "4A", "--grade", "14").status == 2)
        #expect(try cli.run("class", "add-student", "3B", "s1@x.org", "s2@x.org").status == 0)
        let full = try cli.run("class", "add-student", "3B", "s3@x.org")
        #expect(full.status == 65 && full.stderr.contains("class 3B holds at most 2 students; it has 2 active, and adding 1 would make 3"), "\(full.stderr)")
        // Run twice, a script changes nothing the second time (exit 0).
        let again = try cli.run("class", "add-student", "3B", "s1@x.org", "s2@x.org")
        #expect(again.status == 0 && again.stderr.contains("added 0 students; 2 already enrolled"), "\(again.stderr)")
        try cli.run("class", "create", "--name", "4A", "--teacher", "t2@x.org")
        let elsewhere = try cli.run("class", "add-student", "4A", "s1@x.org")
        #expect(elsewhere.status == 65 && elsewhere.stderr.contains("s1@x.org is already active in class 3B"))
        #expect(try cli.run("class", "add-student", "4A", "s1@x.org", "--move").status == 0)
        #expect(try cli.run("class", "add-student", "3B", "p@x.org").status == 65)
        let students = try cli.json("class", "students", "3B", "--all") as? [[String: Any]]
        #expect(students?.map { "\($0["email"]!):\($0["status"]!)" } == ["s2@x.org:active", "s1@x.org:inactive"])
        #expect(try cli.count("SELECT count(*) AS c FROM enrollment_events") == 4)
        #expect(try cli.run("class", "remove-student", "3B", "s2@x.org", "--status", "completed").status == 0)
        #expect(try cli.run("class", "remove-student", "3B", "s2@x.org").status == 65)
        let shown = try cli.json("class", "show", "3b") as? [String: Any]
        #expect(shown?["students"] as? Int == 0 && (shown?["teachers"] as? [String]) == ["t@x.org"])
        #expect(try cli.run("class", "update", "3B", "--max-students", "25", "--year", "2026-27").status == 0)
        #expect(try cli.run("class", "add-teacher", "3B", "t2@x.org").status == 0)
        let asked = try cli.run("class", "delete", "4A")
        #expect(asked.status == 1 && asked.stderr.contains("class 4A has 1 enrollment (1 active)") && asked.stderr.contains("--yes"), "\(asked.stderr)")
        #expect(try cli.run("class", "delete", "4A", "--yes").status == 0)
        #expect(try cli.count("SELECT count(*) AS c FROM class_enrollments WHERE status = 'active'") == 0)
        let listed = try cli.json("class", "list") as? [[String: Any]]
        #expect(listed?.map { $0["name"] as? String } == ["3B"])
    }

    @Test("a teacher sees and changes only classes they teach", arguments: Backend.allCases)
    func teacherScope(backend: Backend) throws {
        let cli = try Self.school(backend)
        try cli.run("class", "create", "--name", "3B", "--teacher", "t@x.org")
        let refused = try cli.run("class", "show", "3B", as: "t2@x.org")
        #expect(refused.status == 77)
        #expect(refused.stderr == "readmaster: permission denied: teacher t2@x.org does not teach class 3B\n")
        #expect(try cli.run("class", "add-student", "3B", "s1@x.org", as: "t2@x.org").status == 77)
        #expect(try cli.run("class", "add-student", "3B", "s1@x.org", as: "t@x.org").status == 0)
        #expect(try cli.run("class", "show", "3B", as: "t@x.org").status == 0)
        // A teacher's own new class is theirs; creating a student straight into it works.
        #expect(try cli.run("class", "create", "--name", "5C", as: "t2@x.org").status == 0)
        let kid = try cli.run("user", "create", "--email", "new@x.org", "--role", "student", "--first-name", "N", "--last-name", "K", "--class", "5C", as: "t2@x.org")
        #expect(kid.status == 0, "\(kid.stderr)")
        #expect(try cli.run("user", "show", "new@x.org", as: "t2@x.org").status == 0)
        #expect(try cli.run("user", "show", "s1@x.org", as: "t2@x.org").status == 77)
        let visible = try cli.json("class", "list", as: "t2@x.org") as? [[String: Any]]
        #expect(visible?.map { $0["name"] as? String } == ["5C"])
        #expect(try cli.run("class", "create", "--name", "X", as: "p@x.org").status == 77)
    }

    @Test("import classes with teachers", arguments: Backend.allCases)
    func importClasses(backend: Backend) throws {
        let cli = try Self.school(backend)
        let csv = "name,grade_level,teacher_email,max_students\n1A,1,t@x.org,20\n2B,2,t2@x.org,\n"
        let r = try cli.run("class", "import", "-", stdin: csv)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try cli.count("SELECT count(*) AS c FROM teachers_classes") == 2)
        let bad = try cli.run("class", "import", "-", stdin: "name,grade_level\n1A,x\n")
        #expect(bad.status == 65 && bad.stderr.contains("line 2, field grade_level"))
    }
}
