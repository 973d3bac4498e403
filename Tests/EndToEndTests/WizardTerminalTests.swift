import ChorusDoctorKit
import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

/// `chorus-doctor setup` in a real terminal (tmux), against the simulator running in this process.
@Suite(.enabled(if: WizardTerminal.available, "tmux is not installed"))
struct WizardTerminalTests {
    static let iban = "FR76 3000 6000 0112 3456 7890 189"

    /// What the wizard shows, in the language of the walk.
    struct Prompts: Sendable {
        var profile, environment, application, portalDone, clientID, secret, tokenURL, apiURL: String
        var tokenWorks, siret, userLogin, portalDoneOrWait, technicalLogin, technicalPassword, expiry: String
        var accountWorks, iban, complete, allPassed, whatNow, progressSaved: String
        var firstInvoice, buyer, flowKept, integrated, interrupted, resumingFlow: String

        static let en = Prompts(
            profile: "Profile name [default]: ", environment: "Environment (sandbox or production) [sandbox]: ",
            application: "PISTE application name: ", portalDone: "Done on the portal? (done, skip) [done]: ",
            clientID: "Client ID: ", secret: "Client secret (not shown as you type): ",
            tokenURL: "Token URL [https://sandbox-oauth.piste.gouv.fr/api/oauth/token]: ",
            apiURL: "API base URL [https://sandbox-api.piste.gouv.fr]: ",
            tokenWorks: "✓ The client id and secret work", siret: "SIRET of the structure: ",
            userLogin: "Chorus Pro user login: ", portalDoneOrWait: "Done on the portal? (done, wait, skip) [done]: ",
            technicalLogin: "Technical account login: ",
            technicalPassword: "Technical account password (not shown as you type): ",
            expiry: "Password expiry date [", accountWorks: "✓ The technical account works",
            iban: "IBAN for invoices: ", complete: "Setup complete", allPassed: "All stages passed",
            whatNow: "What now? (edit, retry, skip) [edit]: ", progressSaved: "Progress saved",
            firstInvoice: "Send a first test invoice in qualification? (send, skip) [send]: ",
            buyer: "Buyer's SIRET (a public structure of your dataset): ",
            flowKept: "kept in the setup's progress: if you stop now",
            integrated: "First test invoice integrated: flow CPP", interrupted: "is kept: `chorus-doctor setup",
            resumingFlow: "Following flow CPP")

        static let fr = Prompts(
            profile: "Nom du profil [default] : ", environment: "Environnement (sandbox ou production) [sandbox] : ",
            application: "Nom de l'application PISTE : ", portalDone: "Fait sur le portail ? (fait, passer) [fait] : ",
            clientID: "Client ID (identifiant client) : ", secret: "Secret client (la saisie n'est pas affichée) : ",
            tokenURL: "URL jeton [https://sandbox-oauth.piste.gouv.fr/api/oauth/token] : ",
            apiURL: "URL de base des API [https://sandbox-api.piste.gouv.fr] : ",
            tokenWorks: "✓ L'identifiant client et le secret marchent", siret: "SIRET de la structure : ",
            userLogin: "Identifiant de l'utilisateur Chorus Pro : ",
            portalDoneOrWait: "Fait sur le portail ? (fait, attente, passer) [fait] : ",
            technicalLogin: "Identifiant du compte technique : ",
            technicalPassword: "Mot de passe du compte technique (la saisie n'est pas affichée) : ",
            expiry: "Date d'expiration du mot de passe [", accountWorks: "✓ Le compte technique marche",
            iban: "IBAN pour les factures : ", complete: "Paramétrage terminé",
            allPassed: "Toutes les étapes sont passées",
            whatNow: "Et maintenant ? (modifier, réessayer, passer) [modifier] : ",
            progressSaved: "Progression enregistrée",
            firstInvoice: "Envoyer une première facture de test ? (envoyer, passer) [envoyer] : ",
            buyer: "SIRET de l'acheteur (une structure publique du jeu de données) : ",
            flowKept: "gardé dans la progression : si vous arrêtez",
            integrated: "Première facture de test intégrée : flux CPP",
            interrupted: "est gardé : `chorus-doctor setup", resumingFlow: "Nouveau suivi du flux CPP")
    }

