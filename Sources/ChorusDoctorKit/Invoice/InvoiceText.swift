import Foundation

/// The human rendering of `invoice analyze`, `sample` and `send`.
struct InvoiceText {
    var ctx: DoctorContext

    /// `next`: a clean file ends with the command that sends it; off where the file is being sent already
    /// (`invoice send`, the wizard's first invoice).
    func analysis(_ report: InvoiceAnalysisReport, next: Bool = true) -> String {
        let style = ctx.style
        let none = ctx.strings("invoice.none")
        var lines = [
            style.bold(
                ctx.strings(
                    "invoice.analyze.header",
                    [
                        "file": report.fileName, "syntax": report.syntax?.rawValue ?? "?",
                        "number": report.fields?.number ?? none,
                    ]))
        ]
        if let fields = report.fields {
            lines.append(
                "  "
                    + ctx.strings(
                        "invoice.analyze.parties",
                        [
                            "supplier": fields.supplierSiret ?? none, "buyer": fields.buyerSiret ?? none,
                            "service": fields.serviceCode ?? none, "ej": fields.commitmentNumber ?? none,
                        ]))
        }
        if report.platformChecked, let profile = report.profile {
            let environment = ctx.strings("environment.\(report.environment ?? "sandbox")")
            lines.append(
                style.dim(ctx.strings("invoice.analyze.platform", ["profile": profile, "environment": environment])))
        } else if report.problem == nil, report.fields != nil {
            lines.append(style.dim(ctx.strings("invoice.analyze.offline")))
        }
        lines += findings(report.findings)
        if let problem = report.problem {
            lines.append("")
            lines += SessionText.problem(ctx, problem)
            lines.append(ctx.strings("invoice.analyze.problem"))
        }
        lines.append("")
        let errors = report.findings.filter { $0.severity == .error }.count
        switch report.verdict {
        case .clean:
            let key = next ? "invoice.analyze.clean" : "invoice.analyze.clean_sending"
            lines.append(style.green(ctx.strings(key, ["file": report.file])))
        case .warnings:
            lines.append(
                style.yellow(ctx.strings("invoice.analyze.warnings", ["count": String(report.findings.count)])))
        case .findings: lines.append(style.red(ctx.strings("invoice.analyze.findings", ["count": String(errors)])))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func findings(_ findings: [InvoiceFinding]) -> [String] {
        let renderer = CheckTextRenderer(strings: ctx.strings, style: ctx.style, verbose: false)
        var lines: [String] = []
        for (index, finding) in findings.enumerated() {
            let tag = ctx.strings(finding.severity == .error ? "invoice.finding.error" : "invoice.finding.warning")
            let painted = finding.severity == .error ? ctx.style.red(tag) : ctx.style.yellow(tag)
            lines.append("")
            lines.append("\(index + 1). " + painted)
            lines += renderer.render(finding.diagnosis).map { "   " + $0 }
            if let rejection = finding.rejection {
                lines.append("   " + ctx.strings("invoice.finding.rejection") + " « " + rejection + " »")
            }
        }
        return lines
    }

    func sample(_ result: InvoiceSampleFlow.Result, next: Bool = true) -> String {
        let invoice = result.invoice
        let none = ctx.strings("invoice.none")
        var lines = [
            ctx.style.green(
                ctx.strings(
                    "invoice.sample.written",
                    ["file": result.file, "number": invoice.number, "syntax": result.syntax.rawValue])),
            "  "
                + ctx.strings(
                    "invoice.sample.parties",
                    [
                        "supplier": invoice.supplier.siret, "supplier_name": invoice.supplier.name,
                        "buyer": invoice.buyer.siret, "buyer_name": invoice.buyer.name,
                    ]),
            "  "
                + ctx.strings(
                    "invoice.sample.references",
                    ["service": invoice.serviceCode ?? none, "ej": invoice.commitmentNumber ?? none]),
            "  "
                + ctx.strings(
                    "invoice.sample.amounts",
                    [
                        "base": TestInvoice.amount(invoice.baseCents), "vat": TestInvoice.amount(invoice.vatCents),
                        "rate": String(invoice.vatRate), "total": TestInvoice.amount(invoice.totalCents),
                        "currency": invoice.currency,
                    ]),
        ]
        lines += result.notes.map { "  " + ctx.style.dim($0) }
        if next { lines.append(ctx.strings("invoice.sample.next", ["file": result.file])) }
        return lines.joined(separator: "\n") + "\n"
    }
}
