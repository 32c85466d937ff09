import ReadmasterCore
import ReadmasterEngine
import ReadmasterStore

/// The COMMANDS section of readmaster(1), generated from the command table so the man
/// page lists exactly what parses. `scripts/update-docs.sh` splices it into
/// man/readmaster.1.in; a test fails when the committed page is stale.
public enum ManPage {
    public static let placeholder = "@COMMANDS@"
    /// The report's fields, in contract order, from the report the engine writes.
    public static let reportPlaceholder = "@REPORT_FIELDS@"

    /// Every migration with the tables it creates and what it is for.
    public static let migrationsPlaceholder = "@MIGRATIONS@"

    public static func render(template: String, root: CommandSpec) -> String {
        template.replacingAll(placeholder + "\n", with: commands(root))
            .replacingAll(reportPlaceholder, with: reportFields(ReportJSON.template))
            .replacingAll(migrationsPlaceholder + "\n", with: migrations(Migrations.all(for: .sqlite)))
    }

    static func migrations(_ all: [Migration]) -> String {
        all.enumerated().map { k, m in
            ".B \(escape(m.id))\n" + (m.drops.isEmpty ? "" : "(" + m.drops.joined(separator: ", ") + "): ") + escape(m.summary)
                + (k == all.count - 1 ? ".\n" : ";\n")
        }.joined()
    }

    /// `\fBfile\fR, … \fBscores\fR {accuracy, …}, \fBwords\fR [{index, …}], …` with the
    /// members of nested objects and of array elements in braces.
    static func reportFields(_ report: JSONValue) -> String {
        func members(_ v: JSONValue) -> String {
            switch v {
            case let .object(m): " {" + m.map(\.0).joined(separator: ", ") + "}"
            case let .array(a): a.first.map { " [" + members($0).dropFirst() + "]" } ?? ""
            default: ""
            }
        }
        guard case let .object(fields) = report else { return "" }
        return fields.map { "\\fB\(escape($0.0))\\fR" + escape(members($0.1)) }.joined(separator: ", ") + "."
    }

    static func commands(_ root: CommandSpec) -> String {
        var out = ""
        for (path, node) in Completions.paths(root) where !path.isEmpty && node.handler != nil {
            out += ".SS \(escape(path))\n"
            let usage = HelpRenderer.usageLine(Array(pathNodes(root, path)))
            out += ".B \(escape(usage))\n.br\n"
            out += escape(node.summary.prefix(1).uppercased() + node.summary.dropFirst()) + ".\n"
            if let d = node.discussion { out += ".PP\n\(escape(d))\n" }
            for a in node.arguments {
                out += ".TP\n.I \(escape(a.name))\n\(escape(a.help))\n"
            }
            for o in node.options {
                out += ".TP\n.B \(escape(o.synopsis.trimmingWhitespaceAscii()))\n\(escape(o.help))"
                if !o.choices.isEmpty { out += " (\(escape(o.choices.joined(separator: "|"))))" }
                out += "\n"
            }
            if !node.examples.isEmpty {
                out += ".PP\nExample:\n.nf\n" + node.examples.map { escape($0) + "\n" }.joined() + ".fi\n"
            }
        }
        return out
    }

    static func pathNodes(_ root: CommandSpec, _ path: String) -> [CommandSpec] {
        var nodes = [root]
        for name in path.split(separator: " ") {
            if let next = nodes.last!.subcommand(named: String(name)) { nodes.append(next) }
        }
        return nodes
    }

    /// roff escapes: backslashes, hyphens (so they render as ASCII and can be searched),
    /// and a leading dot or quote.
    static func escape(_ s: String) -> String {
        var t = s.replacingAll("\\", with: "\\e").replacingAll("-", with: "\\-")
        if t.hasPrefix(".") || t.hasPrefix("'") { t = "\\&" + t }
        return t
    }
}

extension String {
    func trimmingWhitespaceAscii() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
