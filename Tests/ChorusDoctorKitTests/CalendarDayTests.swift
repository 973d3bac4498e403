import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// `CalendarDay` computes UTC days by arithmetic; Foundation's Gregorian calendar is the reference here.
@Suite struct CalendarDayTests {
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Every day of the accepted years (about 73,000): the same date as Foundation's for the text, the same text for
    /// the date, the same count of days from a fixed day, and the day after is Foundation's day after.
    @Test func everyDayOfTheAcceptedYearsAgreesWithFoundation() async {
        let mismatches = await OwnThread.run { () -> [String] in
            let calendar = Self.utc
            let origin = calendar.date(from: DateComponents(year: 2026, month: 12, day: 4))!
            var mismatches: [String] = []
            var day = calendar.date(from: DateComponents(year: 2000, month: 1, day: 1))!
            let end = calendar.date(from: DateComponents(year: 2201, month: 1, day: 1))!
            while day < end, mismatches.count < 5 {
                let c = calendar.dateComponents([.year, .month, .day], from: day)
                let iso = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
                let portal = String(format: "%02d/%02d/%04d", c.day!, c.month!, c.year!)
                let next = calendar.date(byAdding: .day, value: 1, to: day)!
                let lastSecond = day.addingTimeInterval(86_399.999)
                if CalendarDay.parse(iso) != day || CalendarDay.parse(portal) != day {
                    mismatches.append("parse \(iso)")
                }
                if CalendarDay.format(day) != iso || CalendarDay.format(lastSecond) != iso {
                    mismatches.append("format \(iso)")
                }
                let expected = calendar.dateComponents([.day], from: origin, to: day).day!
                if CalendarDay.days(from: origin, to: lastSecond) != expected { mismatches.append("days \(iso)") }
                if CalendarDay.adding(days: 1, to: lastSecond) != next { mismatches.append("adding \(iso)") }
                day = next
            }
            return mismatches
        }
        #expect(mismatches.isEmpty)
    }

    @Test(arguments: [
        "2026-02-29", "2100-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "1999-12-31", "2201-01-01", "31/04/2026", "29/02/2027", "26-12-04", "2026-12", "2026-12-04-01", "", "demain",
    ])
    func refusesWhatIsNotADay(_ text: String) {
        #expect(CalendarDay.parse(text) == nil)
    }

    @Test func leapDaysAreDays() {
        #expect(CalendarDay.parse("2000-02-29").map(CalendarDay.format) == "2000-02-29")
        #expect(CalendarDay.parse("29/02/2028").map(CalendarDay.format) == "2028-02-29")
    }

    /// Before 1970 a day still starts at its midnight (floor, not truncation towards zero), and far-off instants do not
    /// trap.
    @Test func instantsBefore1970AndFarOffOnes() {
        let lastSecondOf1969 = Date(timeIntervalSince1970: -1)
        #expect(CalendarDay.format(lastSecondOf1969) == "1969-12-31")
        #expect(CalendarDay.days(from: lastSecondOf1969, to: Date(timeIntervalSince1970: 0)) == 1)
        _ = CalendarDay.days(from: .distantPast, to: .distantFuture)
        _ = CalendarDay.days(from: Date(timeIntervalSince1970: .infinity), to: Date(timeIntervalSince1970: -.infinity))
    }
}
