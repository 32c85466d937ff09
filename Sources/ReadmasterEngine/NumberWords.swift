/// Spells whole numbers the way a reader says them ("42" → "forty two"), so digits in
/// a passage get a pronunciation. Years read as pairs ("1999" → "nineteen ninety nine").
enum NumberWords {
    static let ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                       "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
    static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    static func words(_ text: String) -> [String]? {
        guard !text.isEmpty, text.allSatisfy(\.isASCII), let n = Int(text.filter(\.isNumber)), n >= 0, n < 1_000_000 else { return nil }
        if (1100...2099).contains(n), n % 100 != 0 || n < 2000, text.count == 4 {
            let high = n / 100, low = n % 100
            if n >= 2000 && n < 2010 { return ["two", "thousand"] + (low > 0 ? below100(low) : []) }
            return below100(high) + (low == 0 ? ["hundred"] : (low < 10 ? ["oh"] + below100(low) : below100(low)))
        }
        return spell(n)
    }

    static func spell(_ n: Int) -> [String] {
        if n < 100 { return below100(n) }
        if n < 1000 { return [ones[n / 100], "hundred"] + (n % 100 > 0 ? below100(n % 100) : []) }
        return spell(n / 1000) + ["thousand"] + (n % 1000 > 0 ? spell(n % 1000) : [])
    }

    static func below100(_ n: Int) -> [String] {
        if n < 20 { return [ones[n]] }
        return [tens[n / 10]] + (n % 10 > 0 ? [ones[n % 10]] : [])
    }
}