    struct Setting {
        let home: TemporaryHome
        let simulator: RunningSimulator
        let credentials: DemoCredentials
        let terminal: WizardTerminal
        let prompts: Prompts

        /// Runs `body` with a fresh setting, then ends the terminal, the simulator and the HOME, awaited, whatever
        /// happened. `lang` is the terminal's `LANG`: `fr_FR.UTF-8` is a locale this machine does not have installed
        /// (CI's neither), as on a stock server reached from a French desktop.
        static func with(
            _ scenario: Scenario, lang: String = "C.UTF-8", _ body: (Setting) async throws -> Void
        ) async throws {
            #expect(FileManager.default.isExecutableFile(atPath: ChorusBinary.url.path), "\(ChorusBinary.url.path)")
            let home = try TemporaryHome()
            defer { home.remove() }
            try await withSimulator(scenario) { simulator in
                let environment = ["HOME": home.url.path, "PATH": "/usr/bin:/bin", "LANG": lang]
                try await WizardTerminal.session(environment: environment) { terminal in
                    try await body(
                        Setting(
                            home: home, simulator: simulator, credentials: simulator.demoCredentials(),
                            terminal: terminal, prompts: lang.hasPrefix("fr") ? .fr : .en))
                }
            }
        }

        var secrets: [String] { [credentials.clientSecret, credentials.technicalPassword] }

        /// Steps 0 to 4: environment (completed with Tab), application, the two portal steps, client id and secret.
        func answerUpToTheToken(secret: String? = nil) async throws {
            let t = terminal
            let p = prompts
            try await t.type("\(ChorusBinary.url.path) setup")
            try await t.answer(p.profile, "")
            try await t.waitFor(p.environment)
            try await t.type("sa", enter: false)
            try await t.press("Tab")
            try await t.waitFor(p.environment + "sandbox")
            try await t.press("Enter")
            try await t.answer(p.application, credentials.pisteApplicationName)
            try await t.answer(p.portalDone, "")
            try await t.answer(p.portalDone, "", count: 2)
            try await t.answer(p.clientID, credentials.clientID)
            try await t.answer(p.secret, secret ?? credentials.clientSecret)
            try await t.answer(p.tokenURL, credentials.tokenURL.absoluteString)
            try await t.answer(p.apiURL, credentials.apiBaseURL.absoluteString)
        }
    }

    @Test func walksToAPassingCheckWithoutShowingASecret() async throws {
        // GIVEN a healthy simulated platform and someone at a terminal
        try await Setting.with(.healthy, walkToAPassingCheck)
    }

    @Test func walksToAPassingCheckInFrenchWhenLANGNamesALocaleThatIsNotInstalled() async throws {
        // GIVEN a French terminal whose locale the machine does not have (libedit used to crash on the first accent)
        try await Setting.with(.healthy, lang: "fr_FR.UTF-8", walkToAPassingCheck)
    }

    /// A public buyer of the simulator's dataset that requires no service code nor commitment number.
    static let buyer = "97865797100013"

