import Foundation
import Testing

@testable import ChorusDoctorKit

/// The technical password's expiry as the platform writes it, read like `ISO8601DateFormatter` reads it.
@Suite struct PlatformDateTests {
    @Test(arguments: [
        "2027-06-30T00:00:00.000+02:00", "2026-11-20T23:59:00.000+01:00", "2027-06-30T00:00:00Z",
        "2027-06-30T00:00:00.5Z", "2027-06-30T12:34:56-05:30", "2027-06-30T12:34:56.123456+00:00",
    ])
    func dateTimesReadAsFoundationsFormatterReadsThem(_ text: String) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions =
            text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        let expected = try #require(formatter.date(from: text))
        let read = try #require(StructureProbe.parseDate(text))
        #expect(abs(read.timeIntervalSince(expected)) < 0.001, "\(read) for \(expected)")
    }

    @Test func aBareDayOrADayFollowedByOtherTextIsThatDay() {
        #expect(StructureProbe.parseDate("2027-06-30").map(CalendarDay.format) == "2027-06-30")
        #expect(StructureProbe.parseDate("2027-06-30 00:00:00").map(CalendarDay.format) == "2027-06-30")
    }

    @Test(arguments: ["", "demain", "20270630", "2027-13-40T00:00:00Z", "30/06/27"])
    func whatIsNoDateIsNone(_ text: String) {
        #expect(StructureProbe.parseDate(text) == nil)
    }
}

/// RFC 3339 date-times written and read without ICU, against Foundation's own reading and writing.
@Suite struct InternetDateTimeTests {
    /// The reference is the encoder strategy this replaces (`.iso8601`), which cuts the fraction; Foundation's
    /// `ISO8601DateFormatter` would round a time within half a millisecond of the next second up to it.
    @Test func writtenAsJSONEncodersISO8601WroteThem() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        var generator = SystemRandomNumberGenerator()
        let instants =
            [0.0, -1, 951_782_400, 1_796_000_123.999, 1_796_000_123.9996, 5_500_000_003.9999, 4_102_444_799]
            + (0..<300).map { _ in Double.random(in: 946_684_800...7_258_118_400, using: &generator) }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            let written = InternetDateTime.format(date)
            let expected = try JSONDecoder().decode([String].self, from: encoder.encode([date]))
            #expect([written] == expected, "\(seconds)")
            #expect(InternetDateTime.parse(written) == Date(timeIntervalSince1970: seconds.rounded(.down)))
        }
    }

    @Test func aReportWrittenBeforeReadsBack() throws {
        struct Stamp: Codable, Equatable { var at: Date }
        let old = JSONEncoder()
        old.dateEncodingStrategy = .iso8601
        let data = try old.encode(Stamp(at: Date(timeIntervalSince1970: 1_796_000_123)))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .internetDateTime
        #expect(try decoder.decode(Stamp.self, from: data) == Stamp(at: Date(timeIntervalSince1970: 1_796_000_123)))
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .internetDateTime
        #expect(try encoder.encode(Stamp(at: Date(timeIntervalSince1970: 1_796_000_123.7))) == data)
        #expect(throws: DecodingError.self) { try decoder.decode(Stamp.self, from: Data(#"{"at":"hier"}"#.utf8)) }
    }

    @Test(arguments: [
        "2027-06-30", "2027-06-30T00:00:00", "2027-06-30T00:00Z", "2027-06-30 00:00:00Z", "2027-02-29T00:00:00Z",
        "2027-06-30T24:00:00Z", "2027-06-30T00:00:00.Z", "2027-06-30T00:00:00+2:00", "2027-06-30T00:00:00Z trailing",
    ])
    func incompleteOrImpossibleDateTimesAreNone(_ text: String) {
        #expect(InternetDateTime.parse(text) == nil)
    }
}
