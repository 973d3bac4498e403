import Foundation

/// A kept run's file name: when it started, in UTC, to the millisecond (`20261204T183005.123Z.json`), so that names
/// sort as the runs happened. Written and read by arithmetic on `CalendarDay`'s day numbers: a `DateFormatter` or a
/// `Calendar` would page ICU's data in, on every check (which writes one) and every command that reads the last run
/// for the password's expiry.
enum RunFileName {
    static func stem(for date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let total = Int(max(-1e17, min(1e17, milliseconds.isFinite ? milliseconds : 0)))
        let perDay = 86_400_000
        let day = total >= 0 ? total / perDay : (total - perDay + 1) / perDay
        let within = total - day * perDay
        let (year, month, dayOfMonth) = CalendarDay.civil(day)
        return String(
            format: "%04d%02d%02dT%02d%02d%02d.%03dZ", year, month, dayOfMonth, within / 3_600_000,
            within / 60_000 % 60, within / 1000 % 60, within % 1000)
    }

    /// When the run named `stem` started; nil for any other name.
    static func date(of stem: String) -> Date? {
        let name = Array(stem.utf8)
        guard name.count == 20, name[8] == UInt8(ascii: "T"), name[15] == UInt8(ascii: "."),
            name[19] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in name[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            let millisecond = number(16..<19), (1...12).contains(month),
            (1...CalendarDay.length(ofMonth: month, in: year)).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        let seconds =
            CalendarDay.number(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(seconds) + Double(millisecond) / 1000)
    }
}
