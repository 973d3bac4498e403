import Foundation

extension SetupFlow {
    /// The first-invoice step of `setup --non-interactive`, once the check passed. A production profile: not
    /// applicable. Without `--send-test-invoice`: left for the wizard (exit 0). With it: the flow saved by an
    /// earlier run is followed again, else a sample to `--to SIRET` (or the dataset's recipient without parameter)
    /// is written, analyzed, deposited and followed. Exit 0 integrated, 1 not (yet) integrated or not sent, 2 no
    /// buyer or a bad `--to`.
    static func nonInteractiveTestInvoice(
        _ ctx: DoctorContext, steps: SetupSteps, options: Options, profile: String, environment: PlatformEnvironment
    ) async -> ExitStatus {
        guard let step = steps.steps.first(where: { $0.action == .firstInvoice }) else { return .ok }
        let store = SetupProgressStore(paths: ctx.paths)
        guard var progress = try? store.load(profile) else { return .ok }
        let now = ctx.clock.now()
        let values = ["number": String(step.number), "profile": profile]
        func save(_ status: StepStatus, probe: String?, flow: String?, note: String? = nil) {
            progress.mark(step.id, status, note: note, probe: probe, flow: flow, now: now)
            do {
                try store.save(progress)
            } catch {
                ctx.console.showError(ctx.strings("error.state_write", ["detail": "\(error)"]) + "\n")
            }
        }
        let record = progress.record(step.id)
        if environment == .production {
            ctx.console.show(ctx.strings("wizard.invoice.production", values) + "\n")
            save(.skipped, probe: "not_applicable", flow: nil)
            return .ok
        }
        if record.status == .done { return .ok }
        guard options.sendTestInvoice else {
            ctx.console.show(ctx.strings("wizard.noninteractive.invoice_left", values) + "\n")
            return .ok
        }
        let run = TestInvoiceRun(ctx: ctx, profile: profile, timeout: options.timeout, following: options.following)
        let number: String
        let followed: InvoiceSendFlow.Followed
        if let saved = record.flow {
            let since = (record.since ?? record.at).map(CalendarDay.format) ?? "?"
            ctx.console.show(ctx.strings("wizard.invoice.resuming", ["number": saved, "date": since]) + "\n")
            number = saved
            followed = await run.follow(number: saved)
        } else {
            let buyer: String
            switch testInvoiceBuyer(ctx, options, run) {
            case .success(let siret): buyer = siret
            case .failure(let refusal):
                ctx.console.showError(refusal.message + "\n")
                return refusal.status
            }
            guard await run.sample(to: buyer) == .ok, await run.analyze() == .ok else { return .checkFailed }
            guard case .deposited(let deposited) = await run.deposit() else { return .checkFailed }
            number = deposited.number
            save(.pending, probe: nil, flow: number)
            followed = await run.follow(deposited)
        }
        let flowValues = ["number": number, "profile": profile]
        switch TestInvoiceRun.verdict(followed) {
        case .integrated:
            save(.done, probe: "pass", flow: number)
            ctx.console.show(ctx.style.green(ctx.strings("wizard.invoice.integrated", flowValues)) + "\n")
            return .ok
        case .moving:
            let note = ctx.strings("wizard.invoice.waiting_note", ["number": number, "date": CalendarDay.format(now)])
            save(.waiting, probe: nil, flow: number, note: note)
            ctx.console.show(ctx.strings("wizard.noninteractive.invoice_again", flowValues) + "\n")
        case .unreachable:
            save(.pending, probe: "fail", flow: number)
            ctx.console.show(ctx.strings("wizard.noninteractive.invoice_again", flowValues) + "\n")
        case .notIntegrated:
            save(.pending, probe: "fail", flow: nil)
            ctx.console.show(ctx.strings("wizard.noninteractive.invoice_rejected", flowValues) + "\n")
        }
        return .checkFailed
    }

    /// `--to SIRET`, else the imported dataset's recipient without parameter.
    private static func testInvoiceBuyer(_ ctx: DoctorContext, _ options: Options, _ run: TestInvoiceRun) -> Result<
        String, DatasetSelection.Refusal
    > {
        if let given = options.testInvoiceTo {
            return FieldValidation.siret(given).mapError {
                DatasetSelection.Refusal(message: ctx.strings($0.key, $0.values), status: .usage)
            }
        }
        guard let siret = run.datasetBuyer() else {
            return .failure(DatasetSelection.Refusal(message: ctx.strings("invoice.sample.no_buyer"), status: .usage))
        }
        return .success(siret)
    }
}
