import ChorusDemo
import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// For each major diagnosis, a simulated fault over real loopback HTTP: the report names the right cause with its
/// fixes, and the French ticket draft carries the French cause and the question for that stage.
@Suite struct ReportScenarioTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var scenario: Scenario
        var diagnosis: String
        var stage: StageID
        var testDescription: String { scenario.rawValue }
    }

    static let cases: [Case] = [
        .init(scenario: .wrongSecret, diagnosis: "token.invalid-client", stage: .token),
        .init(scenario: .tokenURLWrong, diagnosis: "token.endpoint-not-found", stage: .token),
        .init(scenario: .apiBaseWrong, diagnosis: "gateway.not-found", stage: .gateway),
        .init(scenario: .transversesNotAttached, diagnosis: "gateway.refused", stage: .gateway),
        .init(scenario: .cguFacturesNotAccepted, diagnosis: "account.api-refused", stage: .account),
        .init(scenario: .raccordementMissing, diagnosis: "account.refused", stage: .account),
        .init(scenario: .technicalWrongPassword, diagnosis: "account.bad-credentials", stage: .account),
        .init(scenario: .technicalPasswordExpired, diagnosis: "account.password-expired", stage: .account),
        .init(scenario: .siretUnknown, diagnosis: "account.siret-unknown", stage: .account),
        .init(scenario: .structureInactive, diagnosis: "structure.inactive", stage: .account),
        .init(scenario: .maintenance, diagnosis: "platform.maintenance", stage: .gateway),
        .init(scenario: .rateLimited, diagnosis: "platform.rate-limited", stage: .gateway),
    ]

    /// Keeps a check of the simulated world in `home`, with the simulator's demo values as profile.
    static func keepCheck(_ scenario: Scenario, in home: ReportHome) async throws -> CheckReport {
        try await withSimulator(scenario) { simulator in
            let credentials = simulator.demoCredentials()
            let document = DemoProfile.document(credentials)
            try home.saveProfile(document)
            let (ctx, _) = try home.command(now: Date())
            let profile = try CheckFlow.loadProfile(ctx, name: ReportFixture.profileName)
            let report = await CheckFlow.run(
                ctx, profile: profile, options: .init(profile: ReportFixture.profileName, timeout: .seconds(5)))
            CheckFlow.persist(ctx, report)
            return report
        }
    }

    @Test(arguments: cases)
    func reportShowsTheCauseAndFixes(_ expected: Case) async throws {
        let home = try ReportHome()
        defer { home.remove() }
        let run = try await Self.keepCheck(expected.scenario, in: home)
        #expect(run.summary.diagnosisId == expected.diagnosis)
        let diagnosis = try #require(run.stage(expected.stage)?.diagnosis(in: Strings(language: .en)))

        let (ctx, console) = try home.command(now: Date())
        let status = await ReportFlow.execute(ctx, options: .init(profile: ReportFixture.profileName, format: .json))
        #expect(status == .ok, "\(console.errors)")
        let report = try CheckReport.decoder().decode(SupportReport.self, from: Data(console.output.utf8))
        #expect(report.diagnosis?.id == expected.diagnosis)
        #expect(report.diagnosis?.stage == expected.stage)
        #expect(report.diagnosis?.cause == ctx.redactor.redact(diagnosis.cause))
        #expect(report.diagnosis?.fixes == diagnosis.fixes.map(ctx.redactor.redact))
        #expect(!(report.diagnosis?.fixes.isEmpty ?? true))
        #expect(report.failingExchange?.stage == expected.stage)
        #expect(report.ticket.language == "fr")
        #expect(report.ticket.body.contains("[\(expected.diagnosis)]"))

        // The French ticket carries the rule's French cause (up to its first placeholder).
        let rule = try #require(ChecklistLibrary.embedded.rules.rule(id: expected.diagnosis))
        let frenchStart = String(rule.cause.fr.prefix { $0 != "{" }.prefix(40))
        #expect(report.ticket.body.contains(frenchStart), "\(report.ticket.body)")
        let french = Strings(language: .fr)
        let question =
            french.has("report.ticket.question.\(expected.diagnosis)")
            ? expected.diagnosis : expected.diagnosis.hasPrefix("platform.") ? "platform" : expected.stage.rawValue
        let questionStart = String(french("report.ticket.question.\(question)").prefix { $0 != "{" }.prefix(30))
        #expect(report.ticket.body.contains(questionStart))

        // The Markdown names the cause and every fix.
        let (mdCtx, mdConsole) = try home.command(now: Date())
        #expect(await ReportFlow.execute(mdCtx, options: .init(profile: ReportFixture.profileName)) == .ok)
        for line in [report.diagnosis!.cause] + report.diagnosis!.fixes {
            #expect(mdConsole.output.contains(line), "missing from the Markdown: \(line)")
        }
    }
}
