import ChorusDoctorKit
import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

/// The wizard's last step, the first test invoice in qualification, in both languages against the simulator:
/// skipped, followed again from the flow number a stopped run kept, a flow the platform rejects, a production
/// profile. Each transcript from the step on is compared with Golden/wizard-invoice-*.
@Suite struct WizardInvoiceTests {
    typealias Transcript = WizardGoldenTests.Transcript
    static let step = "first-invoice"

    static func word(_ command: String, _ language: Language) throws -> String {
        Strings(language: language)("wizard.command.\(command)")
    }

    /// What the terminal showed from the step's screen on (the steps before are in wizard-happy-*).
    static func fromTheStep(_ text: String, language: Language) throws -> String {
        let title = try #require(ChecklistLibrary.embedded.setupSteps.step(id: step)).title.text(language)
        // the step's screen: "Step 10 of 10 · <title>", after its separator line
        guard let range = text.range(of: " · " + title),
            let start = text[..<range.lowerBound].range(of: "\n", options: .backwards)
        else { return text }
        return String(text[start.upperBound...])
    }

    static func progress(_ transcript: Transcript) throws -> SetupProgress {
        try #require(try SetupProgressStore(paths: transcript.ctx.paths).load("acme"))
    }

    @Test(arguments: Language.allCases)
    func skippingTheTestInvoiceCompletesTheSetup(_ language: Language) async throws {
        try await withSimulator(.healthy, now: WizardGoldenTests.now) { simulator in
            let transcript = try Transcript(language: language)
            defer { transcript.home.remove() }
            let answers = WizardGoldenTests.answers(simulator.demoCredentials(), language: language)
            // help first: the step's own choice is explained with the commands
            let status = await transcript.walk(
                answers + [try Self.word("help", language), try Self.word("skip", language)])
            #expect(status == .ok)
            let send = Strings(language: language)("wizard.help.command.send")
            #expect(transcript.console.output.contains("  \(try Self.word("send", language)) · \(send.prefix(20))"))
            let progress = try Self.progress(transcript)
            #expect(progress.record(Self.step).status == .skipped)
            #expect(progress.record(Self.step).flow == nil)
            #expect(progress.isComplete(ChecklistLibrary.embedded.setupSteps))
            #expect(!transcript.console.output.contains("CPP0011117"), "nothing deposited")
            try Golden.endToEnd.check(
                try Self.fromTheStep(transcript.normalised, language: language),
                named: "wizard-invoice-skip-\(language.rawValue).txt")
        }
    }

    @Test(arguments: Language.allCases)
    func aStoppedFollowResumesWithTheSameFlow(_ language: Language) async throws {
        let transcript = try Transcript(language: language)
        defer { transcript.home.remove() }
        // The simulator's world moves with the wizard's own waits (its clock counts only them): the flow is where
        // the follow's polls say, however slowly the machine computes between them.
        let clock = transcript.ctx.clock
        try await withSimulator(.healthy, now: WizardGoldenTests.now, elapsed: { clock.elapsed() }) { simulator in
            // GIVEN a walk whose follow ran out of time before the flow was final
            let answers = WizardGoldenTests.answersSending(simulator.demoCredentials(), language: language)
            let first = await transcript.walk(answers, following: .milliseconds(400))
            #expect(first == .ok)
            let kept = try Self.progress(transcript).record(Self.step)
            #expect(kept.status == .waiting)
            let number = try #require(kept.flow, "the flow number is saved")
            #expect(!(try Self.progress(transcript).isComplete(ChecklistLibrary.embedded.setupSteps)))
            // `setup status` gives the flow number, on a line of its own
            let shown = transcript.console.output.count
            #expect(SetupFlow.status(transcript.ctx, profile: "acme") == .ok)
            let status = String(transcript.console.output.dropFirst(shown))
            let flowLine = Strings(language: language)("wizard.status.flow", ["number": number])
            #expect(status.contains("\n      " + flowLine + "\n"), "\(status)")
            // WHEN the wizard runs again (no answer needed)
            let before = transcript.normalised.count
            let second = await transcript.walk([])
            // THEN it follows that same flow to its integration, deposits nothing new, and the setup is complete
            #expect(second == .ok)
            let resumed = String(transcript.normalised.dropFirst(before))
            let deposited = Strings(language: language)(
                "invoice.send.deposited", ["number": "", "date": "", "file": ""])
            #expect(!resumed.contains(String(deposited.prefix(8))), "no second deposit")
            let done = try Self.progress(transcript)
            #expect(done.record(Self.step).status == .done)
            #expect(done.record(Self.step).flow == number)
            #expect(done.isComplete(ChecklistLibrary.embedded.setupSteps))
            try Golden.endToEnd.check(resumed, named: "wizard-invoice-resume-\(language.rawValue).txt")
        }
    }