    func walkToAPassingCheck(_ setting: Setting) async throws {
        let t = setting.terminal
        let c = setting.credentials
        let p = setting.prompts
        // WHEN they walk every step, ending with the first test invoice
        try await walkToTheTestInvoice(setting)
        try await t.answer(p.firstInvoice, "")
        try await t.answer(p.buyer, Self.buyer)
        try await t.waitFor(p.integrated)
        try await t.waitFor(p.complete)
        try await t.type("echo EXIT=$?")
        try await t.waitFor("EXIT=0")
        // THEN the profile is saved 0600, and no screen, history or state file shows a secret
        let profile = setting.home.profiles.appendingPathComponent("default.yaml")
        #expect(setting.home.mode(profile) == 0o600)
        let history = setting.home.state.appendingPathComponent("setup-history")
        #expect(setting.home.mode(history) == 0o600)
        let historyText = try String(contentsOf: history, encoding: .utf8)
        #expect(historyText.contains(c.siret), "accepted answers are in the history")
        let screens = t.everything
        #expect(screens.contains(p.allPassed))
        #expect(screens.contains("IN_INTEGRE"))
        #expect(!screens.contains("Program crashed"))
        for secret in setting.secrets {
            #expect(!screens.contains(secret), "a secret was on the screen")
            #expect(!historyText.contains(secret), "a secret is in the history")
            for (path, text) in setting.home.everyFile() where !path.hasSuffix("default.yaml") {
                #expect(!text.contains(secret), "a secret is in \(path)")
            }
        }
        #expect(try String(contentsOf: profile, encoding: .utf8).contains(c.clientSecret))
        // AND `check` passes with the saved profile
        let check = try await ChorusBinary.run(["check"], home: setting.home.url)
        #expect(check.status == 0, "\(check.all)")
    }

    /// Every step up to the first test invoice's question, with the answers that make the check pass.
    func walkToTheTestInvoice(_ setting: Setting) async throws {
        let t = setting.terminal
        let c = setting.credentials
        let p = setting.prompts
        try await setting.answerUpToTheToken()
        try await t.waitFor(p.tokenWorks)
        try await t.answer(p.siret, c.siret)
        try await t.answer(p.userLogin, c.userLogin)
        try await t.answer(p.portalDoneOrWait, "")
        try await t.answer(p.technicalLogin, c.technicalLogin)
        try await t.answer(p.technicalPassword, c.technicalPassword)
        try await t.answer(p.expiry, CalendarDay.format(c.technicalPasswordExpiry!))
        try await t.waitFor(p.accountWorks)
        try await t.answer(p.iban, Self.iban)
        try await t.waitFor(p.allPassed)
    }

