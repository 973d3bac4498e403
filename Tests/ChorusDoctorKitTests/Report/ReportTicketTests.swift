import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// The support ticket's dates (local to support, in its language) and the identifiers it shows whole.
@Suite struct ReportTicketTests {
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// French support reads Paris time, French month names, « 1er » for the first of the month; the English
    /// ticket keeps UTC.
    @Test(arguments: [
        ("2026-11-21T09:00:00Z", "21 novembre 2026 à 10:00 (heure de Paris)", "2026-11-21 09:00 UTC"),
        ("2026-07-14T09:00:00Z", "14 juillet 2026 à 11:00 (heure de Paris)", "2026-07-14 09:00 UTC"),
        ("2026-11-30T23:30:00Z", "1er décembre 2026 à 00:30 (heure de Paris)", "2026-11-30 23:30 UTC"),
        ("2027-01-01T08:05:00Z", "1er janvier 2027 à 09:05 (heure de Paris)", "2027-01-01 08:05 UTC"),
    ])
    func datesAreLocalAndInTheTicketsLanguage(_ instant: String, _ french: String, _ english: String) throws {
        #expect(ReportDate.ticket(Strings(language: .fr), Self.date(instant)) == french)
        #expect(ReportDate.ticket(Strings(language: .en), Self.date(instant)) == english)
    }

    @Test(arguments: [
        ("2026-11-02", "2 novembre 2026"), ("2026-12-01T22:30:00Z", "1er décembre 2026"), ("soon", "soon"),
    ])
    func wizardDaysAreWrittenInFrench(_ recorded: String, _ french: String) throws {
        #expect(ReportDate.ticketDay(Strings(language: .fr), recorded) == french)
    }

    static func run(_ fingerprint: [String: String]) -> CheckReport {
        CheckReport(
            profile: "acme", environment: "sandbox", language: "en", startedAt: Fixture.now, durationMs: 1, stages: [],
            summary: .init(status: .fail, message: ""), fingerprint: fingerprint, exchanges: [])
    }

    /// The profile's identifiers go to the ticket whole only when they are those the run used (the run keeps their
    /// masks): a profile changed since the run is not what the ticket is about.
    @Test func identityComesFromTheProfileTheRunUsed() {
        let profile = Fixture.profile()
        let clientID = profile.clientID!.value
        let login = profile.technicalLogin!.value
        let same = TicketIdentity.of(
            profile,
            run: Self.run(["client_id": Masking.partial(clientID), "technical_login": Masking.partial(login)]))
        #expect(same == TicketIdentity(clientID: clientID, technicalLogin: login))
        let changed = TicketIdentity.of(
            profile, run: Self.run(["client_id": "0000…1111", "technical_login": Masking.partial(login)]))
        #expect(changed == TicketIdentity(clientID: nil, technicalLogin: login))
        #expect(TicketIdentity.of(nil, run: Self.run(["client_id": Masking.partial(clientID)])) == TicketIdentity())
    }
}

/// French output has no English word left: what the probes record (stage ids, API states) reaches a French reader
/// in French, in `check` and in every report format.
@Suite struct ReportFrenchTests {
    static let english = [
        "unauthorized", "refused", "l'étape account", "l'étape token", "l'étape gateway", "l'étape network",
        "passed", "failed", "skipped",
    ]

    @Test func aRefusedAccountReadsInFrench() async throws {
        let home = try ReportHome()
        defer { home.remove() }
        try home.saveProfile(ReportFixture.document())
        let (ctx, console) = try home.command(
            language: .fr, now: ReportFixture.failedTime, transport: ScriptedTransport(ReportFixture.refusedAccount))
        #expect(await CheckFlow.execute(ctx, options: .init(profile: ReportFixture.profileName)) == .checkFailed)
        var outputs = [console.output]
        for format in ReportFormat.allCases where format != .json {
            let (reportCtx, reportConsole) = try home.command(language: .fr)
            let options = ReportFlow.Options(profile: ReportFixture.profileName, format: format)
            #expect(await ReportFlow.execute(reportCtx, options: options) == .ok)
            outputs.append(reportConsole.output)
        }
        #expect(outputs[0].contains("AIFE - Chorus Pro - Transverses : refusée (401)"), "\(outputs[0])")
        #expect(outputs[1].contains("l'étape compte technique et API a échoué"), "\(outputs[1])")
        for (index, output) in outputs.enumerated() {
            // Raw answers quoted as received (`WWW-Authenticate`, `error="Unauthorized"`) are not the tool's words.
            let own = output.split(separator: "\n").filter { !$0.contains("WWW-Authenticate") && !$0.contains("\"") }
            for word in Self.english {
                #expect(!own.contains { $0.localizedCaseInsensitiveContains(word) }, "output \(index): « \(word) »")
            }
        }
    }
}
