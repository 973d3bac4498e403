import ChorusTransport
import Foundation

/// `chorus-doctor invoice send FILE`: analyze (unless told not to), deposit through `factures/v1/deposer/flux`,
/// print the flow number, then follow the flow as `flow watch` does until a final state and explain its errors.
///
/// Qualification only by default: a production profile needs `production` and the invoice number typed on a
/// terminal, and a generated sample is never sent to production.
///
/// Exit status: 0 the flow is integrated; 1 the analysis found a problem (nothing sent), the deposit was refused,
/// the flow was rejected, partly integrated or in incident, or following it ran out of time; 2 a bad option or a
/// refused production send; 3 an unreadable profile.
public enum InvoiceSendFlow {
    public struct Options: Sendable {
        public var path: String
        public var syntax: String?
        public var profile = "default"
        public var analyze = true
        public var production = false
        public var json = false
        public var verbose = false
        public var requestTimeout: Duration = .seconds(15)
        public var caBundle: String?
        public var interval: Duration = .seconds(5)
        public var maximumInterval: Duration = .seconds(60)
        public var timeout: Duration = .seconds(900)
        /// Asks the user to type something on the terminal; nil when there is no terminal to ask on.
        public var confirm: (@Sendable (String) -> String?)?

        public init(path: String) { self.path = path }
    }

    /// What `invoice send --json` prints (schema `chorus-doctor.invoice-send/1`), snake_case keys:
    ///
    /// ```
    /// { "schema": "chorus-doctor.invoice-send/1", "tool_version": "…", "file": "…", "syntax": "IN_DP_E1_CII_16B",
    ///   "profile": "default", "environment": "sandbox",
    ///   "analysis": { invoice-analysis/1 } | null,          // null with --no-analyze
    ///   "deposit": { "numero_flux_depot": "…", "date_depot": "2026-12-02", "code_retour": 0,
    ///                "libelle": "GCU_MSG_01_000" } | null, // null when nothing was sent
    ///   "problem": { CallProblem } | null,                  // the deposit call failed or was refused
    ///   "flow": { flow/1 } | null }                         // the followed flow, as `flow watch --json`
    /// ```
    public struct Report: Sendable, Codable {
        public var schema = "chorus-doctor.invoice-send/1"
        public var toolVersion = ToolVersion.current
        public var file: String
        public var syntax: InvoiceSyntax?
        public var profile: String
        public var environment: String
        public var analysis: InvoiceAnalysisReport?
        public var deposit: Deposit?
        public var problem: CallProblem?
        public var flow: DepositReport?
    }

    public struct Deposit: Sendable, Codable {
        public var numeroFluxDepot: String
        public var dateDepot: String?
        public var codeRetour: Int
        public var libelle: String?
    }

    struct Stop: Error {
        var message: String
        var status: ExitStatus
    }

    /// `deposit`, then `follow` (the wizard calls the two halves itself, to save the flow number between them).
    public static func execute(_ ctx: DoctorContext, options: Options) async -> ExitStatus {
        switch await deposit(ctx, options: options) {
        case .stopped(let status): return status
        case .deposited(let deposited): return await follow(ctx, options: options, deposited).status
        }
    }