    @Test func ctrlCWhileFollowingTheTestInvoiceKeepsItsFlowAndTheNextRunFollowsIt() async throws {
        try await Setting.with(.healthy, lang: "fr_FR.UTF-8") { setting in
            let t = setting.terminal
            let p = setting.prompts
            try await walkToTheTestInvoice(setting)
            try await t.answer(p.firstInvoice, "")
            try await t.answer(p.buyer, Self.buyer)
            // WHEN Ctrl-C comes while the flow is followed
            try await t.waitFor(p.flowKept)
            try await t.press("C-c")
            try await t.waitFor(p.interrupted)
            try await t.type(
                "echo EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(echo|icanon)' | tr '\\n' ' '; echo MODES-$((40+2))"
            )
            let screen = try await t.waitFor(" MODES-42")
            // THEN the terminal is back, the exit status 130, and the flow number saved
            #expect(screen.contains("EXIT=130"))
            let modes = screen.components(separatedBy: "\n").first { $0.hasSuffix("MODES-42") } ?? ""
            #expect(Set(modes.split(separator: " ")) == ["echo", "icanon", "MODES-42"])
            // AND no frozen spinner is left on the screen
            #expect(!ProgressIndicator.frames.contains { screen.contains($0) }, "\(screen)")
            let progress = setting.home.state.appendingPathComponent("setup/default.json")
            let saved = try String(contentsOf: progress, encoding: .utf8)
            #expect(saved.contains("\"flow\" : \"CPP"), "\(saved)")
            // AND the next run follows that same flow to its integration, without depositing another invoice
            try await t.type("clear; \(ChorusBinary.url.path) setup --profile default")
            try await t.waitFor(p.resumingFlow)
            try await t.waitFor(p.integrated)
            try await t.waitFor(p.complete)
            try await t.type("echo EXIT=$?")
            try await t.waitFor("EXIT=0")
            let after = try String(contentsOf: progress, encoding: .utf8)
            #expect(after.contains("\"status\" : \"done\""))
            for secret in setting.secrets { #expect(!t.everything.contains(secret)) }
        }
    }

    @Test func aWrongSecretShowsTheTokenDiagnosisInsideTheWizard() async throws {
        try await Setting.with(.wrongSecret, seeTheTokenDiagnosis)
    }

    @Test func aFailureInFrenchUnderAMissingLocaleOffersAccentedChoicesWithoutCrashing() async throws {
        // GIVEN LANG=fr_FR.UTF-8, not installed: the first prompt with an accent comes after the failed token
        try await Setting.with(.wrongSecret, lang: "fr_FR.UTF-8") { setting in
            let t = setting.terminal
            try await setting.answerUpToTheToken()
            let screen = try await t.waitFor(setting.prompts.whatNow)
            #expect(screen.contains("[ÉCHEC] jeton"))
            // WHEN they complete an accented choice with Tab, then take it back and quit
            try await t.type("réess", enter: false)
            try await t.press("Tab")
            try await t.waitFor(setting.prompts.whatNow + "réessayer")
            try await t.press("C-u")
            try await t.type("quitter")
            try await t.waitFor(setting.prompts.progressSaved)
            try await t.type("echo EXIT=$?")
            // THEN the wizard ends normally, accents shown as typed
            try await t.waitFor("EXIT=0")
            #expect(!t.everything.contains("Program crashed"))
        }
    }

    func seeTheTokenDiagnosis(_ setting: Setting) async throws {
        let t = setting.terminal
        try await setting.answerUpToTheToken()
        let screen = try await t.waitFor(setting.prompts.whatNow)
        #expect(screen.contains("[FAIL] token"))
        #expect(screen.contains("token.invalid-client"))
        #expect(screen.contains("Consulter le secret"), "the fix names the place on PISTE")
        try await t.type("quit")
        try await t.waitFor(setting.prompts.progressSaved)
        try await t.type("echo EXIT=$?")
        try await t.waitFor("EXIT=0")
        for secret in setting.secrets { #expect(!t.everything.contains(secret)) }
    }

    @Test func ctrlCRestoresTheTerminalSavesAndExits130() async throws {
        try await Setting.with(.healthy, interruptAndResume)
    }

    func interruptAndResume(_ setting: Setting) async throws {
        let t = setting.terminal
        try await t.type("\(ChorusBinary.url.path) setup --profile interrupted")
        try await t.answer("Environment (sandbox or production) [sandbox]: ", "")
        try await t.answer("PISTE application name: ", setting.credentials.pisteApplicationName)
        try await t.answer("Done on the portal? (done, skip) [done]: ", "")
        try await t.answer("Done on the portal? (done, skip) [done]: ", "", count: 2)
        try await t.answer("Client ID: ", setting.credentials.clientID)
        // Ctrl-C with echo off, halfway through typing the secret
        try await t.waitFor("Client secret (not shown as you type): ")
        try await t.type("half-typed", enter: false)
        try await t.press("C-c")
        try await t.waitFor("Interrupted: progress saved")
        try await t.type(
            "echo EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(echo|icanon)' | tr '\\n' ' '; echo MODES-$((40+2))"
        )
        // the marker is computed by the shell, so the typed command line does not match it
        let screen = try await t.waitFor(" MODES-42")
        #expect(screen.contains("EXIT=130"))
        let modes = screen.components(separatedBy: "\n").first { $0.hasSuffix("MODES-42") } ?? ""
        #expect(
            Set(modes.split(separator: " ")) == ["echo", "icanon", "MODES-42"], "echo and canonical mode are back on")
        let progress = setting.home.state.appendingPathComponent("setup/interrupted.json")
        let saved = try String(contentsOf: progress, encoding: .utf8)
        #expect(saved.contains(setting.credentials.pisteApplicationName))
        #expect(saved.contains(setting.credentials.clientID), "the answer typed before Ctrl-C is kept")
        #expect(!saved.contains("half-typed"))
        // the next run resumes at the client id, offering the one typed
        try await t.type("\(ChorusBinary.url.path) setup --profile interrupted")
        try await t.waitFor("Client ID [\(setting.credentials.clientID)]: ")
        try await t.press("C-d")
        try await t.waitFor("Input ended")
        try await t.type("echo EXIT=$?")
        try await t.waitFor("EXIT=4")
    }
}