    @Test(arguments: Language.allCases)
    func aRejectedFlowIsExplainedAndANewInvoiceOffered(_ language: Language) async throws {
        try await withSimulator(.healthy, now: WizardGoldenTests.now) { simulator in
            let transcript = try Transcript(language: language)
            defer { transcript.home.remove() }
            let answers = WizardGoldenTests.answers(simulator.demoCredentials(), language: language)
            #expect(await transcript.walk(answers + [try Self.word("quit", language)]) == .ok)
            // GIVEN a flow the platform rejects (a buyer requiring a service code, none given), kept by the wizard
            let file = transcript.home.url.appendingPathComponent("no-service.xml")
            var sample = InvoiceSampleFlow.Options()
            sample.profile = "acme"
            sample.to = "94628194600016"
            sample.offline = true
            sample.output = file.path
            #expect(await InvoiceSampleFlow.execute(transcript.ctx, options: sample) == .ok)
            var send = InvoiceSendFlow.Options(path: file.path)
            send.profile = "acme"
            send.analyze = false
            guard case .deposited(let deposited) = await InvoiceSendFlow.deposit(transcript.ctx, options: send) else {
                Issue.record("the deposit failed: \(transcript.console.output)")
                return
            }
            let store = SetupProgressStore(paths: transcript.ctx.paths)
            var progress = try Self.progress(transcript)
            progress.mark(Self.step, .pending, flow: deposited.number, now: WizardGoldenTests.now)
            try store.save(progress)
            // WHEN the wizard resumes, follows it, and the user skips after reading why
            let before = transcript.normalised.count
            let status = await transcript.walk([try Self.word("skip", language)])
            // THEN the rejection is shown with the platform's text and its explanation, and the flow is dropped
            #expect(status == .ok)
            let resumed = String(transcript.normalised.dropFirst(before))
            #expect(resumed.contains("IN_REJETE"))
            #expect(resumed.contains("Le code service est obligatoire"))
            #expect(resumed.contains("[rejection.service-code-missing]"))
            let retry = try Self.word("retry", language)
            #expect(resumed.contains("(\(retry), \(try Self.word("skip", language)))"), "a new invoice is offered")
            let record = try Self.progress(transcript).record(Self.step)
            #expect(record.status == .skipped && record.flow == nil)
            try Golden.endToEnd.check(resumed, named: "wizard-invoice-rejected-\(language.rawValue).txt")
        }
    }

    @Test(arguments: Language.allCases)
    func aProductionProfileNeverGetsTheTestInvoice(_ language: Language) async throws {
        let transcript = try Transcript(language: language)
        defer { transcript.home.remove() }
        // GIVEN a production profile whose every other step is through (no platform to reach: nothing may be sent)
        var document = ProfileDocument()
        document.environment = "production"
        document.siret = "73282932000074"
        try ProfileStore(paths: transcript.ctx.paths).save(document, as: "acme")
        var progress = SetupProgress(profile: "acme", now: WizardGoldenTests.now)
        for step in ChecklistLibrary.embedded.setupSteps.steps where step.id != Self.step {
            progress.mark(step.id, .done, probe: step.probe == .full ? "pass" : nil, now: WizardGoldenTests.now)
        }
        progress.environment = "production"
        try SetupProgressStore(paths: transcript.ctx.paths).save(progress)
        // WHEN the wizard resumes
        let status = await transcript.walk([])
        // THEN the step explains, is marked not applicable, and the setup is complete without a question asked
        #expect(status == .ok)
        let record = try Self.progress(transcript).record(Self.step)
        #expect(record.status == .skipped && record.probe == "not_applicable")
        #expect(!transcript.console.output.contains(try Self.word("send", language) + ","), "nothing offered")
        #expect(SetupFlow.status(transcript.ctx, profile: "acme") == .ok)
        let statusLine = transcript.console.output.split(separator: "\n").first { $0.contains("10. ") }
        let notApplicable = Strings(language: language)("wizard.status.not_applicable")
        #expect(statusLine?.hasSuffix(notApplicable) == true, "\(statusLine ?? "")")
        try Golden.endToEnd.check(transcript.normalised, named: "wizard-invoice-production-\(language.rawValue).txt")
    }
}
