import Foundation

/// The first test invoice of a setup, through the `invoice` commands' own flows (`invoice sample`, `analyze`,
/// `send`): where the sample is written, the options they get, and what a followed flow means for the step.
/// Used by the wizard's last step and by `setup --non-interactive --send-test-invoice`.
struct TestInvoiceRun {
    var ctx: DoctorContext
    var profile: String
    /// Limit of each HTTP call.
    var timeout: Duration
    var following: SetupFlow.Following

    /// The sample, next to the setup's progress (`<profile>.first-invoice.xml`): the progress lists only `.json`.
    var file: URL {
        SetupProgressStore(paths: ctx.paths).directory.appendingPathComponent("\(profile).first-invoice.xml")
    }

    /// The imported dataset's recipient without parameter, nil when no dataset is imported (or it has none).
    func datasetBuyer() -> String? {
        guard !DatasetStore(paths: ctx.paths).names().isEmpty else { return nil }
        let entity = DatasetEntity.recipientWithoutParameter.rawValue
        guard case .success(let entry) = DatasetSelection.entry(ctx, dataset: nil, entity: entity) else { return nil }
        return entry.identifier
    }

    /// `invoice sample --to BUYER -o FILE`, asking the platform for the parties.
    func sample(to buyer: String) async -> ExitStatus {
        var options = InvoiceSampleFlow.Options()
        options.profile = profile
        options.to = buyer
        options.output = file.path
        options.timeout = timeout
        options.nextSteps = false
        return await InvoiceSampleFlow.execute(ctx, options: options)
    }

    /// `invoice analyze FILE`, against the platform.
    func analyze() async -> ExitStatus {
        var options = InvoiceAnalyzeFlow.Options(path: file.path, profile: profile, timeout: timeout)
        options.nextSteps = false
        return await InvoiceAnalyzeFlow.execute(ctx, options: options)
    }

    /// The deposit half of `invoice send FILE` (the analysis just ran, so it is not repeated).
    func deposit() async -> InvoiceSendFlow.Sending {
        var options = sendOptions
        options.analyze = false
        return await InvoiceSendFlow.deposit(ctx, options: options)
    }

    func follow(_ deposited: InvoiceSendFlow.Deposited) async -> InvoiceSendFlow.Followed {
        await InvoiceSendFlow.follow(ctx, options: sendOptions, deposited)
    }

    /// Follows a flow deposited by an earlier run.
    func follow(number: String) async -> InvoiceSendFlow.Followed {
        await InvoiceSendFlow.follow(ctx, options: sendOptions, number: number, syntax: .cii)
    }

    var sendOptions: InvoiceSendFlow.Options {
        var options = InvoiceSendFlow.Options(path: file.path)
        options.profile = profile
        options.requestTimeout = timeout
        options.interval = following.interval
        options.maximumInterval = following.maximumInterval
        options.timeout = following.duration
        return options
    }

    /// What a followed flow means for the step.
    enum Verdict: Equatable {
        /// `IN_INTEGRE`: the step is done.
        case integrated
        /// Rejected, partly integrated or in incident, or unknown to the platform: a new invoice is needed.
        case notIntegrated
        /// Still being processed when the time allowed ran out: the same flow is followed again later.
        case moving
        /// The platform could not be asked (session, network, an answer that did not read): followed again later.
        case unreachable
    }

    static func verdict(_ followed: InvoiceSendFlow.Followed) -> Verdict {
        guard let flow = followed.flow, flow.problem == nil else { return .unreachable }
        if flow.outcome == .integrated, !flow.needsAttention { return .integrated }
        if !flow.found || (flow.outcome?.stopsWatching ?? false) { return .notIntegrated }
        return .moving
    }
}
