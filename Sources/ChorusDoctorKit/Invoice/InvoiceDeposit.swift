import ChorusTransport
import Foundation

extension InvoiceSendFlow {
    static let depositPath = "/cpro/factures/v1/deposer/flux"

    /// Deposits the file, then follows the flow until a final state (or the time allowed runs out).
    static func deposit(
        _ ctx: DoctorContext, _ options: Options, _ report: inout Report, session: PlatformSession, data: Data,
        name: String, _ syntax: InvoiceSyntax
    ) async -> ExitStatus {
        let body: [String: Any] = [
            "fichierFlux": data.base64EncodedString(), "nomFichier": name, "syntaxeFlux": syntax.rawValue,
            "avecSignature": false,
        ]
        let strings = ctx.strings
        let outcome = await ProgressIndicator(ctx, machineOutput: options.json).during({
            strings("invoice.send.progress.deposit", ["file": name, "seconds": String($0)])
        }) { await session.post(depositPath, body, stage: .account, label: "deposit") }
        let explainer = try? Explainer(library: ctx.library)
        let answer = ChorusAnswer(outcome)
        guard case .document(let object) = answer, let number = object["numeroFluxDepot"] as? String,
            !number.isEmpty
        else {
            report.problem = CallProblem(
                outcome, call: "deposit", api: "factures", explainer: explainer, language: ctx.language)
            if options.json {
                ctx.console.out(json(report) + "\n")
            } else {
                var lines = [ctx.style.red(ctx.strings("invoice.send.refused", ["file": name]))]
                lines += SessionText.problem(ctx, report.problem!)
                ctx.console.show(lines.joined(separator: "\n") + "\n")
            }
            return .checkFailed
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
        guard let states = try? FlowStates(library: ctx.library) else {
            ctx.console.showError(ctx.strings("error.checklists", ["detail": FlowStates.file]) + "\n")
            return .failure
        }
        let watchOptions = FlowStatusFlow.Options(
            profile: options.profile, number: number, syntax: syntax.rawValue, json: options.json,
            verbose: options.verbose, requestTimeout: options.requestTimeout, caBundle: options.caBundle,
            interval: options.interval, maximumInterval: options.maximumInterval, timeout: options.timeout)
        let reader = FlowReader(explainer: explainer, states: states, language: ctx.language)
        var flow = FlowReport(
            profile: report.profile, environment: report.environment, numeroFluxDepot: number)
        flow = await FlowWatch(ctx: ctx, options: watchOptions, reader: reader).run(flow, session: session)
        if options.verbose { flow.exchanges = session.log.all }
        report.flow = flow
        if options.json {
            ctx.console.out(json(report) + "\n")
        } else {
            ctx.console.show(FlowText(ctx: ctx).render(flow))
            if flow.outcome == .integrated {
                ctx.console.show(ctx.style.green(ctx.strings("invoice.send.integrated", ["number": number])) + "\n")
            }
        }
        return flow.needsAttention || flow.outcome != .integrated ? .checkFailed : .ok
    }
}
