/// A streaming RFC 4180 parser: feed it bytes in chunks of any size and it hands back
/// complete records with the line each began on, so memory stays flat however large
/// the file. Handles quoted fields with embedded separators, quotes and newlines, CRLF
/// and LF line ends, and a UTF-8 byte-order mark. With `separator` set to a tab and
/// `quoting` off it reads TSV.
public struct CSVParser: Sendable {
    public struct Record: Sendable, Equatable {
        public let line: Int
        public let fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    public enum ParseError: Error, CustomStringConvertible, Equatable {
        case unterminatedQuote(line: Int)
        case strayQuote(line: Int)
        case invalidUTF8(line: Int)

        public var description: String {
            switch self {
            case let .unterminatedQuote(line): return "line \(line): a quoted field is never closed"
            case let .strayQuote(line): return "line \(line): a quote inside an unquoted field (quote the field and double the quote)"
            case let .invalidUTF8(line): return "line \(line): not valid UTF-8"
            }
        }
    }

    private let separator: UInt8
    private let quoting: Bool
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var inQuotes = false
    private var quoteClosed = false
    private var fieldStarted = false
    private var line = 1
    private var recordLine = 1
    /// A CR not yet known to be a line end: CRLF, or a lone CR in a file that has no LF
    /// (old Mac exports) ends a line; a stray CR in a file that does use LF is kept as
    /// text, so line numbers stay those an editor shows.
    private var afterCR = false
    private var sawLF = false
    private var atStart = true
    private var bomProbe: [UInt8] = []

    public init(separator: UInt8 = UInt8(ascii: ","), quoting: Bool = true) {
        self.separator = separator
        self.quoting = quoting
    }

    /// Parses a chunk; returns the records it completed.
    public mutating func feed<C: Collection>(_ bytes: C) throws -> [Record] where C.Element == UInt8 {
        if let fast = try bytes.withContiguousStorageIfAvailable({ try feed(buffer: UnsafeRawBufferPointer($0)) }) { return fast }
        let copy = Array(bytes)
        return try copy.withUnsafeBytes { try feed(buffer: $0) }
    }

    /// The non-generic path every chunk goes through: generic code in another module
    /// is not specialised, and per-byte protocol calls would dominate the parse.
    public mutating func feed(buffer: UnsafeRawBufferPointer) throws -> [Record] {
        var out: [Record] = []
        let n = buffer.count
        let quote = quoting ? UInt8(ascii: "\"") : separator
        var i = 0
        while i < n {
            // Fast paths: copy runs of ordinary bytes in one append instead of byte by byte.
            if !atStart && !afterCR && !quoteClosed {
                var j = i
                if inQuotes {
                    while j < n, buffer[j] != UInt8(ascii: "\"") {
                        if buffer[j] == 10 { line += 1 }
                        j += 1
                    }
                } else {
                    while j < n {
                        let b = buffer[j]
                        if b == separator || b == 10 || b == 13 || b == quote { break }
                        j += 1
                    }
                    if j > i { fieldStarted = true }
                }
                if j > i {
                    field.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[i..<j]))
                    i = j
                    if i == n { break }
                }
            }
            try consume(buffer[i], into: &out)
            i += 1
        }
        return out
    }

    /// Ends the input; returns the last record if the file did not end with a newline.
    public mutating func finish() throws -> [Record] {
        var out: [Record] = []
        if atStart, !bomProbe.isEmpty {
            let pending = bomProbe
            bomProbe = []
            atStart = false
            for b in pending { try consume(b, into: &out) }
        }
        if inQuotes { throw ParseError.unterminatedQuote(line: recordLine) }
        if afterCR {
            afterCR = false
            try endRecord(into: &out)
        }
        if fieldStarted || !fields.isEmpty { try endRecord(into: &out) }
        return out
    }

    private mutating func consume(_ b: UInt8, into out: inout [Record]) throws {
        if atStart {
            // Drop a UTF-8 BOM (EF BB BF) at the very start.
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            if bomProbe.count < 3, b == bom[bomProbe.count] {
                bomProbe.append(b)
                if bomProbe.count == 3 { bomProbe = []; atStart = false }
                return
            }
            atStart = false
            let pending = bomProbe
            bomProbe = []
            for p in pending { try consume(p, into: &out) }
        }
        if inQuotes {
            if b == UInt8(ascii: "\"") {
                inQuotes = false
                quoteClosed = true
            } else {
                if b == 10 { line += 1 }
                field.append(b)
            }
            return
        }
        if afterCR {
            afterCR = false
            if b == 10 || !sawLF {
                // CRLF, or a CR-only file: a line end.
                try endRecord(into: &out)
                if b == 10 { sawLF = true }
                line += 1
                recordLine = line
                if b == 10 { return }
            } else {
                // A stray CR inside a line of an LF file: text.
                field.append(13)
                fieldStarted = true
            }
        }
        switch b {
        case separator:
            try endField()
        case 13:
            afterCR = true
        case 10:
            sawLF = true
            try endRecord(into: &out)
            line += 1
            recordLine = line
        case UInt8(ascii: "\"") where quoting:
            if quoteClosed {
                // A doubled quote inside a quoted field.
                field.append(b)
                inQuotes = true
                quoteClosed = false
            } else if !fieldStarted {
                inQuotes = true
                fieldStarted = true
            } else {
                throw ParseError.strayQuote(line: line)
            }
        default:
            if quoteClosed { throw ParseError.strayQuote(line: line) }
            field.append(b)
            fieldStarted = true
        }
    }

    private mutating func endField() throws {
        // ASCII needs no validation; the generic validating initialiser is slow per field.
        if field.allSatisfy({ $0 < 0x80 }) {
            fields.append(String(decoding: field, as: UTF8.self))
        } else {
            guard let text = String(validating: field, as: UTF8.self) else { throw ParseError.invalidUTF8(line: recordLine) }
            fields.append(text)
        }
        field.removeAll(keepingCapacity: true)
        fieldStarted = false
        quoteClosed = false
    }

    private mutating func endRecord(into out: inout [Record]) throws {
        if !fieldStarted, fields.isEmpty, field.isEmpty, !quoteClosed { return } // blank line
        try endField()
        out.append(Record(line: recordLine, fields: fields))
        fields.removeAll(keepingCapacity: true)
    }
}
