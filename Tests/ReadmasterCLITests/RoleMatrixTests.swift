import Foundation
import ReadmasterCore
import ReadmasterTestSupport
import ReadmasterStore
import Testing

/// What each role can list and read, checked against what `Policy` says, through the
/// binary on both backends. The lists (SQL visibility) and the single reads (policy
/// checks) are built separately; this test is what keeps them agreeing.
@Suite("roles: every role lists and reads exactly what the policy allows")
struct RoleMatrixTests {
    /// Two admins, two teachers with a class each, three students (one in each class,
    /// one in none), a parent linked to the first student and one linked to nobody.
    struct World {
        let cli: CLI
        let roles: [String: Role]
        /// Assessment id per student.
        let assessments: [String: String]
        let teaches: [String: String] = ["t1@x.org": "c1", "t2@x.org": "c2"]
        let enrolled: [String: String] = ["s1@x.org": "c1", "s2@x.org": "c2"]
        let linked: [String: String] = ["p1@x.org": "s1@x.org"]

        static func make(_ backend: Backend) throws -> World {
            let cli = try CLI.migrated(backend)
            try cli.run("reading", "import", BinaryRunner.packageRoot.appendingPathComponent("examples/passages").path)
            let roles: [String: Role] = ["a1@x.org": .admin, "a2@x.org": .admin, "t1@x.org": .teacher, "t2@x.org": .teacher,
                                         "s1@x.org": .student, "s2@x.org": .student, "s3@x.org": .student,
                                         "p1@x.org": .parent, "p2@x.org": .parent]
            for (email, role) in roles.sorted(by: { $0.key < $1.key }) {
                let r = try cli.run("user", "create", "--email", email, "--role", role.rawValue, "--first-name", "F", "--last-name", "L")
                guard r.status == 0 else { throw AudioFixtures.FixtureError("user create: \(r.stderr)") }
            }
            try cli.run("class", "create", "--name", "c1", "--teacher", "t1@x.org")
            try cli.run("class", "create", "--name", "c2", "--teacher", "t2@x.org")
            try cli.run("class", "add-student", "c1", "s1@x.org")
            try cli.run("class", "add-student", "c2", "s2@x.org")
            try cli.run("user", "link", "p1@x.org", "s1@x.org")
            // Assessments straight into the table: this test is about who sees them.
            let c = try cli.db.connect()
            defer { c.close() }
            var assessments: [String: String] = [:]
            for s in ["s1@x.org", "s2@x.org", "s3@x.org"] {
                let id = UUID().uuidString.lowercased()
                try c.execute("""
                    INSERT INTO assessments (id, student_id, reading_id, status)
                    SELECT $1, u.id, r.id, 'pending_audio' FROM users u, readings r WHERE u.email = $2 AND r.title = 'The Garden Snail'
                    """, [.text(id), .text(s)])
                assessments[s] = id
            }
            return World(cli: cli, roles: roles, assessments: assessments)
        }

        /// How `actor` stands to user `target`, from how the world was built.
        func relation(_ actor: String, to target: String) -> Policy.Relation {
            if actor == target { return .own }
            if roles[target] == .admin { return .otherAdmin }
            if linked[actor] == target { return .linkedChild }
            if let c = teaches[actor], enrolled[target] == c { return .teaches }
            return .unrelated
        }

        /// How `actor` stands to class `name`.
        func relation(_ actor: String, toClass name: String) -> Policy.Relation {
            if teaches[actor] == name { return .teaches }
            if enrolled[actor] == name { return .member }
            if let child = linked[actor], enrolled[child] == name { return .member }
            return .unrelated
        }
    }

    static func emails(_ stdout: String, key: String) throws -> Set<String> {
        let rows = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [[String: Any]] ?? []
        return Set(rows.compactMap { $0[key] as? String })
    }

