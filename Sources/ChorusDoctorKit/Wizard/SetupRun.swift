import Foundation
import Synchronization

/// How a step ended, for the loop that walks the steps.
enum StepOutcome: Equatable {
    case next, back, quit
    /// End of input.
    case end
    /// Something outside the user's answers failed (already reported): stop with this status, saving nothing more.
    case stop(ExitStatus)
}

/// One run of the wizard for one profile: the profile document being filled, the progress, the loop over steps.
///
/// Values go into the profile document as they are accepted; the profile (0600) and the progress (no secrets) are
/// written at the end of every step, whatever way it ended. `live` mirrors the progress for the Ctrl-C handler.
final class SetupRun {
    let ctx: DoctorContext
    let steps: SetupSteps
    let profile: String
    let questions: Questioner
    let screen: SetupScreen
    let timeout: Duration
    let progressStore: SetupProgressStore
    let profileStore: ProfileStore
    let live: LatestProgress
    var document: ProfileDocument
    private var savedDocument: ProfileDocument
    var progress: SetupProgress { didSet { live.set(progress) } }
    /// The last full check's verdict in this run; nil when it did not run.
    var lastCheckPassed: Bool?
    /// How the first test invoice's flow is followed (first pause, longest pause, whole time allowed).
    var following = SetupFlow.Following()

    init(
        ctx: DoctorContext, steps: SetupSteps, profile: String, questions: Questioner, timeout: Duration,
        document: ProfileDocument, progress: SetupProgress
    ) {
        self.ctx = ctx
        self.steps = steps
        self.profile = profile
        self.questions = questions
        self.screen = SetupScreen(
            strings: ctx.strings, style: questions.style, decorated: questions.reader.isTerminal,
            width: ctx.console.width)
        self.timeout = timeout
        self.progressStore = SetupProgressStore(paths: ctx.paths)
        self.profileStore = ProfileStore(paths: ctx.paths)
        self.document = document
        self.savedDocument = document
        self.progress = progress
        self.live = LatestProgress(progress)
    }

    var strings: Strings { ctx.strings }
    var style: TerminalStyle { questions.style }
    var now: Date { ctx.clock.now() }
    var environment: PlatformEnvironment? { document.environment.flatMap(PlatformEnvironment.init(userInput:)) }

    /// Non-secret answers known so far: the profile's, else those kept in the progress.
    var answers: [String: String] {
        var known = progress.answers
        for key in ProfileDocument.keys where !ProfileDocument.secretKeys.contains(key) {
            if let value = document[key] { known[key] = value }
        }
        return known
    }

    // MARK: - The loop over steps

    func run() async -> ExitStatus {
        var index = startIndex()
        while index < steps.steps.count {
            let outcome = await walk(steps.steps[index])
            if case .stop(let status) = outcome { return status }
            if let failure = checkpoint() { return failure }
            switch outcome {
            case .next: index += 1
            case .back: index = max(0, index - 1)
            case .quit:
                questions.say(strings("wizard.saved_quit", resumeValues))
                return .ok
            case .end:
                questions.say(strings("wizard.input_ended", resumeValues))
                return .incomplete
            case .stop(let status): return status
            }
        }
        return finish()
    }

    var resumeValues: [String: String] {
        ["profile": profile, "path": progressStore.file(profile).path]
    }

    /// The first step not done or skipped (a waiting step is asked about again); the final check when all are.
    func startIndex() -> Int {
        if let index = steps.steps.firstIndex(where: { ![.done, .skipped].contains(progress.record($0.id).status) }) {
            return index
        }
        questions.say(strings("wizard.complete_already", ["profile": profile]))
        return steps.steps.lastIndex { $0.probe == .full } ?? steps.steps.count - 1
    }

    /// Shows a step, asks its questions, runs its probe.
    func walk(_ step: SetupStep, showScreen: Bool = true) async -> StepOutcome {
        if showScreen { showStep(step) }
        if step.action == .firstInvoice { return await firstInvoice(step) }
        let fields = step.fields ?? []
        if fields.isEmpty && step.probe == nil { return await confirm(step) }
        var index = 0
        while index < fields.count {
            switch await ask(fields[index], in: step) {
            case .value(let value):
                apply(fields[index], value)
                index += 1
            case .keep: index += 1
            case .command(.back):
                if index == 0 { return .back }
                index -= 1
            case .command(.skip): return skip(step)
            case .command(.wait): return await wait(step)
            case .command(.quit): return .quit
            case .command: continue
            case .end: return .end
            }
        }
        if step.recap == true {
            questions.say(screen.recap(document, steps: steps, environment: environment ?? .sandbox, profile: profile))
        }
        guard let kind = step.probe else {
            mark(step, .done)
            return .next
        }
        return await verify(step, kind)
    }

    func showStep(_ step: SetupStep) {
        ctx.console.show(screen.step(step, of: steps, environment: environment, answers: answers))
        let record = progress.record(step.id)
        if record.status == .waiting, let note = record.note {
            let since = record.since.map(CalendarDay.format) ?? "?"
            questions.say(style.yellow(strings("wizard.waiting_since", ["note": note, "since": since])))
        }
        guard questions.reader.isTerminal else { return }
        let words = questions.words.words(commands(for: step)).joined(separator: ", ")
        questions.say(style.dim(strings("wizard.commands", ["commands": words])))
    }

