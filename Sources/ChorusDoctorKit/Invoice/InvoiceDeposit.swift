import ChorusTransport
import Foundation

extension InvoiceSendFlow {
    static let depositPath = "/cpro/factures/v1/deposer/flux"

    /// A file deposited: the flow number the platform gave, and what following it needs.
    public struct Deposited: Sendable {
        public let number: String
        public let syntax: InvoiceSyntax
        var report: Report
        let session: PlatformSession
    }

    /// How `deposit` ended: a flow to follow, or a stop (already reported) with its exit status.
    public enum Sending {
        case deposited(Deposited)
        case stopped(ExitStatus)
    }

    /// How following a flow ended: the exit status `invoice send` gives, and the flow as last read (nil when no
    /// session could be opened).
    public struct Followed: Sendable {
        public var status: ExitStatus
        public var flow: DepositReport?
    }

    /// The first half of `invoice send`: the analysis, the production guard, the deposit. Prints what `send` prints
    /// up to the flow number; with `--json`, a refusal's report (a deposit's report waits for `follow`).
    public static func deposit(_ ctx: DoctorContext, options: Options) async -> Sending {
        let ctx = ctx.scoped(toProfile: options.profile)
        do {
            return try await prepare(ctx, options)
        } catch {
            ctx.console.showError(error.message + "\n")
            return .stopped(error.status)
        }
    }

    /// The second half of `invoice send`: follows the flow as `flow watch` does until a final state, then prints
    /// the flow with each error explained (and the whole report with `--json`).
    public static func follow(_ ctx: DoctorContext, options: Options, _ deposited: Deposited) async -> Followed {
        let ctx = ctx.scoped(toProfile: options.profile)
        var report = deposited.report
        return await watch(
            ctx, options, &report, session: deposited.session, number: deposited.number, deposited.syntax)
    }

    /// Follows a flow deposited by an earlier run (the wizard resuming the next day): opens a session first.
    public static func follow(_ ctx: DoctorContext, options: Options, number: String, syntax: InvoiceSyntax) async
        -> Followed
    {
        let ctx = ctx.scoped(toProfile: options.profile)
        let profile: ResolvedProfile
        do {
            profile = try CheckFlow.loadProfile(ctx, name: options.profile)
        } catch {
            ctx.console.showError(error.message + "\n")
            return Followed(status: error.status, flow: nil)
        }
        switch await PlatformSession.open(
            ctx, profile: profile, timeout: options.requestTimeout, caBundle: options.caBundle)
        {
        case .failure(let unavailable):
            ctx.console.show(SessionText.unavailable(ctx, unavailable, profile: profile.name))
            return Followed(status: .checkFailed, flow: nil)
        case .success(let session):
            var report = Report(
                file: options.path, syntax: syntax, profile: profile.name,
                environment: profile.environment.value.rawValue)
            return await watch(ctx, options, &report, session: session, number: number, syntax)
        }
    }

    /// Posts the file; on success prints the flow number and returns it, else prints the refusal explained.
    static func post(
        _ ctx: DoctorContext, _ options: Options, _ report: inout Report, session: PlatformSession, data: Data,
        name: String, _ syntax: InvoiceSyntax
    ) async -> String? {
        let body: [String: Any] = [
            "fichierFlux": data.base64EncodedString(), "nomFichier": name, "syntaxeFlux": syntax.rawValue,
            "avecSignature": false,
        ]
        let strings = ctx.strings
        let reply = await ProgressIndicator(ctx, machineOutput: options.json).during({
            strings("invoice.send.progress.deposit", ["file": name, "seconds": String($0)])
        }) { await session.post(depositPath, body, stage: .account, label: "deposit") }
        guard let object = reply.document, let number = object["numeroFluxDepot"] as? String, !number.isEmpty
        else {
            report.problem = CallProblem(
                reply, call: "deposit", api: "factures", explainer: ctx.library.explainer,
                language: ctx.language)
            if options.json {
                ctx.console.out(json(report) + "\n")
            } else {
                var lines = [ctx.style.red(ctx.strings("invoice.send.refused", ["file": name]))]
                lines += SessionText.problem(ctx, report.problem!)
                ctx.console.show(lines.joined(separator: "\n") + "\n")
            }
            return nil
        }
        report.deposit = Deposit(
            numeroFluxDepot: number, dateDepot: object["dateDepot"] as? String, codeRetour: 0,
            libelle: object["libelle"] as? String)
        if !options.json {
            ctx.console.show(
                ctx.style.bold(
                    ctx.strings(
                        "invoice.send.deposited",
                        ["number": number, "date": object["dateDepot"] as? String ?? "?", "file": name]))
                    + "\n")
        }
        return number
    }

    /// Follows the flow until a final state (or the time allowed runs out), then prints it.
    static func watch(
        _ ctx: DoctorContext, _ options: Options, _ report: inout Report, session: PlatformSession, number: String,
        _ syntax: InvoiceSyntax
    ) async -> Followed {
        let states = ctx.library.depositStates
        let watchOptions = DepositStatusFlow.Options(
            profile: options.profile, number: number, syntax: syntax.rawValue, json: options.json,
            verbose: options.verbose, requestTimeout: options.requestTimeout, caBundle: options.caBundle,
            interval: options.interval, maximumInterval: options.maximumInterval, timeout: options.timeout)
        let reader = DepositReader(explainer: ctx.library.explainer, states: states, language: ctx.language)
        var flow = DepositReport(
            profile: report.profile, environment: report.environment, numeroFluxDepot: number)
        flow = await DepositWatch(ctx: ctx, options: watchOptions, reader: reader).run(flow, session: session)
        if options.verbose { flow.exchanges = session.log.all }
        report.flow = flow
        if options.json {
            ctx.console.out(json(report) + "\n")
        } else {
            ctx.console.show(DepositText(ctx: ctx).render(flow))
            if flow.outcome == .integrated {
                ctx.console.show(ctx.style.green(ctx.strings("invoice.send.integrated", ["number": number])) + "\n")
            }
        }
        let status: ExitStatus = flow.needsAttention || flow.outcome != .integrated ? .checkFailed : .ok
        return Followed(status: status, flow: flow)
    }
}
