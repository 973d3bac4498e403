import ChorusTransport
import Foundation

/// `chorus-doctor check`: resolve the profile, run the stages, print, keep the result.
public enum CheckFlow {
    public struct Options: Sendable {
        public var profile: String
        public var json: Bool
        public var verbose: Bool
        public var timeout: Duration
        public var caBundle: String?
        public var save: Bool
        /// How long a stage runs before its spinner appears (on a terminal).
        public var progressDelay = ProgressIndicator.delay

        public init(
            profile: String, json: Bool = false, verbose: Bool = false, timeout: Duration = .seconds(15),
            caBundle: String? = nil, save: Bool = true
        ) {
            self.profile = profile
            self.json = json
            self.verbose = verbose
            self.timeout = timeout
            self.caBundle = caBundle
            self.save = save
        }
    }

    /// Why a profile could not be had, already worded for the user.
    public struct ProfileUnavailable: Error, Sendable {
        public var message: String
        public var status: ExitStatus
    }

    /// The profile from its file and the environment. With no file, the `CHORUS_*` variables alone may do.
    public static func loadProfile(_ ctx: DoctorContext, name: String) throws(ProfileUnavailable) -> ResolvedProfile {
        if case .failure(let problem) = FieldValidation.profileName(name) {
            throw ProfileUnavailable(message: ctx.strings(problem.key, problem.values), status: .usage)
        }
        let store = ProfileStore(paths: ctx.paths)
        let document: ProfileDocument?
        do {
            document = try store.load(name)
        } catch {
            throw ProfileUnavailable(
                message: ctx.strings("error.profile_corrupt", ["detail": ctx.strings.detail(error)]),
                status: .configFile)
        }
        let fromEnvironment = ProfileVariable.byKey.contains { !(ctx.environment[$0.variable] ?? "").isEmpty }
        if document == nil && !fromEnvironment {
            let path = ctx.paths.profileFile(name).path
            let others = store.list().filter { $0 != name }
            let message =
                others.isEmpty
                ? ctx.strings("error.profile_missing", ["profile": name, "path": path])
                : ctx.strings(
                    "error.profile_missing_others",
                    ["profile": name, "path": path, "profiles": others.joined(separator: ", "), "first": others[0]])
            throw ProfileUnavailable(message: message, status: .configFile)
        }
        let resolver = ProfileResolver(environment: ctx.environment)
        return resolver.resolve(
            name: name, document: document, filePath: document == nil ? nil : ctx.paths.profileFile(name).path)
    }

    /// The engine that runs the stages against a resolved profile, with the context's seams.
    public static func engine(_ ctx: DoctorContext, profile: ResolvedProfile, options: Options) -> StageEngine {
        let transport = ctx.makeTransport(TransportOptions(caBundlePath: options.caBundle ?? profile.caBundle?.value))
        return StageEngine(
            profile: profile, transport: transport, rules: ctx.library.rules, strings: ctx.strings, clock: ctx.clock,
            environment: ctx.environment, redactor: ctx.redactor, timeout: options.timeout)
    }

    /// Runs the stages against a resolved profile, showing nothing (also used by `demo`, `setup` and
    /// `check --all`).
    public static func run(_ ctx: DoctorContext, profile: ResolvedProfile, options: Options) async -> CheckReport {
        await engine(ctx, profile: profile, options: options).run()
    }

    /// Runs and prints: in human mode each stage appears as soon as it ends; JSON comes whole at the end.
    public static func runShowingProgress(
        _ ctx: DoctorContext, profile: ResolvedProfile, options: Options
    ) async -> CheckReport {
        guard !options.json else {
            let report = await run(ctx, profile: profile, options: options)
            print(ctx, report, options: options)
            return report
        }
        let renderer = CheckTextRenderer(strings: ctx.strings, style: ctx.style, verbose: options.verbose)
        ctx.console.show(
            renderer.header(
                profile: profile.name, environment: profile.environment.value.rawValue,
                tokenHost: URL(string: profile.tokenURL.value)?.host,
                apiHost: URL(string: profile.apiBaseURL.value)?.host))
        // A stage that takes more than half a second shows a spinner and its time (terminal only).
        let progress = ProgressIndicator(ctx, machineOutput: false, delay: options.progressDelay)
        var report: CheckReport?
        for await event in engine(ctx, profile: profile, options: options).run(.check) {
            switch event {
            case .started(let id): begin(progress, id, ctx.strings)
            case .finished(let stage, let exchanges):
                progress.end()
                ctx.console.show(renderer.stage(stage, exchanges: exchanges))
            case .completed(let outcome): report = outcome.report
            }
        }
        ctx.console.show(renderer.footer(report!))
        return report!
    }

    /// The spinner of a stage that takes a while: its name and the seconds so far.
    static func begin(_ progress: ProgressIndicator, _ id: StageID, _ strings: Strings) {
        progress.begin { strings("check.progress", ["stage": strings.stageName(id.rawValue), "seconds": String($0)]) }
    }

    /// Prints a report in the chosen form.
    public static func print(_ ctx: DoctorContext, _ report: CheckReport, options: Options) {
        if options.json {
            var shown = report.worded(ctx.strings)
            if !options.verbose { shown.exchanges = [] }
            let data = (try? CheckReport.encoder().encode(shown)) ?? Data("{}".utf8)
            ctx.console.out(String(decoding: data, as: UTF8.self) + "\n")
        } else {
            let renderer = CheckTextRenderer(strings: ctx.strings, style: ctx.style, verbose: options.verbose)
            ctx.console.show(renderer.render(report))
        }
    }

    public static func execute(_ ctx: DoctorContext, options: Options) async -> ExitStatus {
        let profile: ResolvedProfile
        do {
            profile = try loadProfile(ctx, name: options.profile)
        } catch {
            ctx.console.showError(error.message + "\n")
            return error.status
        }
        let report = await runShowingProgress(ctx, profile: profile, options: options)
        if options.save {
            persist(ctx, report)
            for notice in PlatformData.adopt(ctx, profile: profile, report: report) {
                ctx.console.showError(notice + "\n")
            }
        }
        return report.passed ? .ok : .checkFailed
    }

    /// Keeps the run in the state directory; a failure to write is reported, not fatal.
    public static func persist(_ ctx: DoctorContext, _ report: CheckReport) {
        do {
            try RunStore(paths: ctx.paths, redactor: ctx.redactor).save(report)
        } catch {
            ctx.console.showError(ctx.strings("error.state_write", ["detail": "\(error)"]) + "\n")
        }
    }
}