    /// Everything before the deposit's answer: reading and analysing the file, the session, the deposit itself.
    static func prepare(_ ctx: DoctorContext, _ options: Options) async throws(Stop) -> Sending {
        let declared: InvoiceSyntax?
        switch InvoiceAnalyzeFlow.parseSyntax(ctx, options.syntax) {
        case .failure: throw Stop(message: ctx.strings("invoice.send.bad_option"), status: .usage)
        case .success(let value): declared = value
        }
        let book = ctx.library.invoiceChecks
        var analysis = InvoiceAnalyzeFlow.read(ctx, options.path, book: book, declared: declared)
        let profile: ResolvedProfile
        do {
            profile = try CheckFlow.loadProfile(ctx, name: options.profile)
        } catch {
            throw Stop(message: error.message, status: error.status)
        }
        try guardEnvironment(ctx, options, profile: profile, analysis: analysis)
        var report = Report(
            file: analysis.file, syntax: analysis.syntax ?? declared, profile: profile.name,
            environment: profile.environment.value.rawValue)
        let data = try readable(ctx, options, &analysis)
        let session: PlatformSession
        // A spinner on a terminal while the token is asked and the invoice checked online.
        let progress = ProgressIndicator(ctx, machineOutput: options.json)
        let strings = ctx.strings
        progress.begin { strings("invoice.send.progress.connect", ["seconds": String($0)]) }
        switch await PlatformSession.open(
            ctx, profile: profile, timeout: options.requestTimeout, caBundle: options.caBundle)
        {
        case .failure(let unavailable):
            progress.end()
            ctx.console.show(SessionText.unavailable(ctx, unavailable, profile: profile.name))
            return .stopped(.checkFailed)
        case .success(let opened): session = opened
        }
        if options.analyze, analysis.fields != nil {
            await InvoiceAnalyzeFlow.online(ctx, &analysis, session: session, book: book)
        }
        progress.end()
        if options.analyze {
            analysis.settle()
            report.analysis = analysis
            if analysis.hasErrors || analysis.problem != nil {
                if options.json {
                    ctx.console.out(json(report) + "\n")
                } else {
                    ctx.console.show(InvoiceText(ctx: ctx).analysis(analysis, next: false))
                    ctx.console.show(ctx.strings("invoice.send.not_sent") + "\n")
                }
                return .stopped(.checkFailed)
            }
        }
        let syntax = declared ?? analysis.syntax ?? .cii
        report.syntax = syntax
        guard
            let number = await post(
                ctx, options, &report, session: session, data: data, name: analysis.fileName, syntax)
        else { return .stopped(.checkFailed) }
        return .deposited(Deposited(number: number, syntax: syntax, report: report, session: session))
    }

    /// Production needs `--production`, a terminal, the invoice number typed back, and a file that is not a sample.
    static func guardEnvironment(
        _ ctx: DoctorContext, _ options: Options, profile: ResolvedProfile, analysis: InvoiceAnalysisReport
    ) throws(Stop) {
        let production = profile.environment.value == .production
        guard production else {
            if options.production {
                throw Stop(
                    message: ctx.strings("invoice.send.not_production", ["profile": profile.name]), status: .usage)
            }
            return
        }
        guard options.production else {
            throw Stop(message: ctx.strings("invoice.send.production_flag", ["profile": profile.name]), status: .usage)
        }
        if analysis.fields?.isGeneratedSample == true {
            throw Stop(message: ctx.strings("invoice.send.sample_to_production"), status: .usage)
        }
        let expected = analysis.fields?.number ?? analysis.fileName
        guard let confirm = options.confirm else {
            throw Stop(message: ctx.strings("invoice.send.production_terminal"), status: .usage)
        }
        let typed = confirm(
            ctx.strings("invoice.send.production_confirm", ["number": expected, "profile": profile.name]))
        guard typed?.trimmingCharacters(in: .whitespaces) == expected else {
            throw Stop(message: ctx.strings("invoice.send.production_cancelled"), status: .usage)
        }
    }

    /// The bytes to send; without analysis, only a file that cannot be read at all stops here.
    static func readable(_ ctx: DoctorContext, _ options: Options, _ analysis: inout InvoiceAnalysisReport)
        throws(Stop) -> Data
    {
        let blocking = ["file.unreadable", "file.too-large", "file.empty"]
        if let finding = analysis.findings.first(where: { blocking.contains($0.id) }) {
            throw Stop(message: finding.diagnosis.cause, status: .checkFailed)
        }
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: analysis.file)) else {
            throw Stop(message: ctx.strings("invoice.read.missing"), status: .checkFailed)
        }
        return data
    }

    static func json(_ report: Report) -> String {
        (try? CheckReport.encoder().encode(report)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