    @Test("users, assessments and classes: lists and single reads agree with Policy for every role", arguments: Backend.allCases)
    func matrix(backend: Backend) throws {
        let w = try World.make(backend)
        let everyone = w.roles.keys.sorted()
        let students = ["s1@x.org", "s2@x.org", "s3@x.org"]
        for actor in ["a1@x.org", "t1@x.org", "p1@x.org", "s1@x.org"] {
            let role = w.roles[actor]!
            // Users
            let mayRead = Set(everyone.filter { Policy.allows(role, .readUser, w.relation(actor, to: $0)) })
            let listed = try w.cli.run("user", "list", "--json", as: actor)
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(try Self.emails(listed.stdout, key: "email") == mayRead, "user list as \(role)")
            for target in everyone {
                let shown = try w.cli.run("user", "show", target, as: actor)
                #expect(shown.status == (mayRead.contains(target) ? 0 : 77), "user show \(target) as \(role): \(shown.stderr)")
                if shown.status == 77 { #expect(shown.stderr.contains(actor), "a refusal names who") }
            }
            // Assessments
            let maySee = Set(students.filter { Policy.allows(role, .readResults, w.relation(actor, to: $0)) })
            let assessed = try w.cli.run("assess", "list", "--json", as: actor)
            #expect(assessed.status == 0, "\(assessed.stderr)")
            #expect(try Self.emails(assessed.stdout, key: "student") == maySee, "assess list as \(role)")
            for s in students {
                let expected: Int32 = maySee.contains(s) ? 0 : 77
                #expect(try w.cli.run("assess", "show", w.assessments[s]!, as: actor).status == expected, "assess show \(s) as \(role)")
                let one = try w.cli.run("assess", "list", "--student", s, "--json", as: actor)
                #expect(one.status == expected, "assess list --student \(s) as \(role): \(one.stderr)")
                if expected == 77 { #expect(one.stderr.contains(s) && one.stdout.isEmpty, "a refusal, not an empty list") }
            }
            // Classes
            let mayReadClass = Set(["c1", "c2"].filter { Policy.allows(role, .readClass, w.relation(actor, toClass: $0)) })
            let classes = try w.cli.run("class", "list", "--json", as: actor)
            #expect(classes.status == 0, "\(classes.stderr)")
            #expect(try Self.emails(classes.stdout, key: "name") == mayReadClass, "class list as \(role)")
            for c in ["c1", "c2"] {
                #expect(try w.cli.run("class", "show", c, as: actor).status == (mayReadClass.contains(c) ? 0 : 77), "class show \(c) as \(role)")
                let roster = Policy.allows(role, .readClassmateContacts, w.relation(actor, toClass: c))
                #expect(try w.cli.run("class", "students", c, as: actor).status == (roster ? 0 : 77), "class students \(c) as \(role)")
            }
        }
        w.cli.db.drop()
    }

    @Test("commands without a target ask the policy too: migrate, seed, worker, review, school reports, recompute, notifications",
          arguments: Backend.allCases)
    func untargeted(backend: Backend) throws {
        let w = try World.make(backend)
        let commands: [(Policy.Action, [String])] = [
            (.readSchema, ["migrate", "status"]), (.readSchema, ["migrate", "verify"]),
            (.changeSchema, ["migrate", "up"]),
            (.seedDatabase, ["seed", "minimal", "--seed", "3"]),
            (.runWorker, ["assess", "worker", "--once"]),
            (.reviewResults, ["assess", "review"]),
            (.readSchoolReport, ["progress", "school"]),
            (.recomputeProgress, ["progress", "recompute"]),
        ]
        for actor in ["t1@x.org", "p1@x.org", "s1@x.org"] {
            let role = w.roles[actor]!
            for (action, args) in commands {
                let allowed = Policy.allows(role, action, .unrelated)
                let r = try BinaryRunner.run(["--as", actor] + args + ["--db", w.cli.db.url])
                if allowed {
                    #expect(r.status != 77, "\(args.joined(separator: " ")) as \(role): \(r.stderr)")
                } else {
                    #expect(r.status == 77 && r.stderr.contains(actor), "\(args.joined(separator: " ")) as \(role): \(r.status) \(r.stderr)")
                }
            }
            // Someone else's notifications
            let other = actor == "s1@x.org" ? "s2@x.org" : "s1@x.org"
            let n = try w.cli.run("user", "notifications", other, as: actor)
            #expect(n.status == (Policy.allows(role, .readNotifications, w.relation(actor, to: other)) ? 0 : 77), "notifications as \(role)")
        }
        // A student reverting or redoing migrations was the original hole: the schema stays.
        for args in [["migrate", "down"], ["migrate", "redo"], ["migrate", "down", "6", "--force"]] {
            let r = try BinaryRunner.run(["--as", "s1@x.org"] + args + ["--db", w.cli.db.url])
            #expect(r.status == 77, "\(args): \(r.stderr)")
        }
        #expect(try w.cli.count("SELECT count(*) AS c FROM schema_migrations") == Int64(Migrations.all(for: .sqlite).count))
        #expect(try w.cli.count("SELECT count(*) AS c FROM assessments") == 3)
        w.cli.db.drop()
    }
}
