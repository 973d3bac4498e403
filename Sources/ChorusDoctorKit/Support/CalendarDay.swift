import Foundation

/// Calendar dates as users and the portal write them, computed in UTC so a date means the same day everywhere.
public enum CalendarDay {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `2026-11-22`, or `22/11/2026` as the Chorus Pro portal shows dates.
    public static func parse(_ text: String) -> Date? {
        let parts: [Int]
        if text.contains("-") {
            parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, text.split(separator: "-")[0].count == 4 else { return nil }
            return make(year: parts[0], month: parts[1], day: parts[2])
        }
        parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 3, text.split(separator: "/")[2].count == 4 else { return nil }
        return make(year: parts[2], month: parts[1], day: parts[0])
    }

    private static func make(year: Int, month: Int, day: Int) -> Date? {
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: utc), (2000...2200).contains(year) else { return nil }
        return utc.date(from: components)
    }

    public static func format(_ date: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// Whole days from `from`'s day to `to`'s day (negative when `to` is earlier).
    public static func days(from: Date, to: Date) -> Int {
        let start = utc.startOfDay(for: from)
        let end = utc.startOfDay(for: to)
        return utc.dateComponents([.day], from: start, to: end).day ?? 0
    }

    public static func adding(days: Int, to date: Date) -> Date {
        utc.date(byAdding: .day, value: days, to: utc.startOfDay(for: date))!
    }
}
