import ChorusDoctorKit
import ChorusSimulator
import ChorusTransport
import Foundation
import Testing

/// For every simulated fault: `check` over real loopback HTTP (libcurl → Hummingbird) stops at the expected
/// stage with the expected diagnosis. The simulator answers as barely as the real platform.
@Suite(.serialized) struct ScenarioTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        var scenario: Scenario
        var stage: StageID?
        var diagnosis: String?
        /// Words the cause or a candidate must mention.
        var mentions: [String] = []
        var testDescription: String { scenario.rawValue }
    }

    static let table: [Expectation] = [
        .init(scenario: .healthy, stage: nil, diagnosis: nil),
        .init(scenario: .wrongSecret, stage: .token, diagnosis: "token.invalid-client", mentions: ["secret"]),
        .init(scenario: .unknownClient, stage: .token, diagnosis: "token.invalid-client", mentions: ["sandbox"]),
        .init(scenario: .tokenURLWrong, stage: .token, diagnosis: "token.endpoint-not-found", mentions: ["/api/oauth/token"]),
        .init(scenario: .apiBaseWrong, stage: .gateway, diagnosis: "gateway.not-found", mentions: ["DefaultRealm"]),
        .init(scenario: .transversesNotAttached, stage: .gateway, diagnosis: "gateway.refused", mentions: ["Transverses"]),
        .init(scenario: .structuresNotAttached, stage: .account, diagnosis: "account.api-refused", mentions: ["Structures"]),
        .init(scenario: .cguFacturesNotAccepted, stage: .account, diagnosis: "account.api-refused", mentions: ["Factures", "CGU"]),
        .init(scenario: .raccordementMissing, stage: .account, diagnosis: "account.refused", mentions: ["raccordement"]),
        .init(scenario: .raccordementPending, stage: .account, diagnosis: "account.refused", mentions: ["validated"]),
        .init(scenario: .technicalWrongPassword, stage: .account, diagnosis: "account.bad-credentials", mentions: ["Compte technique"]),
        .init(scenario: .technicalPasswordExpired, stage: .account, diagnosis: "account.password-expired", mentions: ["expiry"]),
        .init(scenario: .technicalNotActive, stage: .account, diagnosis: "account.not-yet-active", mentions: ["30 minutes"]),
        .init(scenario: .technicalNotAttached, stage: .account, diagnosis: "account.structure-not-attached"),
        .init(scenario: .siretUnknown, stage: .account, diagnosis: "account.siret-unknown", mentions: ["dataset"]),
        .init(scenario: .structureInactive, stage: .account, diagnosis: "structure.inactive", mentions: ["inactive"]),
        .init(scenario: .passwordExpiringSoon, stage: nil, diagnosis: nil),
        .init(scenario: .maintenance, stage: .gateway, diagnosis: "platform.maintenance", mentions: ["maintenance"]),
        .init(scenario: .overloaded, stage: .gateway, diagnosis: "platform.overloaded", mentions: ["120"]),
        .init(scenario: .rateLimited, stage: .gateway, diagnosis: "platform.rate-limited", mentions: ["30"]),
        .init(scenario: .tokenTimeout, stage: .token, diagnosis: "http.timeout"),
        .init(scenario: .apiTimeout, stage: .gateway, diagnosis: "http.timeout"),
        .init(scenario: .malformedToken, stage: .token, diagnosis: "token.malformed", mentions: ["not_json"]),
        .init(scenario: .hugeAnswer, stage: .gateway, diagnosis: "http.answer-too-large"),
    ]

    @Test func tableCoversEveryScenario() {
        #expect(Set(Self.table.map(\.scenario)) == Set(Scenario.allCases))
    }

    @Test(arguments: table)
    func checkStopsAtTheBrokenLayer(_ expected: Expectation) async throws {
        let simulator = try await Simulator.start(scenario: expected.scenario)
        let home = try TemporaryHome()
        defer { home.remove() }
        let context = try InProcess.context(home: home)
        let profile = InProcess.profile(simulator.demoCredentials())
        let started = ContinuousClock.now
        // One second for the scenarios that never answer, so the bound below proves the timeout works.
        let hangs = [Scenario.tokenTimeout, .apiTimeout].contains(expected.scenario)
        let report = try await CheckFlow.run(
            context, profile: profile, options: .init(profile: "demo", timeout: .seconds(hangs ? 1 : 10)))
        let elapsed = ContinuousClock.now - started
        await simulator.stop()

        #expect(report.summary.firstFailure == expected.stage, "\(report.stages.map { "\($0.id)=\($0.status)" })")
        #expect(report.summary.diagnosisId == expected.diagnosis)
        if let stage = expected.stage {
            let diagnosis = try #require(report.stage(stage)?.diagnosis)
            let text = ([diagnosis.cause] + diagnosis.fixes + diagnosis.candidates.flatMap { [$0.cause, $0.check] })
                .joined(separator: " ") + " " + report.stage(stage)!.headers.map(\.value).joined(separator: " ")
                + " " + (report.stage(stage)!.facts.values.joined(separator: " "))
            for word in expected.mentions {
                #expect(text.localizedCaseInsensitiveContains(word), "diagnosis of \(expected.scenario) does not mention \(word)")
            }
        }
        // Timeouts are bounded by the per-call limit, with a small margin.
        if hangs { #expect(elapsed < .milliseconds(2500), "check took \(elapsed)") }
    }

    @Test func passwordExpiringSoonWarnsWithoutFailing() async throws {
        let simulator = try await Simulator.start(scenario: .passwordExpiringSoon)
        defer { Task { await simulator.stop() } }
        let home = try TemporaryHome()
        defer { home.remove() }
        let report = try await CheckFlow.run(
            try InProcess.context(home: home), profile: InProcess.profile(simulator.demoCredentials()),
            options: .init(profile: "demo"))
        #expect(report.summary.status == .warn)
        #expect(report.stage(.structure)?.diagnosis?.id == "structure.password-expiring")
    }

    /// A bare 403 on Structures while Transverses works: the likely causes are the PISTE ones, listed first.
    @Test func refusedApiCandidatesAreRankedByWhatWorked() async throws {
        let simulator = try await Simulator.start(scenario: .structuresNotAttached)
        let home = try TemporaryHome()
        defer { home.remove() }
        let report = try await CheckFlow.run(
            try InProcess.context(home: home), profile: InProcess.profile(simulator.demoCredentials()),
            options: .init(profile: "demo"))
        await simulator.stop()
        let candidates = try #require(report.stage(.account)?.diagnosis?.candidates)
        #expect(candidates.prefix(2).map(\.id) == ["api-not-attached", "api-cgu"])
        #expect(candidates.prefix(2).allSatisfy { $0.likely })
        #expect(report.stage(.account)?.facts["api.transverses"] == "ok")
        #expect(report.stage(.account)?.facts["api.structures"] == "refused")
    }
}

