import Foundation

/// `chorus-doctor flow status NUMERO` and `flow watch NUMERO`: a deposited flow's state from its detailed report,
/// explained, with each listed error explained by `checklists/explain.yaml`.
///
/// Exit status: 0 the flow is integrated or still moving; 1 it is rejected, partly integrated or in incident, unknown,
/// the call failed, or `watch` ran out of time; 2 a malformed number; 3 an unreadable profile.
public enum DepositStatusFlow {
    public struct Options: Sendable {
        public var profile: String
        public var number: String
        /// `syntaxeFlux` sent with the request, when the caller knows it.
        public var syntax: String?
        public var json: Bool
        public var verbose: Bool
        /// Limit of each HTTP call.
        public var requestTimeout: Duration
        public var caBundle: String?
        /// `watch` only: first pause between two polls, the longest pause, and the whole time allowed.
        public var interval: Duration
        public var maximumInterval: Duration
        public var timeout: Duration

        public init(
            profile: String, number: String, syntax: String? = nil, json: Bool = false, verbose: Bool = false,
            requestTimeout: Duration = .seconds(15), caBundle: String? = nil, interval: Duration = .seconds(5),
            maximumInterval: Duration = .seconds(60), timeout: Duration = .seconds(900)
        ) {
            self.profile = profile
            self.number = number
            self.syntax = syntax
            self.json = json
            self.verbose = verbose
            self.requestTimeout = requestTimeout
            self.caBundle = caBundle
            self.interval = interval
            self.maximumInterval = maximumInterval
            self.timeout = timeout
        }
    }

    /// One report of the flow's current state.
    public static func status(_ ctx: DoctorContext, options: Options) async -> ExitStatus {
        await run(ctx, options: options, watching: false)
    }

    /// Polls until the state stops moving, with growing pauses (×1.5, up to `maximumInterval`), honouring
    /// `Retry-After`, within `timeout`. A progress line is drawn only on a terminal.
    public static func watch(_ ctx: DoctorContext, options: Options) async -> ExitStatus {
        await run(ctx, options: options, watching: true)
    }

    static func run(_ ctx: DoctorContext, options: Options, watching: Bool) async -> ExitStatus {
        // Every `chorus-doctor …` command it prints (fixes, next steps) names the profile in use.
        let ctx = ctx.scoped(toProfile: options.profile)
        let number = options.number.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(number.count),
            number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-".contains($0)) })
        else {
            ctx.console.showError(ctx.strings("flow.bad_number", ["value": options.number]) + "\n")
            return .usage
        }
        let profile: ResolvedProfile
        do {
            profile = try CheckFlow.loadProfile(ctx, name: options.profile)
        } catch {
            ctx.console.showError(error.message + "\n")
            return error.status
        }
        let states = ctx.library.depositStates
        var report = DepositReport(
            profile: profile.name, environment: profile.environment.value.rawValue, numeroFluxDepot: number)
        let session: PlatformSession
        // A spinner on a terminal while the calls run (`flow watch` then draws its own line).
        let progress = ProgressIndicator(ctx, machineOutput: options.json)
        let strings = ctx.strings
        progress.begin { strings("flow.progress", ["number": number, "seconds": String($0)]) }
        switch await PlatformSession.open(
            ctx, profile: profile, timeout: options.requestTimeout, caBundle: options.caBundle)
        {
        case .failure(let unavailable):
            progress.end()
            if options.json {
                report.problem = CallProblem(
                    call: "session-\(unavailable.stage.rawValue)",
                    diagnosis: unavailable.result.diagnosis(in: ctx.strings))
                ctx.console.out(json(report) + "\n")
            } else {
                ctx.console.show(SessionText.unavailable(ctx, unavailable, profile: profile.name))
            }
            return .checkFailed
        case .success(let opened): session = opened
        }
        let reader = DepositReader(explainer: ctx.library.explainer, states: states, language: ctx.language)
        if watching {
            progress.end()
            report = await DepositWatch(ctx: ctx, options: options, reader: reader).run(report, session: session)
        } else {
            report.problem = await reader.read(&report, session: session, syntax: options.syntax)
            progress.end()
        }
        if options.verbose { report.exchanges = session.log.all }
        if options.json {
            ctx.console.out(json(report) + "\n")
        } else {
            ctx.console.show(DepositText(ctx: ctx).render(report))
        }
        return report.needsAttention ? .checkFailed : .ok
    }

    static func json(_ report: DepositReport) -> String {
        (try? CheckReport.encoder().encode(report)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
