import ChorusSimulator
import Foundation
import Testing

@testable import ChorusDoctorKit

/// The wizard driven by a scripted console against the simulator over real loopback HTTP.
@Suite struct WizardFlowTests {
    @Test func happyPathEndsWithAPassingCheckAndASavedProfile() async throws {
        // GIVEN a healthy platform and someone answering every question
        try await WizardRun.with { run in
            // WHEN they walk the wizard
            let (status, reader) = await run.walk(run.happyAnswers + WizardRun.sending())
            // THEN every probe passed, the profile holds the values (0600), the progress says done
            #expect(status == .ok, "\(run.output)\n\(run.errors)")
            #expect(reader.remaining == 0)
            #expect(run.output.contains("✓ The client id and secret work"))
            #expect(run.output.contains("✓ The technical account works"))
            #expect(run.output.contains("All stages passed"))
            #expect(run.output.contains("IN_INTEGRE (final)"))
            #expect(run.output.contains("First test invoice integrated: flow CPP"))
            #expect(run.output.contains("Setup complete"))
            let document = try #require(try run.document())
            #expect(document.clientSecret == run.credentials.clientSecret)
            #expect(document.technicalPassword == run.credentials.technicalPassword)
            #expect(document.siret == run.credentials.siret)
            #expect(document.iban == "FR7630006000011234567890189")
            #expect(document.environment == "sandbox")
            #expect(AtomicFile.permissions(of: run.ctx.paths.profileFile("acme")) == 0o600)
            #expect(AtomicFile.permissions(of: SetupProgressStore(paths: run.ctx.paths).file("acme")) == 0o600)
            let progress = try #require(try run.progress())
            #expect(progress.steps.values.allSatisfy { $0.status == .done })
            #expect(progress.record("final-check").probe == "pass")
            #expect(progress.answers["client_id"] == run.credentials.clientID)
            // secrets were read hidden, never remembered, never written outside the profile
            let secretPrompts = reader.requests.filter(\.secret).map(\.prompt)
            #expect(secretPrompts.count == 2)
            run.expectNoSecretLeak(reader)
            // the equivalent commands are printed, secrets left to the hidden prompt
            #expect(run.output.contains("chorus-doctor profile set --profile acme siret \(run.credentials.siret)"))
            #expect(run.output.contains("chorus-doctor profile set --profile acme client_secret    #"))
        }
    }

    @Test func frenchRunUsesFrenchWordsAndScreens() async throws {
        try await WizardRun.with(language: .fr) { run in
            var answers = run.happyAnswers
            answers[2] = "fait"  // the APIs step confirmed with the French word
            let (status, reader) = await run.walk(answers + WizardRun.sending(.fr))
            #expect(status == .ok, "\(run.output)\n\(run.errors)")
            #expect(run.output.contains("Étape 1 sur 10 · Compte et application PISTE"))
            #expect(run.output.contains("Que recopier ici :"))
            #expect(run.output.contains("Paramétrage terminé"))
            #expect(reader.requests.contains { $0.prompt.hasPrefix("Fait sur le portail ? (fait, passer) [fait]") })
            #expect(reader.requests.contains { $0.completions.contains("quitter") })
            run.expectNoSecretLeak(reader)
        }
    }

