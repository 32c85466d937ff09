/// Rewrites `$N` placeholders to SQLite's numbered `?N`, leaving quoted strings,
/// quoted identifiers and comments untouched. SQLite would otherwise take `$1` as a
/// *named* parameter numbered by first appearance, which breaks `$2 … $1` orderings.
enum PlaceholderRewriter {
    static func sqlite(_ sql: String) -> String {
        var out = [UInt8]()
        let b = Array(sql.utf8)
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                let quote = c
                out.append(c)
                i += 1
                while i < b.count {
                    out.append(b[i])
                    if b[i] == quote {
                        if i + 1 < b.count, b[i + 1] == quote { out.append(b[i + 1]); i += 2; continue }
                        i += 1
                        break
                    }
                    i += 1
                }
            } else if c == UInt8(ascii: "-"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "-") {
                while i < b.count, b[i] != UInt8(ascii: "\n") { out.append(b[i]); i += 1 }
            } else if c == UInt8(ascii: "$"), i + 1 < b.count, b[i + 1] >= 48, b[i + 1] <= 57 {
                out.append(UInt8(ascii: "?"))
                i += 1
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
