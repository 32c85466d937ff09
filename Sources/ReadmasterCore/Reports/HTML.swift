/// The parts every HTML report shares: escaping, and one self-contained page (inline CSS
/// and script, no fonts or files fetched) that reads on a phone, prints in black and
/// white, and records any script error in the page itself so a headless browser's DOM
/// dump shows it.
public enum HTML {
    /// The characters markup gives a meaning, as entities.
    static let entities: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]

    /// Text and attribute values: every user-supplied string goes through here.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            if let entity = entities[c] {
                out += entity
            } else if c.properties.generalCategory == .control, c != "\t", c != "\n", c != "\r" {
                // Control characters have no business in a page; show them as escapes.
                out += TerminalText.visible(String(c))
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A number for display: one decimal, or "–" when unknown.
    public static func number(_ v: Double?, digits: Int = 1) -> String {
        guard let v, v.isFinite else { return "–" }
        return digits == 0 ? String(Int(v.rounded())) : String(format: "%.\(digits)f", v)
    }

    /// A whole page. `body` is already-escaped HTML; `script` runs after it.
    public static func page(title: String, body: String, script: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="readmaster">
        <title>\(escape(title))</title>
        <script>
        // Any script error is written into the page, so a printed page or a DOM dump shows it.
        window.addEventListener("error", function (e) {
          var box = document.getElementById("script-errors");
          if (box) { box.hidden = false; box.textContent += "script error: " + e.message + "\\n"; }
        });
        </script>
        <style>\(css)</style>
        </head>
        <body>
        <pre id="script-errors" role="alert" hidden></pre>
        \(body)
        <footer>Made by readmaster. Scores come from an automatic engine; a teacher's corrections are marked as such.</footer>
        <script>
        \(script)
        </script>
        </body>
        </html>

        """
    }

    static let css = """
        :root { --ink: #1b1b1b; --muted: #5b5b5b; --line: #d4d4d4; --bad: #b00020; --warn: #8a5a00; --good: #1d6b2f; --info: #1f4e99; }
        * { box-sizing: border-box; }
        body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; padding: 1rem; max-width: 60rem; }
        h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
        .sub { color: var(--muted); margin: 0 0 1rem; }
        #script-errors { color: var(--bad); border: 2px solid var(--bad); padding: .5rem; white-space: pre-wrap; }
        .cards { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
        .card { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem .75rem; min-width: 8rem; }
        .card b { display: block; font-size: 1.4rem; }
        .passage { font-size: 1.25rem; line-height: 2.4; border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
        .w { padding: .1rem 0; border-radius: .2rem; cursor: pointer; }
        .w:focus { outline: 3px solid var(--info); }
        .w[data-status="substitution"] { color: var(--bad); text-decoration: underline wavy; }
        .w[data-status="omission"] { color: var(--bad); text-decoration: line-through; }
        .w[data-status="hesitation"] { color: var(--warn); border-bottom: 2px dotted var(--warn); }
        .w[data-status="mispronunciation"] { color: var(--warn); text-decoration: underline dashed; }
        .w[data-status="not_attempted"] { color: var(--muted); font-style: italic; }
        .w.corrected { outline: 2px dashed var(--good); }
        .mark { font-size: .75em; font-weight: bold; vertical-align: super; color: var(--info); }
        .ins { color: var(--info); font-size: .9em; }
        .heard { font-size: .65em; color: var(--muted); }
        table { border-collapse: collapse; width: 100%; font-size: .95rem; }
        th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: middle; }
        th button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .risk { color: var(--bad); font-weight: bold; }
        .legend { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; padding: 0; list-style: none; font-size: .95rem; }
        .note { border-left: 4px solid var(--good); padding: .25rem .75rem; margin: .5rem 0; }
        .table-wrap { overflow-x: auto; }
        svg { max-width: 100%; height: auto; }
        footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
        @media (max-width: 40rem) { body { padding: .5rem; } .passage { font-size: 1.1rem; } }
        @media print {
          audio, .player, th button::after, #script-errors[hidden] { display: none; }
          body { max-width: none; color: #000; }
          .w { color: #000 !important; }
          a { color: #000; text-decoration: none; }
        }
        """
}