    @Test func backSkipQuitThenResumeWhereItStopped() async throws {
        try await WizardRun.with { run in
            // GIVEN an answer given, a step back to change it, a step skipped, then quit
            let (first, _) = await run.walk([
                "", "WRONG_NAME", "back",  // at the APIs step, back to step 1
                run.credentials.pisteApplicationName,  // step 1 corrected
                "skip",  // APIs step skipped
                "", "quit",  // CGU done, quit at the client id
            ])
            #expect(first == .ok)
            #expect(run.output.contains("Resume with: chorus-doctor setup --profile acme"))
            var progress = try #require(try run.progress())
            #expect(progress.record("piste-application").status == .done)
            #expect(progress.record("piste-apis").status == .skipped)
            #expect(progress.record("piste-cgu").status == .done)
            #expect(progress.record("oauth-credentials").status == .pending)
            #expect(progress.answers["piste_application"] == run.credentials.pisteApplicationName)
            // WHEN the wizard runs again
            let credentials = run.credentials
            let (second, reader) = await run.walk([
                credentials.clientID, credentials.clientSecret, credentials.tokenURL.absoluteString,
                credentials.apiBaseURL.absoluteString, "quit",
            ])
            // THEN it starts at the first step not done, with the known values as defaults
            #expect(second == .ok)
            #expect(run.output.contains("Resuming the setup of profile acme: 4 of 11 steps done or skipped"))
            #expect(reader.requests.first?.prompt == "Client ID: ")
            progress = try #require(try run.progress())
            #expect(progress.record("oauth-credentials").status == .done)
            #expect(progress.record("oauth-credentials").probe == "pass")
            // AND a third run offers what is known, and Enter keeps a secret already given
            let (third, again) = await run.walk(["back", "", "", "", "", "quit"])
            #expect(third == .ok)
            #expect(again.requests.contains { $0.prompt == "Client ID [\(credentials.clientID)]: " })
            #expect(
                again.requests.contains { $0.prompt == "Client secret (not shown as you type; Enter keeps ••••••••): " }
            )
            #expect(try run.document()?.clientSecret == credentials.clientSecret)
        }
    }

    @Test func invalidValuesAreExplainedAndAskedAgain() async throws {
        try await WizardRun.with { run in
            let credentials = run.credentials
            let (status, reader) = await run.walk([
                "prod-ish", "", "x", credentials.pisteApplicationName, "", "",
                "not-a-uuid", credentials.clientID, credentials.clientSecret,
                "http://example.com/token", "quit",  // plain http refused off loopback
            ])
            #expect(status == .ok)
            let output = run.output
            #expect(output.contains("✗ 'prod-ish' is not an environment"))
            #expect(output.contains("✗ 'x' is not a PISTE application name"))
            #expect(output.contains("✗ A PISTE client id looks like"))
            #expect(output.contains("✗ Plain http is refused for example.com"))
            #expect(reader.requests.filter { $0.prompt.hasPrefix("Client ID") }.count == 2)
            // the default proposed is the environment's
            #expect(
                reader.requests.contains {
                    $0.prompt == "Token URL [https://sandbox-oauth.piste.gouv.fr/api/oauth/token]: "
                })
        }
    }

    @Test(arguments: [
        ("12345678901234", "checksum (Luhn key) is wrong"), ("1234", "A SIRET has 14 digits; '1234' has 4."),
    ])
    func siretIsCheckedAsTyped(_ typed: String, _ message: String) async throws {
        try await WizardRun.with { run throws in
            var answers = Array(run.happyAnswers.prefix(8))
            answers += [typed, run.credentials.siret, "quit"]
            let (status, reader) = await run.walk(answers)
            #expect(status == .ok)
            #expect(run.output.contains(message))
            #expect(reader.requests.filter { $0.prompt.hasPrefix("SIRET of the structure") }.count == 2)
            #expect(try run.document()?.siret == run.credentials.siret)
        }
    }

    @Test func ibanAndDatesAreCheckedAsTyped() async throws {
        try await WizardRun.with { run in
            var answers = Array(run.happyAnswers.prefix(13))
            answers += ["31/02/2027", "2027-13-01", run.expiry, "FR76 3000 6000 0112 3456 7890 188", WizardRun.iban]
            answers.append("skip")  // the first test invoice
            let (status, reader) = await run.walk(answers)
            #expect(status == .ok)
            #expect(reader.remaining == 0)
            #expect(run.output.contains("'31/02/2027' is not a date"))
            #expect(run.output.contains("'2027-13-01' is not a date"))
            #expect(run.output.contains("The IBAN's check digits are wrong"))
        }
    }

    @Test func endOfInputSavesAndExitsWithFour() async throws {
        try await WizardRun.with { run throws in
            let (status, reader) = await run.walk(["", run.credentials.pisteApplicationName, nil, "never read"])
            #expect(status == .incomplete)
            #expect(reader.remaining == 1, "nothing is read after the end of input")
            #expect(run.output.contains("Input ended (Ctrl-D or closed input): progress saved"))
            #expect(try run.progress()?.record("piste-application").status == .done)
            #expect(try run.document()?.pisteApplication == run.credentials.pisteApplicationName)
        }
    }

    @Test func endOfInputBeforeTheProfileSavesNothing() async throws {
        try await WizardRun.with { run in
            let (status, _) = await run.walk([], profile: nil)
            #expect(status == .incomplete)
            #expect(SetupProgressStore(paths: run.ctx.paths).all().isEmpty)
        }
    }

    @Test func aWaitingStepKeepsItsNoteAndIsAskedAboutAgain() async throws {
        try await WizardRun.with { run in
            var answers = Array(run.happyAnswers.prefix(10))
            answers += ["wait", "", "quit"]  // raccordement: wait, default note; then quit at the technical login
            let (status, _) = await run.walk(answers)
            #expect(status == .ok)
            let record = try #require(try run.progress()?.record("raccordement"))
            #expect(record.status == .waiting)
            #expect(record.note == "raccordement requested on 2026-11-22, not yet validated")
            // the next run starts at the waiting step and recalls the note
            let (_, reader) = await run.walk(["quit"])
            #expect(
                run.output.contains(
                    "Last time: raccordement requested on 2026-11-22, not yet validated (since 2026-11-22)."))
            #expect(reader.requests.first?.prompt == "Done on the portal? (done, wait, skip) [done]: ")
            // and status shows it
            #expect(SetupFlow.status(run.ctx, profile: "acme") == .ok)
            #expect(run.output.contains("[waiting]"))
        }
    }

    /// The platform's data wins: the account probe that passes settles a raccordement left waiting, the expiry
    /// date Chorus Pro gives replaces the one typed, and a password pasted with spaces around it is trimmed.
    @Test func platformDataSettlesTheWaitingRaccordementAndTheExpiry() async throws {
        try await WizardRun.with { run in
            var answers = Array(run.happyAnswers.prefix(10))
            answers += ["wait", ""]  // raccordement: waiting for the validation
            answers += [run.credentials.technicalLogin, " \(run.credentials.technicalPassword) ", "2030-01-01"]
            answers += Array(run.happyAnswers.suffix(1))
            let (_, reader) = await run.walk(answers)
            #expect(run.output.contains("✓ The technical account works"), "\(run.output)")
            let progress = try #require(try run.progress())
            #expect(progress.record("raccordement").status == .done)
            let document = try #require(try run.document())
            #expect(document.technicalPassword == run.credentials.technicalPassword)
            #expect(document.technicalPasswordExpiry == run.expiry)
            #expect(run.output.contains("replaces 2030-01-01"))
            #expect(run.output.contains("were removed"))
            run.expectNoSecretLeak(reader)
        }
    }

    @Test func wrongSecretShowsTheTokenDiagnosisThenEditFixesIt() async throws {
        // GIVEN a PISTE secret regenerated since it was copied
        try await WizardRun.with(.wrongSecret) { run throws in
            var answers = Array(run.happyAnswers.prefix(8))
            // WHEN the old secret is typed, THEN the token probe fails with its diagnosis; edit, type the new one
            answers += ["", "", run.simulator.world.application.clientSecret, "", "", "quit"]
            let (status, reader) = await run.walk(answers)
            #expect(status == .ok)
            #expect(run.output.contains("[FAIL] token"))
            #expect(run.output.contains("token.invalid-client"))
            #expect(run.output.contains("✗ The token request failed"))
            #expect(reader.requests.contains { $0.prompt == "What now? (edit, retry, skip) [edit]: " })
            #expect(run.output.contains("✓ The client id and secret work"))
            #expect(try run.document()?.clientSecret == run.simulator.world.application.clientSecret)
            #expect(!run.output.contains(run.credentials.clientSecret))
        }
    }

    @Test func corruptProgressIsKeptAsideAndTheUserIsTold() async throws {
        try await WizardRun.with { run in
            let store = SetupProgressStore(paths: run.ctx.paths)
            try AtomicFile.write(Data("{ not json".utf8), to: store.file("acme"))
            let (status, _) = await run.walk(["quit"])
            #expect(status == .ok)
            #expect(run.output.contains("cannot be read"))
            let kept = try FileManager.default.contentsOfDirectory(atPath: store.directory.path)
                .filter { $0.hasPrefix("acme.json.corrupt-") }
            #expect(kept.count == 1)
            let text = try String(contentsOf: store.directory.appendingPathComponent(kept[0]), encoding: .utf8)
            #expect(text == "{ not json")
            #expect(SetupFlow.status(run.ctx, profile: "acme") == .ok)
        }
    }

    @Test func corruptProfileStopsWithThreeAndIsLeftAlone() async throws {
        try await WizardRun.with { run in
            let file = run.ctx.paths.profileFile("acme")
            try AtomicFile.write(Data("client_id: [unclosed\n".utf8), to: file)
            let (status, reader) = await run.walk([""])
            #expect(status == .configFile)
            #expect(reader.requests.isEmpty)
            #expect(try String(contentsOf: file, encoding: .utf8) == "client_id: [unclosed\n")
        }
    }

    @Test func profileNameIsAskedWithTheSetupInProgressProposed() async throws {
        try await WizardRun.with { run throws in
            _ = await run.walk(["bad name!", "qualif", "", "quit"], profile: nil)
            #expect(run.output.contains("'bad name!' is not a valid profile name"))
            #expect(try run.progress("qualif")?.record("environment").status == .done)
            let (_, reader) = await run.walk(["quit"], profile: nil)
            #expect(reader.requests.first?.prompt == "Profile name [qualif]: ")
        }
    }

    @Test func helpExplainsTheStepAndTheCommands() async throws {
        try await WizardRun.with { run in
            _ = await run.walk(["", "help", "quit"])
            #expect(run.output.contains("The name matters more than it seems"))
            #expect(run.output.contains("skip · leave this step for later"))
        }
    }

    @Test func environmentChoiceDrivesDefaultsAndTexts() async throws {
        try await WizardRun.with { run throws in
            let (_, reader) = await run.walk(["prod", "ACME_FACTURATION", "", "", "", "", "quit"])
            #expect(run.output.contains("« Créer une application »"))
            #expect(run.output.contains("PROD rows"))
            #expect(!run.output.contains("APP_SANDBOX_ followed by"))
            #expect(reader.requests.contains { $0.prompt == "Environment (sandbox or production) [sandbox]: " })
            #expect(try run.document()?.environment == "production")
        }
    }
}