    /// A step without questions: has it been done on the portal?
    func confirm(_ step: SetupStep) async -> StepOutcome {
        let choices: [WizardCommand] = step.mayWait ? [.done, .wait, .skip] : [.done, .skip]
        let reply = await questions.choose(
            "wizard.prompt.confirm", choices: choices, defaultChoice: .done, allowed: [.back, .help, .quit],
            help: { showHelp(step, field: nil) })
        switch reply {
        case .command(.done):
            mark(step, .done)
            return .next
        case .command(.wait): return await wait(step)
        case .command(.skip): return skip(step)
        case .command(.back): return .back
        case .command(.quit): return .quit
        default: return .end
        }
    }

    func skip(_ step: SetupStep) -> StepOutcome {
        mark(step, .skipped, flow: progress.record(step.id).flow)
        questions.say(style.yellow(strings("wizard.skipped", ["number": String(step.number)])))
        return .next
    }

    /// Marks the step as waiting on something outside, with a note proposed from the step's data.
    func wait(_ step: SetupStep) async -> StepOutcome {
        let today = CalendarDay.format(now)
        let proposed = (step.waiting?.text(strings.language) ?? strings("wizard.waiting.default_note"))
            .replacingOccurrences(of: "{date}", with: today)
        switch await questions.ask(
            strings("wizard.prompt.waiting_note", ["default": proposed]), allowed: [.back, .quit])
        {
        case .value(let text):
            let note = text.isEmpty ? proposed : text
            mark(step, .waiting, note: note, flow: progress.record(step.id).flow)
            questions.say(style.yellow(strings("wizard.waiting", ["number": String(step.number), "note": note])))
            return .next
        case .command(.back): return await walk(step)
        case .command: return .quit
        case .end: return .end
        }
    }

    func showHelp(_ step: SetupStep, field: SetupField?) {
        let text = step.help?.text(strings.language) ?? strings("wizard.help.none")
        questions.say(TextWrap.wrap(text, width: screen.width, first: "", rest: "").joined(separator: "\n"))
        if let help = field?.help?.text(strings.language) { questions.say(help) }
        // The first-invoice step's own choice is explained too.
        for command in (step.action == .firstInvoice ? [.send] : []) + commands(for: step) {
            questions.say(
                "  " + questions.words.word(command) + " · " + strings("wizard.help.command.\(command.rawValue)"))
        }
    }

    /// The commands every question of `step` accepts: `wait` only where the step may wait on something outside.
    func commands(for step: SetupStep) -> [WizardCommand] {
        step.mayWait ? [.back, .skip, .wait, .help, .quit] : Questioner.everywhere
    }

    func mark(
        _ step: SetupStep, _ status: StepStatus, note: String? = nil, probe: String? = nil, flow: String? = nil
    ) {
        progress.mark(step.id, status, note: note, probe: probe, flow: flow, now: now)
    }

    // MARK: - Saving

    /// Writes the profile if it changed (0600, refusing to replace a corrupt file) and the progress.
    func checkpoint() -> ExitStatus? {
        if document != savedDocument {
            do {
                try profileStore.save(document, as: profile)
                savedDocument = document
                questions.say(
                    style.dim(
                        strings(
                            "wizard.saved_profile", ["profile": profile, "path": ctx.paths.profileFile(profile).path])))
            } catch let error as ProfileFileError {
                ctx.console.showError(strings("error.profile_corrupt", ["detail": strings.detail(error)]) + "\n")
                return .configFile
            } catch {
                ctx.console.showError(strings("error.state_write", ["detail": "\(error)"]) + "\n")
                return .failure
            }
        }
        progress.remember(document)
        progress.environment = document.environment
        do {
            try progressStore.save(progress)
        } catch {
            ctx.console.showError(strings("error.state_write", ["detail": "\(error)"]) + "\n")
        }
        questions.reader.persist()
        return nil
    }

    /// The end: equivalent commands, what to do next, and the exit status of the last full check.
    func finish() -> ExitStatus {
        questions.say("")
        questions.say(screen.recap(document, steps: steps, environment: environment ?? .sandbox, profile: profile))
        questions.say(screen.equivalentCommands(document, profile: profile))
        let values = ["profile": profile, "expiry": document.technicalPasswordExpiry ?? "?"]
        // A run that only followed the test invoice did not check again: the check recorded earlier stands.
        let passed = lastCheckPassed ?? (progress.record(fullCheckStep?.id ?? "").probe == "pass" ? true : nil)
        switch passed {
        case true? where !invoiceSettled:
            questions.say(style.yellow(strings("wizard.final.pass_invoice_pending", values)))
        case true?: questions.say(style.green(strings("wizard.final.pass", values)))
        case false?: questions.say(style.red(strings("wizard.final.fail", values)))
        case nil: questions.say(strings("wizard.final.unchecked", values))
        }
        return lastCheckPassed == false ? .checkFailed : .ok
    }

    /// The first-invoice step is done or skipped (or there is none).
    var invoiceSettled: Bool {
        steps.steps.filter { $0.action == .firstInvoice }.allSatisfy {
            [.done, .skipped].contains(progress.record($0.id).status)
        }
    }
}

/// The progress as it stands, readable from the signal handler's thread.
final class LatestProgress: Sendable {
    private let value: Mutex<SetupProgress>

    init(_ progress: SetupProgress) { value = Mutex(progress) }

    func set(_ progress: SetupProgress) { value.withLock { $0 = progress } }

    var current: SetupProgress { value.withLock { $0 } }
}
