import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// A wizard run against a simulator: a test context (temporary HOME, fixed clock, buffer console), the simulator's
/// demo values as answers, and helpers to read what the run left on disk.
struct WizardRun {
    let test: TestContext
    let simulator: RunningSimulator
    let credentials: DemoCredentials

    /// Starts `scenario` on the fixture's date, runs `body` with a new test context, then stops the simulator and
    /// removes the temporary HOME, awaited, whatever `body` did.
    @discardableResult
    static func with<Value>(
        _ scenario: Scenario = .healthy, language: Language = .en, environment: [String: String] = [:],
        _ body: (WizardRun) async throws -> Value
    ) async throws -> Value {
        try await withSimulator(scenario, now: Fixture.now) { simulator in
            let test = try TestContext(language: language, environment: environment, loopback: true)
            defer { test.cleanUp() }
            return try await body(
                WizardRun(test: test, simulator: simulator, credentials: simulator.demoCredentials()))
        }
    }

    var ctx: DoctorContext { test.context }
    var output: String { test.console.output }
    var errors: String { test.console.errors }

    /// Runs the wizard on `answers` (nil = end of input) and returns the exit status and the reader.
    func walk(_ answers: [String?], profile: String? = "acme") async -> (ChorusDoctorKit.ExitStatus, ScriptedLineReader)
    {
        let reader = ScriptedLineReader(answers, transcript: test.console)
        let following = SetupFlow.Following(
            interval: .milliseconds(300), maximumInterval: .milliseconds(300), duration: .seconds(30))
        let status = await SetupFlow.execute(
            ctx, reader: reader,
            options: SetupFlow.Options(profile: profile, timeout: .seconds(5), following: following))
        return (status, reader)
    }

    var expiry: String { CalendarDay.format(credentials.technicalPasswordExpiry!) }
    static let iban = "FR76 3000 6000 0112 3456 7890 189"

    /// Every answer of a complete English run, step by step (Enter takes defaults and confirms portal steps).
    var happyAnswers: [String?] {
        [
            "",  // environment: sandbox
            credentials.pisteApplicationName,
            "", "",  // APIs attached, CGU accepted
            credentials.clientID, credentials.clientSecret, credentials.tokenURL.absoluteString,
            credentials.apiBaseURL.absoluteString,
            credentials.siret, credentials.userLogin,
            "",  // raccordement done
            credentials.technicalLogin, credentials.technicalPassword, expiry,
            Self.iban,
        ]
    }

    /// The last step's answers: send the first test invoice, to a buyer of the simulator's dataset that requires
    /// nothing.
    static func sending(_ language: Language = .en) -> [String?] {
        [language == .en ? "send" : "envoyer", "97865797100013"]
    }

    var secrets: [String] { [credentials.clientSecret, credentials.technicalPassword] }

    func document(_ profile: String = "acme") throws -> ProfileDocument? {
        try ProfileStore(paths: ctx.paths).load(profile)
    }

    func progress(_ profile: String = "acme") throws -> SetupProgress? {
        try SetupProgressStore(paths: ctx.paths).load(profile)
    }

    func stateText(_ profile: String = "acme") -> String {
        (try? String(contentsOf: SetupProgressStore(paths: ctx.paths).file(profile), encoding: .utf8)) ?? ""
    }

    /// No secret in the console (a printed secret would show as a redaction mark), the history or the progress.
    func expectNoSecretLeak(_ reader: ScriptedLineReader, sourceLocation: SourceLocation = #_sourceLocation) {
        for label in ["client_secret", "technical_password", "cpro-account", "token"] {
            let mark = Redactor.placeholder(label)
            #expect(!output.contains(mark), "a secret reached the console: \(mark)", sourceLocation: sourceLocation)
        }
        for secret in secrets {
            #expect(!output.contains(secret), sourceLocation: sourceLocation)
            #expect(!reader.remembered.contains(secret), "secret in history", sourceLocation: sourceLocation)
            #expect(!stateText().contains(secret), "secret in progress file", sourceLocation: sourceLocation)
        }
    }
}
