import ChorusDoctorKit
import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

/// `setup`, `setup status` and `checklist` through the built binary with piped input, as scripts use them.
@Suite struct WizardCommandTests {
    static func lines(_ c: DemoCredentials) -> [String] {
        [
            "", c.pisteApplicationName, "", "", c.clientID, c.clientSecret, c.tokenURL.absoluteString,
            c.apiBaseURL.absoluteString, c.siret, c.userLogin, "", c.technicalLogin, c.technicalPassword,
            CalendarDay.format(c.technicalPasswordExpiry!), "FR7630006000011234567890189",
        ]
    }

    @Test func pipedAnswersWalkLineByLineToAPassingCheck() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try await withSimulator(.healthy) { simulator in
            let c = simulator.demoCredentials()
            // the last step, the first test invoice, is skipped here (WizardInvoiceTests and the tmux walk send it)
            let input = (Self.lines(c) + ["skip"]).joined(separator: "\n") + "\n"
            let result = try await ChorusBinary.run(["setup", "--profile", "ci"], home: home.url, stdin: input)
            let status = try await ChorusBinary.run(["setup", "status", "--profile", "ci"], home: home.url)
            let check = try await ChorusBinary.run(["check", "--profile", "ci"], home: home.url)
            #expect(result.status == 0, "\(result.all)")
            #expect(result.stdout.contains("Client secret (not shown as you type):\n"), "plain prompts, one per line")
            #expect(!result.stdout.contains("─────"), "no decorations when piped")
            #expect(!result.stdout.contains("\u{1B}["))
            #expect(result.stdout.contains("Setup complete"))
            for secret in [c.clientSecret, c.technicalPassword] { #expect(!result.all.contains(secret)) }
            #expect(home.mode(home.profiles.appendingPathComponent("ci.yaml")) == 0o600)
            #expect(status.status == 0)
            #expect(status.stdout.contains("[done]     9. Full check"))
            #expect(status.stdout.contains("[skipped] 10. First test invoice in qualification"))
            #expect(check.status == 0, "\(check.all)")
        }
    }

