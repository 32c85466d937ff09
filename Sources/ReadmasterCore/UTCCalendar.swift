import Foundation

extension Calendar {
    /// The Gregorian calendar in UTC: every stored date is UTC, and months, weeks and days
    /// in reports are counted in it.
    public static let utc: Calendar = {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(secondsFromGMT: 0)!
        return cal
    }()
}
