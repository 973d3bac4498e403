import Foundation

/// Calendar dates as users and the portal write them, computed in UTC so a date means the same day everywhere.
///
/// UTC days are whole multiples of 86,400 seconds since 1970, so the proleptic Gregorian day numbers (Howard
/// Hinnant's `days_from_civil` / `civil_from_days`) give them exactly. Foundation's `Calendar` would too, but creating
/// one looks up the machine's time zone in ICU's data, a few megabytes read on every run that computes a date
/// (`check` does, for the password's expiry); `CalendarDayTests` compares the two over every day of 2000–2200.
public enum CalendarDay {
    /// The years a date may fall in: the portal's dates are recent, and a typo (`20266`) is refused.
    static let years = 2000...2200

    /// `2026-11-22`, or `22/11/2026` as the Chorus Pro portal shows dates.
    public static func parse(_ text: String) -> Date? {
        let parts: [Int]
        if text.contains("-") {
            parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, text.split(separator: "-")[0].count == 4 else { return nil }
            return date(year: parts[0], month: parts[1], day: parts[2])
        }
        parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 3, text.split(separator: "/")[2].count == 4 else { return nil }
        return date(year: parts[2], month: parts[1], day: parts[0])
    }

    /// Midnight UTC of a valid day of the accepted years; nil for any other.
    static func date(year: Int, month: Int, day: Int) -> Date? {
        guard years.contains(year), isDay(year: year, month: month, day: day) else { return nil }
        return Date(timeIntervalSince1970: Double(number(year: year, month: month, day: day)) * secondsPerDay)
    }

    public static func format(_ date: Date) -> String {
        let (year, month, day) = civil(dayNumber(of: date))
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Whole days from `from`'s day to `to`'s day (negative when `to` is earlier).
    public static func days(from: Date, to: Date) -> Int {
        dayNumber(of: to) - dayNumber(of: from)
    }

    /// The start (00:00 UTC) of the day `days` after `date`'s.
    public static func adding(days: Int, to date: Date) -> Date {
        Date(timeIntervalSince1970: Double(dayNumber(of: date) + days) * secondsPerDay)
    }

    // MARK: - Day numbers (day 0 is 1970-01-01)

    private static let secondsPerDay = 86_400.0

    /// The day `date` falls on; a date before 1970 counts back (floor, not truncation).
    static func dayNumber(of date: Date) -> Int {
        dayAndMillisecond(of: date).day
    }

    /// The UTC day `date` falls on and the milliseconds since that day's midnight, both floored (an instant before
    /// 1970 counts back). An instant further out than three million years (never one this tool makes) is held at
    /// that edge.
    static func dayAndMillisecond(of date: Date) -> (day: Int, millisecond: Int) {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let total = milliseconds.isNaN ? 0 : Int(max(-1e17, min(1e17, milliseconds)))
        let perDay = 86_400_000
        let day = total >= 0 ? total / perDay : (total - perDay + 1) / perDay
        return (day, total - day * perDay)
    }

    /// Seconds from 1970 to `hour:minute:second` UTC of a valid day (`isDay`), in any year.
    static func seconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int {
        number(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// Whether `year-month-day` is a day of the (proleptic) Gregorian calendar, in any year.
    static func isDay(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && (1...length(ofMonth: month, in: year)).contains(day)
    }

    private static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Days in `month` (1–12) of `year`.
    private static func length(ofMonth month: Int, in year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The day number of a valid Gregorian date (years counted from March, so February's length comes last).
    static func number(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The Gregorian date of a day number.
    static func civil(_ number: Int) -> (year: Int, month: Int, day: Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
