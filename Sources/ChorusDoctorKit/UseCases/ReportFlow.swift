import ChorusTransport
import Foundation

/// Everything `report` and `bundle` are made from: the profile's kept runs, the profile itself when it can be
/// read, the wizard's checklist, the rule book.
public struct ReportMaterial: Sendable {
    /// The profile's kept runs, at least one.
    public var history: RunHistory
    /// Nil when the runs come from `demo` or environment variables alone, or the file does not read.
    public var profile: ResolvedProfile?
    public var checklist: [SetupChecklistState.Step]?
    public var rules: RuleBook

    public init(history: RunHistory, profile: ResolvedProfile?, checklist: [SetupChecklistState.Step]?, rules: RuleBook)
    {
        self.history = history
        self.profile = profile
        self.checklist = checklist
        self.rules = rules
    }

    /// The run reported on.
    public var latest: CheckReport { history.latest! }

    /// Masks the profile's identifiers (and identifier-shaped values) everywhere but in the support ticket.
    public var identifiers: IdentifierMask { IdentifierMask(profile: profile) }

    /// The identifiers the support ticket shows whole.
    public var identity: TicketIdentity { TicketIdentity.of(profile, run: latest) }
}

/// `chorus-doctor report`: a ticket-ready report of the latest check of a profile.
public enum ReportFlow {
    /// What `report` was asked for.
    public struct Options: Sendable {
        public var profile: String
        public var format: ReportFormat
        /// The ticket draft's language (French by default: Chorus Pro support works in French).
        public var ticketLanguage: Language
        /// Run `check` first (and keep the run), then report on it.
        public var runFirst: Bool
        public var timeout: Duration
        /// The machine described in the report; nil reads this one (tests pass a fixed one).
        public var system: SystemSnapshot?

        public init(
            profile: String = "default", format: ReportFormat = .markdown, ticketLanguage: Language = .fr,
            runFirst: Bool = false, timeout: Duration = .seconds(15), system: SystemSnapshot? = nil
        ) {
            self.profile = profile
            self.format = format
            self.ticketLanguage = ticketLanguage
            self.runFirst = runFirst
            self.timeout = timeout
            self.system = system
        }
    }

    /// Why there is nothing to report on, already worded for the user.
    public struct Unavailable: Error, Sendable {
        public var message: String
        public var status: ExitStatus
    }

    /// Prints the report of the profile's latest run; 3 when there is none yet (the message says to run `check`).
    public static func execute(_ ctx: DoctorContext, options: Options) async -> ExitStatus {
        let material: ReportMaterial
        let report: SupportReport
        do {
            material = try await gather(
                ctx, profile: options.profile, runFirst: options.runFirst, timeout: options.timeout,
                machineOutput: options.format == .json)
            report = try build(ctx, material, ticketLanguage: options.ticketLanguage, system: options.system)
        } catch {
            ctx.console.showError(error.message + "\n")
            return error.status
        }
        var ctx = ctx
        ctx.console = ProfileScopedConsole.scoped(ctx.console, profile: options.profile, environment: ctx.environment)
        // Every value of the report but the ticket's was masked as it was built; the ticket shows identifiers. The
        // sink's pass is the only one: the console writes its `RedactedText` without redacting it again.
        let sink = RedactingSink(redactor: ctx.redactor, identifiers: material.identifiers)
        let text = sink.text(options.format.render(report, strings: ctx.strings), policy: .showingIdentifiers)
        if options.format == .json { ctx.console.out(text) } else { ctx.console.show(text) }
        return .ok
    }

    /// Loads (or first makes, with `runFirst`) the runs of a profile and what goes with them. While `runFirst`
    /// checks, a stage that takes a while shows a spinner on a terminal, unless the output is for a program
    /// (`machineOutput`).
    public static func gather(
        _ ctx: DoctorContext, profile name: String, runFirst: Bool, timeout: Duration, machineOutput: Bool = false
    ) async throws(Unavailable) -> ReportMaterial {
        let rules = ctx.library.rules
        var profile: ResolvedProfile?
        do {
            profile = try CheckFlow.loadProfile(ctx, name: name)
        } catch {
            if runFirst || error.status == .usage { throw Unavailable(message: error.message, status: error.status) }
            if ProfileStore(paths: ctx.paths).exists(name) {
                ctx.console.showError(ctx.strings("report.note.profile_unreadable", ["detail": error.message]) + "\n")
            }
        }
        if let profile { RedactedProfile.teach(ctx.redactor, profile) }
        if runFirst, let profile {
            ctx.console.showError(ctx.strings("report.running", ["profile": name]) + "\n")
            let options = CheckFlow.Options(profile: name, timeout: timeout)
            let progress = ProgressIndicator(ctx, machineOutput: machineOutput)
            defer { progress.end() }
            var report: CheckReport?
            for await event in CheckFlow.engine(ctx, profile: profile, options: options).run(.check) {
                switch event {
                case .started(let id): CheckFlow.begin(progress, id, ctx.strings)
                case .finished: progress.end()
                case .completed(let outcome): report = outcome.report
                }
            }
            if let report { CheckFlow.persist(ctx, report) }
        }
        let store = RunStore(paths: ctx.paths, redactor: ctx.redactor)
        let files = store.files(profile: name)
        guard !files.isEmpty else {
            throw Unavailable(message: ctx.strings("report.error.no_run", ["profile": name]), status: .configFile)
        }
        var runs: [CheckReport] = []
        for file in files {
            do {
                runs.append(try store.load(file))
            } catch {
                // A corrupt run is named and left out; the other runs are reported on.
                ctx.console.showError(ctx.strings("report.note.run_unreadable", ["path": file.path]) + "\n")
            }
        }
        let history = RunHistory(runs: runs)
        guard history.latest != nil else {
            throw Unavailable(
                message: ctx.strings("report.error.runs_unreadable", ["path": ctx.paths.runs(profile: name).path]),
                status: .configFile)
        }
        return ReportMaterial(
            history: history, profile: profile,
            checklist: SetupChecklistState.load(
                paths: ctx.paths, profile: name, library: ctx.library, language: ctx.language),
            rules: rules)
    }

    /// The report of `material`, in the context's language, with the ticket draft in `ticketLanguage`.
    public static func build(
        _ ctx: DoctorContext, _ material: ReportMaterial, ticketLanguage: Language, system: SystemSnapshot?
    ) throws(Unavailable) -> SupportReport {
        let ticketStrings =
            ticketLanguage == ctx.language ? ctx.strings : Strings(language: ticketLanguage, library: ctx.library)
        let builder = SupportReportBuilder(
            strings: ctx.strings, ticketStrings: ticketStrings, rules: material.rules, redactor: ctx.redactor,
            identifiers: material.identifiers, identity: material.identity,
            system: system
                ?? SystemSnapshot.current(environment: ctx.environment, caBundle: material.profile?.caBundle?.value),
            now: ctx.clock.now())
        return builder.build(history: material.history, checklist: material.checklist)
    }
}
