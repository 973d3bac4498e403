import ChorusDoctorKit
import ChorusSimulator
import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

/// The wizard's screens, in both languages, compared with Golden/wizard-*: rendered through a scripted reader and a
/// buffer console against the simulator, at a fixed date. Ports, timings and the temporary HOME are normalised.
@Suite struct WizardGoldenTests {
    static let now = CalendarDay.parse("2026-11-22")!

    struct Transcript {
        let home: TemporaryHome
        let console: BufferConsole
        let ctx: DoctorContext

        init(language: Language) throws {
            home = try TemporaryHome()
            let redactor = Redactor()
            console = BufferConsole(redactor: redactor, width: 80)
            let environment = ["HOME": home.url.path]
            ctx = DoctorContext(
                console: console, environment: environment, paths: Paths(environment: environment),
                clock: FixedDateTime(WizardGoldenTests.now), strings: Strings(language: language),
                library: .embedded,
                redactor: redactor, makeTransport: { CurlTransport(options: $0) })
        }

        /// `following`: the whole time the test invoice's flow is followed (polled every 0.3 s).
        func walk(_ answers: [String?], profile: String = "acme", following: Duration = .seconds(30)) async
            -> ChorusDoctorKit.ExitStatus
        {
            let reader = ScriptedLineReader(answers, transcript: console)
            let options = SetupFlow.Options(
                profile: profile,
                following: SetupFlow.Following(
                    interval: .milliseconds(300), maximumInterval: .milliseconds(300), duration: following))
            return await SetupFlow.execute(ctx, reader: reader, options: options)
        }

        /// What the terminal showed, with what changes from run to run replaced by stable marks.
        var normalised: String {
            var text = console.output + console.errors
            text = text.replacingOccurrences(of: home.url.path, with: "$HOME")
            for (pattern, replacement) in [
                (#"127\.0\.0\.1:[0-9]+"#, "127.0.0.1:PORT"), (#"(?<=[^ (]) +[0-9]+(\.[0-9]+)? ms"#, " N ms"),
                (#"\([0-9]+(\.[0-9]+)? ms"#, "(N ms"),
                // the check's total, wrapped where its digits fall: one line whatever its width
                (#"\(N ms\s+(au|in)\s+(total|all)\)"#, "(N ms $1 $2)"),
                // The test invoice's number ends with 4 random hex digits; the flow's polls follow the clock.
                (#"CDT([0-9]{12})-[0-9A-F]{4}"#, "CDT$1-XXXX"), (#"(2026-11-22T)[0-9:.]+"#, "$1HH:MM:SS"),
                (#"(?m)^\[\+[0-9]+ s\] .*\n"#, ""),
                (#"Watched [0-9]+ time\(s\) over [0-9]+ s"#, "Watched N time(s) over N s"),
                (#"Suivi en [0-9]+ contrôle\(s\) sur [0-9]+ s"#, "Suivi en N contrôle(s) sur N s"),
                (#"(after|après) [0-9]+ s \([0-9]+ (checks|contrôles)\)"#, "$1 N s (N $2)"),
            ] {
                text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
            }
            return text
        }
    }

    /// A public buyer of the simulator's qualification dataset that requires nothing (« Destinataire sans
    /// paramètre »).
    static let buyer = "97865797100013"

    /// The walk's answers, then the last step's: send a first test invoice to `buyer`.
    static func answersSending(_ c: DemoCredentials, language: Language) -> [String?] {
        answers(c, language: language) + [language == .en ? "send" : "envoyer", buyer]
    }

    static func answers(_ c: DemoCredentials, language: Language) -> [String?] {
        let done = language == .en ? "done" : "fait"
        return [
            "", c.pisteApplicationName, done, "", c.clientID, c.clientSecret, c.tokenURL.absoluteString,
            c.apiBaseURL.absoluteString, "1234", c.siret, c.userLogin, "", c.technicalLogin, c.technicalPassword,
            CalendarDay.format(c.technicalPasswordExpiry!), "FR76 3000 6000 0112 3456 7890 189",
        ]
    }

    @Test(arguments: Language.allCases)
    func happyPath(_ language: Language) async throws {
        try await withSimulator(.healthy, now: Self.now) { simulator in
            let transcript = try Transcript(language: language)
            defer { transcript.home.remove() }
            let status = await transcript.walk(Self.answersSending(simulator.demoCredentials(), language: language))
            #expect(status == .ok)
            let progress = try #require(try SetupProgressStore(paths: transcript.ctx.paths).load("acme"))
            let invoice = progress.record("first-invoice")
            #expect(invoice.status == .done && invoice.probe == "pass")
            #expect(invoice.flow?.hasPrefix("CPP") == true)
            #expect(progress.isComplete(ChecklistLibrary.embedded.setupSteps))
            try Golden.endToEnd.check(transcript.normalised, named: "wizard-happy-\(language.rawValue).txt")
        }
    }

    @Test(arguments: Language.allCases)
    func wrongSecretThenQuit(_ language: Language) async throws {
        try await withSimulator(.wrongSecret, now: Self.now) { simulator in
            let transcript = try Transcript(language: language)
            defer { transcript.home.remove() }
            let answers = Array(Self.answers(simulator.demoCredentials(), language: language).prefix(8))
            let status = await transcript.walk(answers + [language == .en ? "quit" : "quitter"])
            #expect(status == .ok)
            try Golden.endToEnd.check(transcript.normalised, named: "wizard-wrong-secret-\(language.rawValue).txt")
            #expect(SetupFlow.status(transcript.ctx, profile: "acme") == .ok)
        }
    }

    @Test(arguments: Language.allCases)
    func statusAfterAWaitingStep(_ language: Language) async throws {
        try await withSimulator(.healthy, now: Self.now) { simulator in
            let transcript = try Transcript(language: language)
            defer { transcript.home.remove() }
            var answers = Array(Self.answers(simulator.demoCredentials(), language: language).prefix(11))
            answers.remove(at: 8)  // no invalid SIRET this time
            answers += [language == .en ? "wait" : "attente", "", nil]
            _ = await transcript.walk(answers)
            let before = transcript.console.output.count
            #expect(SetupFlow.status(transcript.ctx, profile: "acme") == .ok)
            let status = String(transcript.console.output.dropFirst(before))
            try Golden.endToEnd.check(status, named: "wizard-status-\(language.rawValue).txt")
        }
    }

    @Test(arguments: [(Language.en, ChecklistFlow.Format.md), (.fr, .md), (.en, .text), (.fr, .text)])
    func checklist(_ language: Language, _ format: ChecklistFlow.Format) throws {
        let transcript = try Transcript(language: language)
        defer { transcript.home.remove() }
        #expect(ChecklistFlow.execute(transcript.ctx, format: format, environment: nil) == .ok)
        try Golden.endToEnd.check(
            transcript.console.output, named: "wizard-checklist-\(language.rawValue).\(format.rawValue)")
    }
}
