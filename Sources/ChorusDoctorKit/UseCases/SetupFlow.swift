import Foundation

/// `chorus-doctor setup`: the guided setup, from the PISTE account to the first passing check, resumable.
public enum SetupFlow {
    public struct Options: Sendable {
        /// The profile to set up; nil asks for it (the setup in progress is proposed).
        public var profile: String?
        /// Per-request limit for the probes.
        public var timeout: Duration
        /// Install the Ctrl-C / SIGTERM / SIGHUP handler (the command does; tests do not).
        public var handleSignals: Bool
        /// How the first test invoice's flow is followed.
        public var following: Following
        /// `--non-interactive` only: send the first test invoice too (`--send-test-invoice`), to `testInvoiceTo`
        /// (`--to SIRET`) or the imported dataset's recipient without parameter.
        public var sendTestInvoice: Bool
        public var testInvoiceTo: String?

        public init(
            profile: String? = nil, timeout: Duration = .seconds(15), handleSignals: Bool = false,
            following: Following = Following(), sendTestInvoice: Bool = false, testInvoiceTo: String? = nil
        ) {
            self.profile = profile
            self.timeout = timeout
            self.handleSignals = handleSignals
            self.following = following
            self.sendTestInvoice = sendTestInvoice
            self.testInvoiceTo = testInvoiceTo
        }
    }

    /// How a deposited flow is followed: as `invoice send` does, first pause, longest pause, whole time allowed.
    public struct Following: Sendable {
        public var interval: Duration
        public var maximumInterval: Duration
        public var duration: Duration

        public init(
            interval: Duration = .seconds(2), maximumInterval: Duration = .seconds(60),
            duration: Duration = .seconds(900)
        ) {
            self.interval = interval
            self.maximumInterval = maximumInterval
            self.duration = duration
        }
    }

    /// Walks the steps with `reader`, saving after each one. Exit status: 0 done or quit, 1 the final check
    /// failed, 2 bad profile name, 3 corrupt profile file, 4 input ended, 130 interrupted.
    public static func execute(_ ctx: DoctorContext, reader: any LineReader, options: Options) async -> ExitStatus {
        let steps = ctx.library.setupSteps
        let style = TerminalStyle(enabled: ctx.console.colors && reader.isTerminal)
        var questions = Questioner(
            reader: reader, console: ctx.console, strings: ctx.strings,
            words: CommandWords(ctx.strings, library: ctx.library), style: style)
        questions.say(style.bold(ctx.strings("wizard.banner")))
        let name: String
        switch await chooseProfile(ctx, questions, steps: steps, given: options.profile) {
        case .chosen(let chosen): name = chosen
        case .stop(let status): return status
        }
        var ctx = ctx
        ctx.console = ProfileScopedConsole.scoped(ctx.console, profile: name, environment: ctx.environment)
        questions.console = ctx.console
        let session: SetupRun
        switch open(ctx, steps: steps, profile: name, questions: questions, timeout: options.timeout) {
        case .opened(let opened): session = opened
        case .stop(let status): return status
        }
        session.following = options.following
        var interruption: SetupInterruption?
        if options.handleSignals {
            let store = session.progressStore
            let live = session.live
            let console = ctx.console
            let message = ctx.strings("wizard.interrupted", session.resumeValues)
            let strings = ctx.strings
            let values = session.resumeValues
            interruption = SetupInterruption { _ in
                let progress = live.current
                try? store.save(progress)
                console.showError(message + "\n")
                // Stopped while following the test invoice: its flow number is kept, and said so.
                if let number = progress.steps.values.first(where: { $0.flow != nil && $0.status != .done })?.flow {
                    console.showError(
                        strings("wizard.invoice.interrupted", values.merging(["number": number]) { $1 }) + "\n")
                }
            }
            interruption?.install()
        }
        let status = await session.run()
        interruption?.uninstall()
        return status
    }