/// Builds contexts and profiles for in-process runs against the simulator.
enum InProcess {
    static func context(home: TemporaryHome, language: Language = .en) throws -> DoctorContext {
        let environment = ["HOME": home.url.path]
        let redactor = Redactor()
        return DoctorContext(
            console: BufferConsole(redactor: redactor), environment: environment, paths: Paths(environment: environment),
            clock: SystemClock(), strings: try Strings(language: language), library: .embedded, redactor: redactor,
            makeTransport: { CurlTransport(options: $0) })
    }

    static func document(_ credentials: DemoCredentials) -> ProfileDocument {
        var document = ProfileDocument()
        document.environment = "sandbox"
        document.tokenURL = credentials.tokenURL.absoluteString
        document.apiBaseURL = credentials.apiBaseURL.absoluteString
        document.clientID = credentials.clientID
        document.clientSecret = credentials.clientSecret
        document.technicalLogin = credentials.technicalLogin
        document.technicalPassword = credentials.technicalPassword
        document.siret = credentials.siret
        document.technicalPasswordExpiry = credentials.technicalPasswordExpiry.map(CalendarDay.format)
        return document
    }

    static func profile(_ credentials: DemoCredentials) -> ResolvedProfile {
        ProfileResolver(environment: [:]).resolve(name: "demo", document: document(credentials), filePath: nil)
    }
}
