import Foundation
import Testing

@testable import ChorusDoctorKit

/// The one-line expiry warnings every command prints on standard error.
@Suite struct ExpiryWatchTests {
    static func save(_ test: TestContext, _ name: String, expiry: String?) throws {
        var document = Fixture.document()
        document.technicalPasswordExpiry = expiry
        try ProfileStore(paths: test.context.paths).save(document, as: name)
    }

    static func day(_ offset: Int) -> String { CalendarDay.format(CalendarDay.adding(days: offset, to: Fixture.now)) }

    /// (days left, level or nil for no warning)
    static let levels: [(Int, ExpiryWatch.Level?)] = [
        (45, nil), (31, nil), (30, .notice), (8, .notice), (7, .soon), (2, .soon), (1, .urgent), (0, .urgent),
        (-1, .expired), (-400, .expired),
    ]

    @Test(arguments: levels)
    func levelsStrengthenAt7And1(_ days: Int, _ level: ExpiryWatch.Level?) throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        try Self.save(test, "acme", expiry: Self.day(days))
        let notices = ExpiryWatch.notices(paths: test.context.paths, environment: [:], now: Fixture.now)
        #expect(notices.first?.level == level)
        ExpiryWatch.announce(test.context)
        #expect(test.console.output.isEmpty, "never on standard output")
        #expect(test.console.errors.isEmpty == (level == nil))
        if level == .expired || level == .urgent || level == .soon {
            #expect(test.console.errors.contains("Raccordements → Compte technique"))
            #expect(test.console.errors.contains("main manager"))
        }
        #expect(test.console.errors.split(separator: "\n").count <= 1)
    }

    @Test func frenchLines() throws {
        let test = try TestContext(language: .fr)
        defer { test.cleanUp() }
        try Self.save(test, "acme", expiry: Self.day(-3))
        ExpiryWatch.announce(test.context)
        #expect(test.console.errors.contains("EXPIRÉ : profil acme"))
        #expect(test.console.errors.contains("gestionnaire principal"))
    }

    @Test func manyProfilesGiveOneSummaryLine() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        for (index, days) in [3, 12, -2, 20, 60].enumerated() {
            try Self.save(test, "client-\(index)", expiry: Self.day(days))
        }
        let notices = ExpiryWatch.notices(paths: test.context.paths, environment: [:], now: Fixture.now)
        #expect(notices.map(\.profile) == ["client-2", "client-0", "client-1", "client-3"])
        ExpiryWatch.announce(test.context)
        let lines = test.console.errors.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("4 profiles") == true && lines.first?.contains("1 already expired") == true)
    }

    @Test func silencedByTheEnvironment() throws {
        let test = try TestContext(environment: ["CHORUS_DOCTOR_NO_EXPIRY_WARNING": "1"])
        defer { test.cleanUp() }
        try Self.save(test, "acme", expiry: Self.day(-3))
        ExpiryWatch.announce(test.context)
        #expect(test.console.errors.isEmpty)
    }

    @Test func theEnvironmentVariableCountsToo() throws {
        let test = try TestContext(environment: ["CHORUS_TECH_PASSWORD_EXPIRY": Self.day(5)])
        defer { test.cleanUp() }
        ExpiryWatch.announce(test.context)
        #expect(test.console.errors.contains("CHORUS_TECH_PASSWORD_EXPIRY"))
    }

    /// GIVEN a profile noting an old date, WHEN a later check read the platform's (newer) date,
    /// THEN the platform's date wins; a profile edited after that check wins again.
    @Test func theFreshestDateWins() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        try Self.save(test, "acme", expiry: Self.day(-10))
        let profileFile = test.context.paths.profileFile("acme")
        try FileManager.default.setAttributes(
            [.modificationDate: Fixture.now.addingTimeInterval(-3600)], ofItemAtPath: profileFile.path)
        var structure = StageResult(id: .structure, status: .pass)
        structure.facts["tech.platform_expiry_date"] = Self.day(300)
        let report = CheckReport(
            profile: "acme", environment: "sandbox", language: "en", startedAt: Fixture.now, durationMs: 1,
            stages: [structure], summary: .init(status: .pass, message: "ok"), fingerprint: [:], exchanges: [])
        try RunStore(paths: test.context.paths, redactor: Redactor()).save(report)
        let found = try #require(ExpiryWatch.expiry(profile: "acme", paths: test.context.paths))
        #expect(found.source == .platform && CalendarDay.format(found.date) == Self.day(300))
        #expect(ExpiryWatch.notices(paths: test.context.paths, environment: [:], now: Fixture.now).isEmpty)
        try FileManager.default.setAttributes(
            [.modificationDate: Fixture.now.addingTimeInterval(3600)], ofItemAtPath: profileFile.path)
        #expect(ExpiryWatch.expiry(profile: "acme", paths: test.context.paths)?.source == .profile)
    }

    @Test func corruptProfilesAreSkippedQuietly() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        try AtomicFile.write(Data("technical_password_expiry: [".utf8), to: test.context.paths.profileFile("broken"))
        ExpiryWatch.announce(test.context)
        #expect(test.console.errors.isEmpty)
    }

    /// A run's start is read back from its file name as `RunStore` writes it, to the millisecond; other names are
    /// not taken for a date.
    @Test func runStartReadFromItsFileName() throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        var generator = SystemRandomNumberGenerator()
        let instants =
            [0.0, 951_782_400.5, 1_796_000_123.456, 1_830_297_599.999, 4_102_444_799.999]
            + (0..<500).map { _ in Double.random(in: 946_684_800...7_258_118_400, using: &generator) }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            // The millisecond the run started in (cut, not rounded), read back to it: at most a millisecond before
            // the start, never after it but for the last bits of a double (seconds × 1000 can round up onto the
            // next millisecond: about once in 100,000 random instants, a tenth of a microsecond).
            let url = URL(fileURLWithPath: "/runs/\(RunFileName.stem(for: date)).json")
            let read = try #require(LastCheck.started(url))
            let early = date.timeIntervalSince(read)
            #expect(early > -1e-6 && early < 0.001, "\(seconds)")
            let older = try #require(
                LastCheck.started(URL(fileURLWithPath: "/runs/\(formatter.string(from: date)).json")))
            #expect(abs(older.timeIntervalSince(read)) <= 0.0011, "\(seconds)")
        }
        for name in [
            "20261302T000000.000Z", "2026120xT000000.000Z", "20261202T000000.000", "20270229T000000.000Z",
            "20261202T240000.000Z", "20261202T126000.000Z", "notes", "",
        ] {
            #expect(LastCheck.started(URL(fileURLWithPath: "/runs/\(name).json")) == nil)
        }
    }
}
