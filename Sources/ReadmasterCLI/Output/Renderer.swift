import ReadmasterCore

/// Renders tables and single records in the chosen format. Table output is aligned by
/// display width, bold headers only on a colour terminal, and shrinks its widest
/// columns (ending cells with "…") to fit a narrow terminal; off a terminal it is plain
/// and never truncated.
public struct Renderer: Sendable {
    public let format: OutputFormat
    public let color: Bool
    /// Terminal width to fit tables into; nil means do not truncate.
    public let width: Int?
    /// CSV and TSV: text cells that a spreadsheet would run as a formula get a leading
    /// `'` (see `spreadsheetSafe`); `--raw-csv` turns this off.
    public let neutraliseFormulas: Bool

    public init(format: OutputFormat, color: Bool, width: Int?, neutraliseFormulas: Bool = true) {
        self.format = format
        self.color = color
        self.width = width
        self.neutraliseFormulas = neutraliseFormulas
    }

    /// OWASP's rule for CSV injection: a text cell starting with = + - @, a tab or a
    /// carriage return is a formula to Excel, LibreOffice and Google Sheets (`=HYPERLINK`
    /// can send data away), so it is written with a leading apostrophe, which spreadsheets
    /// treat as "this is text" and do not show. Numbers are never text cells here, so -5
    /// stays -5.
    static func spreadsheetSafe(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
        return "'" + s
    }

    public func render(_ table: Table) -> String {
        switch format {
        case .json: return JSONValue.array(table.objects()).serialized(pretty: true) + "\n"
        case .ndjson: return table.objects().map { $0.serialized() + "\n" }.joined()
        case .csv: return delimited(table, separator: ",", quote: Renderer.csvField)
        case .tsv: return delimited(table, separator: "\t", quote: Renderer.tsvField)
        case .table, .svg, .html: return aligned(table)
        }
    }

    /// One record: an object in JSON formats, a one-row table in CSV/TSV, and
    /// `key  value` lines in table format.
    public func render(record: [(String, JSONValue)]) -> String {
        switch format {
        case .json: return JSONValue.object(record).serialized(pretty: true) + "\n"
        case .ndjson: return JSONValue.object(record).serialized() + "\n"
        case .csv, .tsv:
            return render(Table(columns: record.map { Table.Column($0.0) }, rows: [record.map(\.1)]))
        case .table, .svg, .html:
            let keyWidth = record.map { DisplayWidth.of($0.0) }.max() ?? 0
            return record.map { key, value in
                let label = DisplayWidth.pad(key, to: keyWidth)
                return (color ? "\u{1B}[1m\(label)\u{1B}[0m" : label) + "  " + TerminalText.visible(Renderer.cell(value)) + "\n"
            }.joined()
        }
    }

    /// How a value reads in a table or CSV cell.
    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case let .bool(b): return b ? "true" : "false"
        case let .int(i): return String(i)
        case let .double(d):
            let r = (d * 100).rounded() / 100
            return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : String(r)
        case let .string(s): return s
        case .array, .object: return value.serialized()
        }
    }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") || s.hasSuffix(" ") else { return s }
        return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }

    /// TSV has no quoting: tabs and newlines inside a value are escaped as \t and \n.
    static func tsvField(_ s: String) -> String {
        s.replacingAll("\\", with: "\\\\").replacingAll("\t", with: "\\t").replacingAll("\n", with: "\\n").replacingAll("\r", with: "\\r")
    }

    private func delimited(_ table: Table, separator: String, quote: (String) -> String) -> String {
        var out = table.columns.map { quote($0.name) }.joined(separator: separator) + (format == .csv ? "\r\n" : "\n")
        for row in table.rows {
            out += row.map { value -> String in
                let text = Renderer.cell(value)
                if neutraliseFormulas, case .string = value { return quote(Renderer.spreadsheetSafe(text)) }
                return quote(text)
            }.joined(separator: separator) + (format == .csv ? "\r\n" : "\n")
        }
        return out
    }

    private func aligned(_ input: Table) -> String {
        let table = width.map { Renderer.dropping(input, toFit: $0) } ?? input
        let header = table.columns.map { $0.name.uppercased() }
        let cells = table.rows.map { $0.map { TerminalText.visible(Renderer.cell($0).replacingAll("\n", with: " ")) } }
        var widths = header.map { DisplayWidth.of($0) }
        for row in cells {
            for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(c)) }
        }
        if let width { widths = Renderer.fit(widths, into: width, minimum: header.map { min(DisplayWidth.of($0), 8) }) }
        func line(_ values: [String], bold: Bool) -> String {
            let parts = values.enumerated().map { i, v -> String in
                let text = DisplayWidth.truncate(v, to: widths[i])
                let isLast = i == values.count - 1
                let numeric = table.columns[i].numeric
                return isLast && !numeric ? text : DisplayWidth.pad(text, to: widths[i], right: numeric)
            }
            let joined = parts.joined(separator: "  ")
            return (bold && color ? "\u{1B}[1m\(joined)\u{1B}[0m" : joined) + "\n"
        }
        return line(header, bold: true) + cells.map { line($0, bold: false) }.joined()
    }

    /// On a narrow terminal, the low-value columns go (rightmost first) before any
    /// column is cut, so names stay readable.
    static func dropping(_ table: Table, toFit total: Int) -> Table {
        var t = table
        func needed(_ t: Table) -> Int {
            let widths = t.columns.indices.map { i in
                max(DisplayWidth.of(t.columns[i].name), t.rows.map { DisplayWidth.of(Renderer.cell($0[i])) }.max() ?? 0)
            }
            return widths.reduce(0, +) + 2 * max(0, widths.count - 1)
        }
        while needed(t) > total, let i = t.columns.lastIndex(where: \.droppable) {
            t.columns.remove(at: i)
            t.rows = t.rows.map { var r = $0; r.remove(at: i); return r }
        }
        return t
    }

    /// Shrinks the widest columns first until the row fits, never below `minimum`.
    static func fit(_ widths: [Int], into total: Int, minimum: [Int]) -> [Int] {
        var w = widths
        let gaps = 2 * max(0, w.count - 1)
        while w.reduce(0, +) + gaps > total {
            guard let i = w.indices.filter({ w[$0] > max(minimum[$0], 4) }).max(by: { w[$0] < w[$1] }) else { break }
            w[i] -= 1
        }
        return w
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
