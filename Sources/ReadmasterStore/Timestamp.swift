import Foundation

/// ISO-8601 UTC timestamps with milliseconds: the text form SQLite columns hold and the
/// form sent to PostgreSQL, so both dialects round-trip the same instants.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var secs = ms / 1000
        var millis = ms % 1000
        if millis < 0 { millis += 1000; secs -= 1 }
        var days = secs / 86_400
        var rem = secs % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        // Formatted by hand: String(format:) dominated bulk imports that stamp every row.
        var out = [UInt8]()
        out.reserveCapacity(24)
        func digits(_ value: Int, _ width: Int) {
            var v = value
            var buf = [UInt8](repeating: 48, count: width)
            var i = width - 1
            while i >= 0 { buf[i] = UInt8(48 + v % 10); v /= 10; i -= 1 }
            out.append(contentsOf: buf)
        }
        digits(y, 4); out.append(45); digits(m, 2); out.append(45); digits(d, 2); out.append(84)
        digits(Int(rem / 3600), 2); out.append(58); digits(Int((rem % 3600) / 60), 2); out.append(58); digits(Int(rem % 60), 2)
        out.append(46); digits(Int(millis), 3); out.append(90)
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DD[T| ]HH:MM:SS[.fff][Z|±HH[:MM]]` and a bare `YYYY-MM-DD` (midnight UTC).
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= b.count else { return nil }
            var v = 0
            for i in from..<from + len {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = num(0, 4), b.count >= 10, b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        // Whole microseconds, divided once at the end, so "….891" parses to exactly the
        // same Double as the literal 0.891 would.
        var micros = days(fromCivil: y, mo, d) * 86_400_000_000
        var i = 10
        if i < b.count {
            guard b[i] == 84 || b[i] == 32, let h = num(i + 1, 2), b.count > i + 3, b[i + 3] == 58,
                  let mi = num(i + 4, 2), b.count > i + 6, b[i + 6] == 58, let s = num(i + 7, 2),
                  h < 24, mi < 60, s < 61 else { return nil }
            micros += Int64(h * 3600 + mi * 60 + s) * 1_000_000
            i += 9
            if i < b.count, b[i] == 46 {
                i += 1
                var scale: Int64 = 100_000
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    micros += Int64(b[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
            }
            if i < b.count {
                if b[i] == 90 { i += 1 } else if b[i] == 43 || b[i] == 45 {
                    let sign = b[i] == 43 ? 1.0 : -1.0
                    guard let oh = num(i + 1, 2) else { return nil }
                    var om = 0
                    i += 3
                    if i < b.count, b[i] == 58 { i += 1 }
                    if let m = num(i, 2) { om = m; i += 2 }
                    micros -= Int64(sign) * Int64(oh * 3600 + om * 60) * 1_000_000
                } else { return nil }
            }
            guard i == b.count else { return nil }
        }
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    // Howard Hinnant's civil-calendar algorithms: exact for the proleptic Gregorian calendar.
    static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((m + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }
}
