import Foundation
import Testing

@testable import ChorusDoctorKit

/// `setup-steps.yaml`, the wizard's strings, the checklist and status texts, the small pieces of the flow.
@Suite struct WizardDataTests {
    let steps = ChecklistLibrary.embedded.setupSteps

    @Test func stepsAreCompleteInBothLanguages() throws {
        #expect(steps.steps.map(\.number) == Array(0...10))
        for step in steps.steps {
            var texts = [step.title, step.why, step.copy, step.verify] + step.do.map(\.text)
            texts += [step.help, step.waiting].compactMap { $0 }
            texts += (step.fields ?? []).map(\.label)
            // the portals' own names and menus read the same in both languages
            if let place = step.where {
                #expect([place.portal, place.menu].allSatisfy { !$0.en.isEmpty && !$0.fr.isEmpty }, "\(step.id)")
            }
            for text in texts {
                #expect(!text.en.isEmpty && !text.fr.isEmpty, "\(step.id): empty text")
                #expect(
                    text.en != text.fr || text.en.count < 12 || text.en.contains("«"),
                    "\(step.id): untranslated '\(text.en)'")
            }
            if step.mayWait {
                #expect(step.waiting?.en.contains("{date}") == true, "\(step.id): waiting note without date")
            }
        }
    }

    /// The issue's order: probes after the client secret (token), the technical account (account), at the end (full).
    @Test func probesAndSecretsSitWhereTheyShould() {
        #expect(steps.step(id: "oauth-credentials")?.probe == .token)
        #expect(steps.step(id: "technical-account")?.probe == .account)
        #expect(steps.steps.last { $0.probe != nil }?.probe == .full)
        let secretKeys = steps.fields.filter(\.isSecret).map(\.key)
        #expect(Set(secretKeys) == ProfileDocument.secretKeys)
        #expect(steps.step(id: "raccordement")?.do.contains { $0.en.contains("{piste_application}") } == true)
    }

    /// The last step sends the first test invoice, after the full check; it states the prerequisite the vendor's
    /// sheet and the qualification guide give: depositing a flow by hand on the portal (« Dépôt de flux »,
    /// « Analyser », « Soumettre »), in both languages, and says it does not apply to production.
    @Test func theFirstTestInvoiceComesLastWithItsPrerequisite() throws {
        let step = try #require(steps.steps.last)
        #expect(step.id == "first-invoice" && step.action == .firstInvoice && step.probe == nil)
        let check = try #require(steps.index(of: "final-check"))
        #expect(check == steps.steps.count - 2)
        #expect(step.where?.url(for: .sandbox) == "https://qualif.chorus-pro.gouv.fr/aife_qual")
        #expect(step.where?.url(for: .production) == nil)
        let sandbox = step.actions(for: .sandbox)
        for words in ["« Dépôt de flux »", "« Analyser »", "« Soumettre »"] {
            #expect(sandbox.contains { $0.en.contains(words) && $0.fr.contains(words) }, "\(words)")
        }
        #expect(step.actions(for: .production).count == 1)
        #expect(step.actions(for: .production).first?.en.contains("never sent to production") == true)
    }

    @Test func keysBuiltAtRunTimeExistInBothLanguages() throws {
        var keys = WizardCommand.allCases.map { "wizard.command.\($0.rawValue)" }
        keys += [WizardCommand.back, .skip, .wait, .help, .quit, .send].map { "wizard.help.command.\($0.rawValue)" }
        for kind in ["token", "account", "full"] {
            keys += ["wizard.probe.running.\(kind)", "wizard.probe.pass.\(kind)", "wizard.probe.fail.\(kind)"]
        }
        keys += [StepStatus.done, .skipped, .waiting, .pending].map { "wizard.status.mark.\($0.rawValue)" }
        keys += ["piste_application", "siret", "user_login", "environment"].map { "wizard.placeholder.\($0)" }
        for language in Language.allCases {
            let strings = Strings(language: language)
            for key in keys { #expect(strings.has(key), "\(language): \(key)") }
        }
    }

    @Test func commandWordsOfBothLanguagesAreUnderstood() throws {
        let words = CommandWords(Strings(language: .fr), library: .embedded)
        #expect(words.command("quitter") == .quit)
        #expect(words.command("QUIT") == .quit)
        #expect(words.command("retour") == .back)
        #expect(words.command("attente") == .wait)
        #expect(words.command("sandbox") == nil)
        #expect(words.word(.skip) == "passer")
    }

    @Test func tabCompletesChoicesAndCommands() {
        let words = ["sandbox", "production", "back", "skip", "help", "quit", "Skip"]
        #expect(CompletionWords.matches("sa", in: words) == ["sandbox"])
        #expect(CompletionWords.matches("S", in: words) == ["sandbox", "skip", "Skip"])
        #expect(CompletionWords.matches("", in: words).count == 7)
        #expect(CompletionWords.matches("x", in: words).isEmpty)
    }

    @Test func validatorsNormaliseWhatTheyAccept() throws {
        #expect(try FieldValidator.environment.validate("qualif").get() == "sandbox")
        #expect(try FieldValidator.date.validate("10/06/2027").get() == "2027-06-10")
        #expect(
            try FieldValidator.iban.validate("fr76 3000 6000 0112 3456 7890 189").get() == "FR7630006000011234567890189"
        )
        #expect(
            try FieldValidator.clientID.validate("4F6D2C1A-8B3E-4A5F-9C7D-1E2F3A4B5C6D").get()
                == "4f6d2c1a-8b3e-4a5f-9c7d-1e2f3a4b5c6d")
        #expect((try? FieldValidator.password.validate("").get()) == nil)
        #expect((try? FieldValidator.url.validate("ftp://x").get()) == nil)
    }

    @Test func defaultsFollowTheEnvironmentAndTheDate() throws {
        let token = try #require(steps.fields.first { $0.key == "token_url" })
        #expect(
            token.defaultValue(environment: .production, now: Fixture.now)
                == "https://oauth.piste.gouv.fr/api/oauth/token")
        let expiry = try #require(steps.fields.first { $0.key == "technical_password_expiry" })
        #expect(expiry.defaultValue(environment: .sandbox, now: Fixture.now) == "2028-01-20")
    }

    @Test func progressNeverKeepsSecretsAndIsWritten0600() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        var progress = SetupProgress(profile: "p", now: Fixture.now)
        progress.remember(Fixture.document())
        progress.answers["client_secret"] = Fixture.clientSecret
        let store = SetupProgressStore(paths: test.context.paths)
        try store.save(progress)
        let text = try String(contentsOf: store.file("p"), encoding: .utf8)
        #expect(!text.contains(Fixture.clientSecret))
        #expect(!text.contains("P@ss"))
        #expect(text.contains("73282932000074"))
        #expect(AtomicFile.permissions(of: store.file("p")) == 0o600)
        #expect(try store.load("p")?.answers["siret"] == "73282932000074")
    }

    @Test(arguments: Language.allCases)
    func statusListsEveryStepWithItsState(_ language: Language) throws {
        let test = try TestContext(language: language)
        defer { test.cleanUp() }
        var progress = SetupProgress(profile: "acme", now: Fixture.now)
        progress.environment = "sandbox"
        progress.mark("environment", .done, now: Fixture.now)
        progress.mark("piste-apis", .skipped, now: Fixture.now)
        progress.mark("raccordement", .waiting, note: "raccordement requested on 2026-11-22", now: Fixture.now)
        progress.mark("oauth-credentials", .done, probe: "fail", now: Fixture.now)
        try SetupProgressStore(paths: test.context.paths).save(progress)
        #expect(SetupFlow.status(test.context, profile: "acme") == .ok)
        let output = test.console.output
        #expect(output.split(separator: "\n").count == 14)  // heading, dates, 11 steps, the way on
        #expect(!output.contains("flow "), "no flow number before one is deposited")
        #expect(
            output.contains(
                "raccordement requested on 2026-11-22 (\(language == .en ? "since" : "depuis le") 2026-11-22)"))
        #expect(output.contains(language == .en ? "[skipped]" : "[passé]"))
        #expect(output.contains("chorus-doctor setup --profile acme"))
    }

    @Test func statusReportsACorruptFileAndLeavesIt() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let store = SetupProgressStore(paths: test.context.paths)
        try AtomicFile.write(Data("[]".utf8), to: store.file("acme"))
        #expect(SetupFlow.status(test.context, profile: "acme") == .configFile)
        #expect(test.console.errors.contains("cannot be read"))
        #expect(try String(contentsOf: store.file("acme"), encoding: .utf8) == "[]")
    }

    @Test(arguments: [ChecklistFlow.Format.md, .text], Language.allCases)
    func checklistHasEveryStepAndNoPlaceholderLeft(_ format: ChecklistFlow.Format, _ language: Language) throws {
        let text = SetupChecklist(strings: Strings(language: language), format: format, environment: nil).render(
            steps)
        for step in steps.steps { #expect(text.contains(step.title.text(language)), "\(step.id)") }
        #expect(!text.contains("{"), "a placeholder was left")
        #expect(text.contains(format == .md ? "- [ ] " : "    [ ] "))
        #expect(text.contains("(production)") && text.contains("(sandbox)"))
        let long = text.split(separator: "\n").filter {
            $0.count > 100 && $0.trimmingCharacters(in: .whitespaces).contains(" ")
        }
        #expect(long.isEmpty, "lines stay printable (only a long URL may overflow)")
    }

    @Test func checklistForOneEnvironmentKeepsOnlyItsLines() throws {
        let text = SetupChecklist(strings: Strings(language: .en), format: .text, environment: .production)
            .render(steps)
        #expect(!text.contains("APP_SANDBOX_ followed by"))
        #expect(text.contains("https://portail.chorus-pro.gouv.fr"))
        #expect(!text.contains("qualif.chorus-pro.gouv.fr"))
    }

    @Test func shellWordsAreQuotedOnlyWhenNeeded() {
        #expect(ShellWord.quote("APP_SANDBOX_demo@example.test") == "APP_SANDBOX_demo@example.test")
        #expect(ShellWord.quote("it's here") == "'it'\\''s here'")
        #expect(ShellWord.quote("") == "''")
    }
}
