import Foundation

/// RFC 3339 date-times (`2027-06-30T00:00:00.000+02:00`, `2026-12-04T18:30:05Z`): the platform's dates, and the
/// dates of saved runs, reports and the wizard's progress. Read and written by arithmetic on `CalendarDay`'s day
/// numbers: `ISO8601DateFormatter`, `Date.ISO8601FormatStyle` and `JSONEncoder`'s `.iso8601` all create a
/// `Calendar`, which looks the machine's time zone up in ICU's data (megabytes paged in, on every check).
enum InternetDateTime {
    /// `2026-12-04T18:30:05Z`: UTC, whole seconds (cut), what `JSONEncoder`'s `.iso8601` wrote.
    static func format(_ date: Date) -> String {
        let (day, millisecond) = CalendarDay.dayAndMillisecond(of: date)
        let within = millisecond / 1000
        let (year, month, dayOfMonth) = CalendarDay.civil(day)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, dayOfMonth, within / 3600, within / 60 % 60,
            within % 60)
    }

    /// A full date-time: `T` between date and time, seconds, an optional fraction, then `Z` or an offset (`+02:00`,
    /// `+0200`). Nil for anything else, a bare date included.
    static func parse(_ text: String) -> Date? {
        var reader = DigitReader(text)
        guard let year = reader.digits(4), reader.skip("-"), let month = reader.digits(2), reader.skip("-"),
            let day = reader.digits(2), reader.skip("T") || reader.skip("t"), let hour = reader.digits(2),
            reader.skip(":"), let minute = reader.digits(2), reader.skip(":"), let second = reader.digits(2),
            CalendarDay.isDay(year: year, month: month, day: day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if reader.skip(".") {
            var scale = 0.1
            var count = 0
            while let digit = reader.digit() {
                fraction += Double(digit) * scale
                scale /= 10
                count += 1
            }
            guard count > 0 else { return nil }
        }
        let offset: Int
        if reader.skip("Z") || reader.skip("z") {
            offset = 0
        } else {
            let sign: Int
            if reader.skip("+") {
                sign = 1
            } else if reader.skip("-") {
                sign = -1
            } else {
                return nil
            }
            guard let hours = reader.digits(2), hours < 24 else { return nil }
            _ = reader.skip(":")
            guard let minutes = reader.digits(2), minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        }
        guard reader.atEnd else { return nil }
        // A leap second (`:60`) is read as the second before it.
        let seconds = CalendarDay.seconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59))
        return Date(timeIntervalSince1970: Double(seconds - offset) + fraction)
    }
}

/// Fixed-width numbers and punctuation read off a date's UTF-8 (`InternetDateTime`, `RunFileName`).
struct DigitReader {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var atEnd: Bool { index == bytes.count }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func digit() -> Int? {
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
            return nil
        }
        index += 1
        return Int(bytes[index - 1] - UInt8(ascii: "0"))
    }

    mutating func digits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}

extension JSONEncoder.DateEncodingStrategy {
    /// `.iso8601`'s text (`2026-12-04T18:30:05Z`), written without ICU (`InternetDateTime`).
    public static var internetDateTime: Self {
        .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(InternetDateTime.format(date))
        }
    }
}

extension JSONDecoder.DateDecodingStrategy {
    /// What `.iso8601` read (and any RFC 3339 date-time), read without ICU (`InternetDateTime`).
    public static var internetDateTime: Self {
        .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = InternetDateTime.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "Expected date string to be RFC 3339 formatted.")
            }
            return date
        }
    }
}
