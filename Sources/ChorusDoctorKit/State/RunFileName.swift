import Foundation

/// A kept run's file name: when it started, in UTC, to the millisecond (`20261204T183005.123Z.json`), so that names
/// sort as the runs happened. Written and read by arithmetic on `CalendarDay`'s day numbers: a `DateFormatter` or a
/// `Calendar` would page ICU's data in, on every check (which writes one) and every command that reads the last run
/// for the password's expiry.
enum RunFileName {
    static func stem(for date: Date) -> String {
        let (day, within) = CalendarDay.dayAndMillisecond(of: date)
        let (year, month, dayOfMonth) = CalendarDay.civil(day)
        return String(
            format: "%04d%02d%02dT%02d%02d%02d.%03dZ", year, month, dayOfMonth, within / 3_600_000,
            within / 60_000 % 60, within / 1000 % 60, within % 1000)
    }

    /// When the run named `stem` started; nil for any other name.
    static func date(of stem: String) -> Date? {
        var reader = DigitReader(stem)
        guard let year = reader.digits(4), let month = reader.digits(2), let day = reader.digits(2),
            reader.skip("T"), let hour = reader.digits(2), let minute = reader.digits(2),
            let second = reader.digits(2), reader.skip("."), let millisecond = reader.digits(3), reader.skip("Z"),
            reader.atEnd, CalendarDay.isDay(year: year, month: month, day: day), hour < 24, minute < 60, second < 60
        else { return nil }
        let seconds = CalendarDay.seconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return Date(timeIntervalSince1970: Double(seconds) + Double(millisecond) / 1000)
    }
}
