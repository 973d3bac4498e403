import Foundation

/// The human rendering of a flow report: state and its meaning, what to do, then each error explained.
struct DepositText {
    var ctx: DoctorContext

    func render(_ report: DepositReport) -> String {
        let style = ctx.style
        var lines = [
            style.bold(
                ctx.strings(
                    "flow.header",
                    [
                        "number": report.numeroFluxDepot, "profile": report.profile,
                        "environment": ctx.strings("environment.\(report.environment)"),
                    ]))
        ]
        if let problem = report.problem {
            lines += SessionText.problem(ctx, problem)
        } else if !report.found {
            lines.append(style.red(ctx.strings("flow.not_found", ["number": report.numeroFluxDepot])))
            lines += ["flow.not_found.step1", "flow.not_found.step2", "flow.not_found.step3"].enumerated().map {
                "  \($0.offset + 1). " + ctx.strings($0.element)
            }
        } else {
            lines += state(report)
            lines += errors(report.paymentRequestErrors, title: "flow.errors.payment_requests", technical: false)
            lines += errors(report.technicalErrors, title: "flow.errors.technical", technical: true)
        }
        if let watch = report.watch {
            let key = watch.timedOut ? "flow.watch.timed_out" : "flow.watch.done"
            lines.append(
                style.dim(
                    ctx.strings(
                        key, ["polls": String(watch.polls), "seconds": String(Int((watch.elapsedMs / 1000).rounded()))])
                ))
        }
        if let exchanges = report.exchanges {
            lines += exchanges.flatMap { ExchangeText.lines($0).map { "  " + style.dim($0) } }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func state(_ report: DepositReport) -> [String] {
        let style = ctx.style
        var details: [String] = []
        if let file = report.fileName { details.append(file) }
        if let deposited = report.depositedAt { details.append(ctx.strings("flow.deposited", ["date": deposited])) }
        var lines: [String] = []
        if !details.isEmpty { lines.append(style.dim("  " + details.joined(separator: " · "))) }
        let finality = ctx.strings(report.final ? "flow.final" : "flow.not_final")
        var stateLine = ctx.strings("flow.state", ["state": report.state ?? "?", "finality": finality])
        if let since = report.stateChangedAt {
            stateLine += " " + style.dim(ctx.strings("flow.since", ["date": since]))
        }
        switch report.outcome {
        case .integrated?: lines.append(style.green(stateLine))
        case .pending?, nil: lines.append(stateLine)
        case .partial?: lines.append(style.yellow(stateLine))
        case .rejected?, .incident?: lines.append(style.red(stateLine))
        }
        if let meaning = report.meaning { lines.append("  " + meaning) }
        if let action = report.action { lines.append(style.bold(ctx.strings("flow.action")) + " " + action) }
        return lines
    }

    func errors(_ errors: [DepositReport.ListedError], title: String, technical: Bool) -> [String] {
        guard !errors.isEmpty else { return [] }
        let renderer = CheckTextRenderer(strings: ctx.strings, style: ctx.style, verbose: false)
        var lines = ["", ctx.style.bold(ctx.strings(title, ["count": String(errors.count)]))]
        for (index, error) in errors.enumerated() {
            var subject: [String] = []
            if let invoice = error.invoice { subject.append(ctx.strings("flow.error.invoice", ["number": invoice])) }
            if let recipient = error.recipient {
                subject.append(ctx.strings("flow.error.recipient", ["siret": recipient]))
            }
            if let code = error.code { subject.append(code) }
            if let nature = error.nature { subject.append(nature) }
            lines.append("  \(index + 1). " + subject.joined(separator: " · "))
            lines.append("     « " + error.message + " »")
            if let explanation = error.explanation {
                lines += renderer.render(explanation).map { "     " + $0 }
            } else {
                lines.append(
                    "     "
                        + ctx.style.dim(
                            ctx.strings(technical ? "flow.error.unexplained_technical" : "flow.error.unexplained")))
            }
        }
        return lines
    }
}
