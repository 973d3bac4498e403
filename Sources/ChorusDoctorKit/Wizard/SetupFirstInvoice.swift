import Foundation

/// The wizard's last step: a first test invoice in qualification, sample → analyze → deposit → follow.
///
/// The flow number is saved in the progress as soon as the platform gives it, before following: a run stopped
/// while following (quit, Ctrl-C, a flow still processing when the time ran out) follows that same flow next time
/// instead of depositing another invoice. The step is done only once the flow is integrated; a production profile
/// never gets it (the step is marked not applicable).
extension SetupRun {
    func firstInvoice(_ step: SetupStep) async -> StepOutcome {
        let record = progress.record(step.id)
        if environment == .production {
            questions.say(style.yellow(strings("wizard.invoice.production", ["number": String(step.number)])))
            mark(step, .skipped, probe: "not_applicable")
            return .next
        }
        if record.status == .done, let number = record.flow {
            questions.say(style.green(strings("wizard.invoice.already", ["number": number])))
            return .next
        }
        if let number = record.flow {
            let since = (record.since ?? record.at).map(CalendarDay.format) ?? "?"
            questions.say(strings("wizard.invoice.resuming", ["number": number, "date": since]))
            return await settle(step, number: number, await invoiceRun.follow(number: number))
        }
        guard lastCheckPassed ?? (progress.record(fullCheckStep?.id ?? "").probe == "pass") else {
            questions.say(style.yellow(strings("wizard.invoice.needs_check", ["profile": profile])))
            return .next
        }
        let reply = await questions.choose(
            "wizard.prompt.first_invoice", choices: [.send, .skip], defaultChoice: .send,
            allowed: [.back, .help, .quit], help: { showHelp(step, field: nil) })
        switch reply {
        case .command(.send): return await sendTestInvoice(step)
        case .command(.skip): return skip(step)
        case .command(.back): return .back
        case .command(.quit): return .quit
        default: return .end
        }
    }

    var invoiceRun: TestInvoiceRun {
        TestInvoiceRun(ctx: ctx, profile: profile, timeout: timeout, following: following)
    }

    var fullCheckStep: SetupStep? { steps.steps.last { $0.probe == .full } }

    /// Writes, analyzes and deposits a new test invoice, keeps its flow number, then follows it.
    func sendTestInvoice(_ step: SetupStep) async -> StepOutcome {
        let buyer: String
        switch await askBuyer(step) {
        case .value(let siret): buyer = siret
        case .command(.back): return await firstInvoice(step)
        case .command(.skip): return skip(step)
        case .command: return .quit
        case .end: return .end
        }
        let run = invoiceRun
        guard await run.sample(to: buyer) == .ok, await run.analyze() == .ok else {
            return await afterFailure(step, key: "wizard.invoice.not_sent")
        }
        switch await run.deposit() {
        case .stopped: return await afterFailure(step, key: "wizard.invoice.not_sent")
        case .deposited(let deposited):
            mark(step, .pending, flow: deposited.number)
            if let failure = checkpoint() { return .stop(failure) }
            questions.say(style.dim(strings("wizard.invoice.kept", ["number": deposited.number, "profile": profile])))
            return await settle(step, number: deposited.number, await run.follow(deposited))
        }
    }

    /// The buyer: the imported dataset's recipient without parameter, else asked (a SIRET of the dataset).
    func askBuyer(_ step: SetupStep) async -> Reply {
        if let siret = invoiceRun.datasetBuyer() {
            questions.say(strings("wizard.invoice.buyer_from_dataset", ["siret": siret]))
            return .value(siret)
        }
        let known = progress.answers[Self.buyerAnswer]
        let label = strings("wizard.invoice.buyer_label")
        let prompt =
            known.map { strings("wizard.prompt.with_default", ["label": label, "default": $0]) }
            ?? strings("wizard.prompt.bare", ["label": label])
        while true {
            switch await questions.ask(prompt, allowed: Questioner.everywhere) {
            case .command(.help): questions.say(strings("wizard.invoice.buyer_help"))
            case .value(let typed):
                guard let text = typed.isEmpty ? known : typed else {
                    questions.problem(strings("wizard.required"))
                    continue
                }
                switch FieldValidation.siret(text) {
                case .success(let siret):
                    progress.answers[Self.buyerAnswer] = siret
                    questions.reader.remember(siret)
                    return .value(siret)
                case .failure(let problem): questions.problem(strings(problem.key, problem.values))
                }
            case let other: return other
            }
        }
    }

    /// Kept in the progress's answers (not a profile key): proposed again after a rejection or on resume.
    static let buyerAnswer = "test_invoice_buyer"

    /// The step after following: done when integrated; kept (same flow next time) when still moving or
    /// unreachable; a new invoice offered when rejected (the errors were explained by the flow's text above).
    func settle(_ step: SetupStep, number: String, _ followed: InvoiceSendFlow.Followed) async -> StepOutcome {
        let values = ["number": number, "profile": profile]
        switch TestInvoiceRun.verdict(followed) {
        case .integrated:
            mark(step, .done, probe: "pass", flow: number)
            questions.say(style.green(strings("wizard.invoice.integrated", values)))
            return .next
        case .moving:
            let note = strings("wizard.invoice.waiting_note", ["number": number, "date": CalendarDay.format(now)])
            mark(step, .waiting, note: note, flow: number)
            questions.say(style.yellow(strings("wizard.invoice.moving", values)))
            return .next
        case .unreachable:
            mark(step, .pending, probe: "fail", flow: number)
            questions.say(style.yellow(strings("wizard.invoice.unreachable", values)))
            return await afterUnreachable(step, number: number)
        case .notIntegrated:
            mark(step, .pending, probe: "fail")
            return await afterFailure(step, key: "wizard.invoice.rejected", values: values)
        }
    }

    /// Nothing to follow any more: send a new invoice, or skip.
    func afterFailure(_ step: SetupStep, key: String, values: [String: String] = [:]) async -> StepOutcome {
        questions.say(style.red(strings(key, values)))
        let reply = await questions.choose(
            "wizard.prompt.after_failure", choices: [.retry, .skip], defaultChoice: .retry,
            allowed: [.back, .help, .quit], help: { showHelp(step, field: nil) })
        switch reply {
        case .command(.retry): return await sendTestInvoice(step)
        case .command(.skip): return skip(step)
        case .command(.back): return .back
        case .command(.quit): return .quit
        default: return .end
        }
    }

    /// The flow could not be read: follow it again now, or leave it waiting (the flow number stays).
    func afterUnreachable(_ step: SetupStep, number: String) async -> StepOutcome {
        let reply = await questions.choose(
            "wizard.prompt.after_failure", choices: [.retry, .wait, .skip], defaultChoice: .retry,
            allowed: [.back, .help, .quit], help: { showHelp(step, field: nil) })
        switch reply {
        case .command(.retry): return await settle(step, number: number, await invoiceRun.follow(number: number))
        case .command(.wait): return await wait(step)
        case .command(.skip): return skip(step)
        case .command(.back): return .back
        case .command(.quit): return .quit
        default: return .end
        }
    }
}
