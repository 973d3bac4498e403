import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// The report of "401 since yesterday, nothing changed": yesterday's check passed (the platform then gave
/// yesterday as the technical password's expiry date), today's is refused at the account stage. Compared with
/// golden files in both languages and every format.
@Suite struct ReportGoldenTests {
    static func home() async throws -> ReportHome {
        let home = try ReportHome()
        try home.saveProfile(ReportFixture.document())
        try ReportFixture.writeChecklist(home)
        try await ReportFixture.keepRun(home, script: ReportFixture.healthy, at: ReportFixture.workedTime)
        try await ReportFixture.keepRun(home, script: ReportFixture.refusedAccount, at: ReportFixture.failedTime)
        return home
    }

    static func report(
        _ home: ReportHome, language: Language, format: ReportFormat, ticket: Language = .fr
    ) async throws -> String {
        let (ctx, console) = try home.command(language: language)
        let options = ReportFlow.Options(
            profile: ReportFixture.profileName, format: format, ticketLanguage: ticket, system: ReportFixture.system)
        let status = await ReportFlow.execute(ctx, options: options)
        #expect(status == .ok, "\(console.errors)")
        #expect(console.errors.isEmpty)
        return console.output
    }

    @Test(arguments: [
        (Language.en, ReportFormat.markdown, "report-en.md"), (.fr, .markdown, "report-fr.md"),
        (.en, .text, "report-en.txt"), (.en, .json, "report-en.json"),
    ])
    func reportMatchesGolden(_ language: Language, _ format: ReportFormat, _ golden: String) async throws {
        let home = try await Self.home()
        defer { home.remove() }
        try Golden.report.check(try await Self.report(home, language: language, format: format), named: golden)
    }

    /// GIVEN a check that passed yesterday and fails today with nothing changed locally,
    /// WHEN the report is made, THEN it says so and points at the expiry date the platform had given.
    @Test func whatChangedAnswersNothingChangedSinceYesterday() async throws {
        let home = try await Self.home()
        defer { home.remove() }
        let data = Data(try await Self.report(home, language: .en, format: .json).utf8)
        let report = try CheckReport.decoder().decode(SupportReport.self, from: data)
        #expect(report.schema == "chorus-doctor.report/1")
        #expect(report.run.lastPassingAt == ReportFixture.workedTime)
        #expect(report.run.failingSince == ReportFixture.failedTime)
        let fields = report.changes?.items.map(\.field) ?? []
        #expect(fields == ["first_failure", "platform_password_expiry"])
        #expect(report.changes?.items.last?.note?.contains("2026-11-20") == true)
        #expect(report.connection.idStructureCpp == "26017724")
        #expect(report.connection.clientId == Masking.partial(ReportFixture.clientID))
        #expect(report.checklist.available && report.checklist.steps.first?.id == "environment")
    }

    @Test func ticketDraftIsFrenchByDefaultAndEnglishOnRequest() async throws {
        let home = try await Self.home()
        defer { home.remove() }
        let english = try await Self.report(home, language: .en, format: .markdown)
        #expect(english.contains("Bonjour,"))
        #expect(english.contains("Ticket draft (in French)"))
        let both = try await Self.report(home, language: .fr, format: .markdown, ticket: .en)
        #expect(both.contains("Hello,"))
        #expect(both.contains("Brouillon de ticket (en anglais)"))
        #expect(both.contains("Ce qui a changé depuis que cela fonctionnait"))
    }
}