    @Test func closedInputSavesAndExitsWithFourWithoutLooping() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await ChorusBinary.run(["setup", "--lang", "fr"], home: home.url, stdin: "\nx\n")
        #expect(result.status == 4, "\(result.all)")
        #expect(result.stdout.contains("« x » n'est pas un environnement"))
        #expect(result.stdout.contains("Fin de la saisie"))
    }

    @Test func nonInteractiveListsWhatIsMissingAndExitsWithFour() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await ChorusBinary.run(
            ["setup", "--non-interactive"], home: home.url, env: ["CHORUS_SIRET": "95260181300019"])
        #expect(result.status == 4)
        for key in ["client_id", "client_secret", "technical_login", "technical_password", "piste_application"] {
            #expect(result.stderr.contains("  \(key)  "), "\(key) listed")
        }
        #expect(!result.stderr.contains("  siret  "), "given by CHORUS_SIRET")
        #expect(!FileManager.default.fileExists(atPath: home.profiles.path), "nothing written")
    }

    /// Every value `setup --non-interactive` needs, from the environment, with the simulator's demo values.
    static func environment(_ c: DemoCredentials) -> [String: String] {
        [
            "CHORUS_TOKEN_URL": c.tokenURL.absoluteString, "CHORUS_API_URL": c.apiBaseURL.absoluteString,
            "CHORUS_CLIENT_ID": c.clientID, "CHORUS_CLIENT_SECRET": c.clientSecret,
            "CHORUS_TECH_LOGIN": c.technicalLogin, "CHORUS_TECH_PASSWORD": c.technicalPassword,
            "CHORUS_SIRET": c.siret, "CHORUS_USER_LOGIN": c.userLogin,
            "CHORUS_PISTE_APPLICATION": c.pisteApplicationName,
            "CHORUS_TECH_PASSWORD_EXPIRY": CalendarDay.format(c.technicalPasswordExpiry!),
        ]
    }

    @Test func nonInteractiveWithEverythingInTheEnvironmentSavesAndChecks() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try await withSimulator(.healthy) { simulator in
            let c = simulator.demoCredentials()
            let environment = Self.environment(c)
            let result = try await ChorusBinary.run(["setup", "--non-interactive"], home: home.url, env: environment)
            #expect(result.status == 0, "\(result.all)")
            #expect(result.stdout.contains("All stages passed"))
            #expect(result.stdout.contains("Step 10, the first test invoice, is left for later"))
            #expect(!result.all.contains(c.clientSecret))
            #expect(home.mode(home.profiles.appendingPathComponent("default.yaml")) == 0o600)
            let progress = try String(
                contentsOf: home.state.appendingPathComponent("setup/default.json"), encoding: .utf8)
            #expect(!progress.contains(c.clientSecret) && !progress.contains(c.technicalPassword))
        }
    }

    @Test func nonInteractiveSendsTheTestInvoiceOnlyWhenAskedAndKeepsItsFlow() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try await withSimulator(.healthy) { simulator in
            let c = simulator.demoCredentials()
            let environment = Self.environment(c)
            // the options belong to --non-interactive, and --to to --send-test-invoice
            let alone = try await ChorusBinary.run(["setup", "--send-test-invoice"], home: home.url, env: environment)
            #expect(alone.status == 2)
            let noFlag = try await ChorusBinary.run(
                ["setup", "--non-interactive", "--to", "97865797100013"], home: home.url, env: environment)
            #expect(noFlag.status == 2)
            // no buyer: neither --to nor an imported dataset
            let noBuyer = try await ChorusBinary.run(
                ["setup", "--non-interactive", "--send-test-invoice"], home: home.url, env: environment)
            #expect(noBuyer.status == 2, "\(noBuyer.all)")
            #expect(noBuyer.stderr.contains("--to <SIRET>"))
            let sent = try await ChorusBinary.run(
                ["setup", "--non-interactive", "--send-test-invoice", "--to", "97865797100013"], home: home.url,
                env: environment)
            #expect(sent.status == 0, "\(sent.all)")
            #expect(sent.stdout.contains("IN_INTEGRE (final)"))
            #expect(sent.stdout.contains("First test invoice integrated: flow CPP"))
            #expect(!sent.all.contains(c.clientSecret) && !sent.all.contains(c.technicalPassword))
            let progress = try String(
                contentsOf: home.state.appendingPathComponent("setup/default.json"), encoding: .utf8)
            #expect(progress.contains("\"flow\" : \"CPP"), "\(progress)")
            let status = try await ChorusBinary.run(["setup", "status"], home: home.url)
            #expect(status.stdout.contains("[done]    10. First test invoice in qualification"), "\(status.stdout)")
            #expect(status.stdout.contains("Every step is done or skipped"), "\(status.stdout)")
        }
    }

    @Test(arguments: [["setup"], ["setup", "status"], ["checklist"]], ["C.UTF-8", "fr_FR.UTF-8"])
    func everyWizardCommandHasHelp(_ command: [String], _ lang: String) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await ChorusBinary.run(command + ["--help"], home: home.url, env: ["LANG": lang])
        #expect(result.status == 0)
        #expect(result.stdout.contains(lang.hasPrefix("fr") ? "UTILISATION :" : "USAGE:"))
        #expect(result.stdout.range(of: #"help\.[a-z_]+\.[a-z_]"#, options: .regularExpression) == nil, "no raw key")
    }

    @Test func checklistPrintsMarkdownInFrench() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await ChorusBinary.run(["checklist", "--format", "md", "--lang", "fr"], home: home.url)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("# Raccorder un logiciel de facturation à Chorus Pro via PISTE"))
        #expect(result.stdout.contains("- [ ] "))
        let wrong = try await ChorusBinary.run(["checklist", "--format", "pdf"], home: home.url)
        #expect(wrong.status == 2)
    }
}
