import ReadmasterCore

/// The COMMANDS section of readmaster(1), generated from the command table so the man
/// page lists exactly what parses. `scripts/update-docs.sh` splices it into
/// man/readmaster.1.in; a test fails when the committed page is stale.
public enum ManPage {
    public static let placeholder = "@COMMANDS@"
    /// The report's score names, in report order (`ScoreName`).
    public static let scoresPlaceholder = "@SCORES@"

    public static func render(template: String, root: CommandSpec) -> String {
        template.replacingAll(placeholder + "\n", with: commands(root))
            .replacingAll(scoresPlaceholder, with: ScoreName.allCases.map(\.rawValue).joined(separator: ", "))
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