    enum ProfileChoice {
        case chosen(String)
        case stop(ExitStatus)
    }

    /// `--profile`, else asked, proposing the setup in progress changed last (or `default`).
    static func chooseProfile(
        _ ctx: DoctorContext, _ questions: Questioner, steps: SetupSteps, given: String?
    ) async -> ProfileChoice {
        if let given {
            switch FieldValidation.profileName(given) {
            case .success(let name): return .chosen(name)
            case .failure(let problem):
                ctx.console.showError(ctx.strings(problem.key, problem.values) + "\n")
                return .stop(.usage)
            }
        }
        let store = SetupProgressStore(paths: ctx.paths)
        let inProgress = store.all().first { !$0.isComplete(steps) }
        let proposed = inProgress?.profile ?? "default"
        let known = ProfileStore(paths: ctx.paths).list()
        let prompt = ctx.strings("wizard.prompt.profile", ["default": proposed])
        while true {
            switch await questions.ask(prompt, choices: known, allowed: [.help, .quit]) {
            case .value(let text):
                switch FieldValidation.profileName(text.isEmpty ? proposed : text) {
                case .success(let name):
                    questions.reader.remember(name)
                    return .chosen(name)
                case .failure(let problem): questions.problem(ctx.strings(problem.key, problem.values))
                }
            case .command(.help): questions.say(ctx.strings("wizard.help.profile"))
            case .command: return .stop(.ok)
            case .end:
                questions.say(ctx.strings("wizard.input_ended_early"))
                return .stop(.incomplete)
            }
        }
    }

    enum Opening {
        case opened(SetupRun)
        case stop(ExitStatus)
    }

    /// Loads the profile (a corrupt one stops everything) and the progress (a corrupt one is set aside, said so).
    static func open(
        _ ctx: DoctorContext, steps: SetupSteps, profile: String, questions: Questioner, timeout: Duration
    ) -> Opening {
        let document: ProfileDocument
        do {
            document = try ProfileStore(paths: ctx.paths).load(profile) ?? ProfileDocument()
        } catch {
            ctx.console.showError(ctx.strings("error.profile_corrupt", ["detail": ctx.strings.detail(error)]) + "\n")
            return .stop(.configFile)
        }
        let store = SetupProgressStore(paths: ctx.paths)
        let now = ctx.clock.now()
        var progress = SetupProgress(profile: profile, now: now)
        do {
            if let saved = try store.load(profile) {
                progress = saved
                let done = steps.steps.filter { [.done, .skipped].contains(saved.record($0.id).status) }.count
                questions.say(
                    ctx.strings(
                        "wizard.resuming",
                        [
                            "profile": profile, "done": String(done), "total": String(steps.steps.count),
                            "date": CalendarDay.format(saved.updatedAt),
                        ]))
            } else {
                questions.say(ctx.strings("wizard.fresh", ["profile": profile]))
            }
        } catch {
            guard let moved = try? store.setAside(profile, now: now) else {
                ctx.console.showError(
                    ctx.strings(
                        "wizard.progress_unmovable", ["path": error.path, "reason": error.reason.worded(ctx.strings)])
                        + "\n")
                return .stop(.configFile)
            }
            questions.say(
                questions.style.yellow(
                    ctx.strings(
                        "wizard.corrupt_progress",
                        ["path": error.path, "reason": error.reason.worded(ctx.strings), "moved": moved.path])))
        }
        let overriding = ProfileVariable.byKey.map(\.variable).filter { !(ctx.environment[$0] ?? "").isEmpty }
        if !overriding.isEmpty {
            questions.say(
                questions.style.yellow(
                    ctx.strings("wizard.env_override", ["variables": overriding.joined(separator: ", ")])))
        }
        let session = SetupRun(
            ctx: ctx, steps: steps, profile: profile, questions: questions, timeout: timeout, document: document,
            progress: progress)
        return .opened(session)
    }
}
