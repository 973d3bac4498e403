import Foundation

/// `chorus-doctor invoice analyze FILE`: the portal's « Analyser », before anything is sent. Offline checks on the
/// file, then (unless `offline`) the checks only the platform answers, through the profile's session.
///
/// Exit status: 0 nothing Chorus Pro is known to reject (warnings allowed); 1 a finding of severity error, or the
/// platform could not be asked; 2 a bad option; 3 an unreadable profile.
public enum InvoiceAnalyzeFlow {
    public struct Options: Sendable {
        public var path: String
        public var syntax: String?
        public var profile: String
        public var offline: Bool
        public var json: Bool
        public var verbose: Bool
        public var timeout: Duration
        public var caBundle: String?
        /// A clean file's verdict ends with the command that sends it (off in the wizard, which sends it next).
        public var nextSteps = true

        public init(
            path: String, syntax: String? = nil, profile: String = "default", offline: Bool = false,
            json: Bool = false, verbose: Bool = false, timeout: Duration = .seconds(15), caBundle: String? = nil
        ) {
            self.path = path
            self.syntax = syntax
            self.profile = profile
            self.offline = offline
            self.json = json
            self.verbose = verbose
            self.timeout = timeout
            self.caBundle = caBundle
        }
    }

    public static func execute(_ ctx: DoctorContext, options: Options) async -> ExitStatus {
        // Every `chorus-doctor …` command it prints (fixes, next steps) names the profile in use.
        let ctx = ctx.scoped(toProfile: options.profile)
        let declared: InvoiceSyntax?
        switch parseSyntax(ctx, options.syntax) {
        case .failure: return .usage
        case .success(let value): declared = value
        }
        let book = ctx.library.invoiceChecks
        var report = read(ctx, options.path, book: book, declared: declared)
        if options.offline, let profile = try? CheckFlow.loadProfile(ctx, name: options.profile) {
            compareWithProfile(
                &report, siret: profile.siret?.value, profile: profile.name, book: book, language: ctx.language)
        }
        if !options.offline, report.fields != nil {
            let profile: ResolvedProfile
            do {
                profile = try CheckFlow.loadProfile(ctx, name: options.profile)
            } catch {
                ctx.console.showError(error.message + "\n" + ctx.strings("invoice.analyze.try_offline") + "\n")
                return error.status
            }
            report.profile = profile.name
            report.environment = profile.environment.value.rawValue
            switch await PlatformSession.open(
                ctx, profile: profile, timeout: options.timeout, caBundle: options.caBundle)
            {
            case .failure(let unavailable):
                report.problem = CallProblem(
                    call: "session-\(unavailable.stage.rawValue)",
                    diagnosis: unavailable.result.diagnosis(in: ctx.strings))
            case .success(let session):
                await online(ctx, &report, session: session, book: book)
                if options.verbose { report.exchanges = session.log.all }
            }
        }
        report.settle()
        if options.json {
            ctx.console.out(json(report) + "\n")
        } else {
            ctx.console.show(InvoiceText(ctx: ctx).analysis(report, next: options.nextSteps))
        }
        return report.hasErrors || report.problem != nil ? .checkFailed : .ok
    }

    /// The platform checks, on an open session (`send` reuses it).
    static func online(
        _ ctx: DoctorContext, _ report: inout InvoiceAnalysisReport, session: PlatformSession, book: InvoiceCheckBook
    ) async {
        let analyzer = InvoiceAnalyzer(book: book, language: ctx.language)
        report.problem = await analyzer.online(
            &report, session: session, explainer: ctx.library.explainer)
        report.platformChecked = report.problem == nil
        report.findings.removeAll { $0.id == "supplier.other-than-profile" }
    }

    /// A `--syntax` the tool does not know (already reported on standard error).
    struct SyntaxRefused: Error {}

    static func parseSyntax(_ ctx: DoctorContext, _ argument: String?) -> Result<InvoiceSyntax?, SyntaxRefused> {
        guard let argument else { return .success(nil) }
        guard let syntax = InvoiceSyntax(argument: argument) else {
            let list = InvoiceSyntax.allCases.map(\.rawValue).joined(separator: ", ")
            ctx.console.showError(ctx.strings("invoice.bad_syntax", ["value": argument, "list": list]) + "\n")
            return .failure(SyntaxRefused())
        }
        return .success(syntax)
    }

    /// The file read (never more than the size limit) and checked offline.
    static func read(_ ctx: DoctorContext, _ path: String, book: InvoiceCheckBook, declared: InvoiceSyntax?)
        -> InvoiceAnalysisReport
    {
        let url = URL(fileURLWithPath: path)
        var report = InvoiceAnalysisReport(file: url.path, fileName: url.lastPathComponent)
        var data: Data?
        var readError: String?
        if let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) {
            if attributes[.type] as? FileAttributeType == .typeRegular {
                report.size = (attributes[.size] as? NSNumber)?.intValue
                if (report.size ?? 0) <= book.limits.maxBytes {
                    do { data = try Data(contentsOf: url) } catch { readError = "\(error.localizedDescription)" }
                }
            } else {
                readError = ctx.strings("invoice.read.not_regular")
            }
        } else {
            readError = ctx.strings("invoice.read.missing")
        }
        InvoiceAnalyzer(book: book, language: ctx.language).offline(
            &report, data: data, readError: readError, declared: declared)
        return report
    }

    /// Adds the offline warning that the invoice is issued by another SIRET than the profile's.
    static func compareWithProfile(
        _ report: inout InvoiceAnalysisReport, siret: String?, profile: String, book: InvoiceCheckBook,
        language: Language
    ) {
        guard let mine = siret, let theirs = report.fields?.supplierSiret, mine != theirs else { return }
        report.findings.append(
            book.finding(
                "supplier.other-than-profile", ["siret": theirs, "profile": profile, "profile_siret": mine],
                language: language))
    }

    static func json(_ report: InvoiceAnalysisReport) -> String {
        (try? CheckReport.encoder().encode(report)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
