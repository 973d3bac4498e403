import Foundation

/// `chorus-doctor invoice sample`: a small valid test invoice for the qualification dataset. The supplier is the
/// structure the technical account acts for; the buyer a public structure (`--to SIRET`, or a recipient of the
/// imported dataset), with the service code and commitment number it requires, as `lookup` reads them.
///
/// Exit status: 0 the file was written; 1 the buyer is unknown or inactive, a commitment number is required and
/// none was given, or the platform could not be asked; 2 a bad option or an output path that is not a regular
/// file; 3 an unreadable profile or dataset; 70 the file could not be written.
public enum InvoiceSampleFlow {
    public struct Options: Sendable {
        public var profile = "default"
        public var to: String?
        public var entity: String?
        public var dataset: String?
        public var service: String?
        public var commitment: String?
        public var syntax: String?
        public var output: String?
        public var offline = false
        public var json = false
        public var timeout: Duration = .seconds(15)
        public var caBundle: String?
        /// End with the commands to analyze and send the file (the wizard, which does both itself, leaves it out).
        public var nextSteps = true

        public init() {}
    }

    /// What `invoice sample --json` prints (schema `chorus-doctor.invoice-sample/1`).
    public struct Result: Sendable, Codable {
        public var schema = "chorus-doctor.invoice-sample/1"
        public var toolVersion = ToolVersion.current
        public var file: String
        public var syntax: InvoiceSyntax
        public var invoice: TestInvoice
        /// The buyer's requirements were read from the platform (false with --offline).
        public var platformChecked: Bool
        public var notes: [String]
    }

    struct Refusal: Error {
        var message: String
        var status: ExitStatus
    }

    public static func execute(_ ctx: DoctorContext, options: Options) async -> ExitStatus {
        // Every `chorus-doctor …` command it prints (fixes, next steps) names the profile in use.
        let ctx = ctx.scoped(toProfile: options.profile)
        do {
            let result = try await build(ctx, options)
            if options.json {
                ctx.console.out(json(result) + "\n")
            } else {
                ctx.console.show(InvoiceText(ctx: ctx).sample(result, next: options.nextSteps))
            }
            return .ok
        } catch let refusal as Refusal {
            ctx.console.showError(refusal.message + "\n")
            return refusal.status
        } catch {
            ctx.console.showError(ctx.strings("invoice.sample.write_failed", ["detail": "\(error)"]) + "\n")
            return .failure
        }
    }

    static func build(_ ctx: DoctorContext, _ options: Options) async throws -> Result {
        let syntax: InvoiceSyntax
        switch InvoiceAnalyzeFlow.parseSyntax(ctx, options.syntax) {
        case .failure: throw Refusal(message: ctx.strings("invoice.sample.syntax"), status: .usage)
        case .success(let value): syntax = value ?? .cii
        }
        let buyerSiret = try buyer(ctx, options)
        let profile: ResolvedProfile
        do {
            profile = try CheckFlow.loadProfile(ctx, name: options.profile)
        } catch {
            throw Refusal(message: error.message, status: error.status)
        }
        let now = ctx.clock.now()
        let number = TestInvoice.uniqueNumber(at: now)
        let output = try outputURL(ctx, options.output, number: number)
        var parties = SampleParties(
            supplier: TestInvoice.Party(name: "", siret: profile.siret?.value ?? ""),
            buyer: TestInvoice.Party(name: "", siret: buyerSiret), service: options.service,
            commitment: options.commitment, notes: [])
        if options.offline {
            parties.notes.append(ctx.strings("invoice.sample.offline"))
        } else {
            try await SampleResolver(ctx: ctx, profile: profile, options: options).resolve(&parties)
        }
        guard !parties.supplier.siret.isEmpty else {
            throw Refusal(message: ctx.strings("invoice.sample.no_supplier", ["profile": profile.name]), status: .usage)
        }
        if parties.supplier.name.isEmpty { parties.supplier.name = ctx.strings("invoice.sample.supplier_name") }
        if parties.buyer.name.isEmpty { parties.buyer.name = ctx.strings("invoice.sample.buyer_name") }
        parties.supplier.vatNumber = TestInvoice.Party.frenchVAT(siret: parties.supplier.siret)
        let invoice = TestInvoice(
            number: number, issueDate: now, dueDate: now.addingTimeInterval(30 * 86_400),
            supplier: parties.supplier, buyer: parties.buyer, serviceCode: parties.service,
            commitmentNumber: parties.commitment,
            note: TestInvoice.sampleMarker + " " + ctx.strings("invoice.sample.note"),
            lines: [
                TestInvoice.Line(name: ctx.strings("invoice.sample.line1"), quantity: 2, unitPriceCents: 15_000),
                TestInvoice.Line(name: ctx.strings("invoice.sample.line2"), quantity: 1, unitPriceCents: 4_550),
            ])
        try AtomicFile.write(Data(InvoiceWriter.xml(invoice, syntax: syntax).utf8), to: output, mode: 0o644)
        return Result(
            file: output.path, syntax: syntax, invoice: invoice, platformChecked: !options.offline,
            notes: parties.notes)
    }

    /// The buyer's SIRET from `--to`, `--entity`, or the imported dataset's recipient without parameter.
    static func buyer(_ ctx: DoctorContext, _ options: Options) throws -> String {
        if let to = options.to {
            switch FieldValidation.siret(to) {
            case .success(let siret): return siret
            case .failure(let problem):
                throw Refusal(message: ctx.strings(problem.key, problem.values), status: .usage)
            }
        }
        let hasDataset = !DatasetStore(paths: ctx.paths).names().isEmpty
        guard options.entity != nil || hasDataset else {
            throw Refusal(message: ctx.strings("invoice.sample.no_buyer"), status: .usage)
        }
        let entity = options.entity ?? DatasetEntity.recipientWithoutParameter.rawValue
        switch DatasetSelection.entry(ctx, dataset: options.dataset, entity: entity) {
        case .failure(let refusal): throw Refusal(message: refusal.message, status: refusal.status)
        case .success(let entry): return entry.identifier
        }
    }

    /// `-o FILE`, or `<number>.xml` in the current folder; never a path that exists and is not a regular file.
    static func outputURL(_ ctx: DoctorContext, _ output: String?, number: String) throws -> URL {
        let url = URL(fileURLWithPath: output ?? number + ".xml")
        if let mode = FileKind.mode(of: url.path, followingLinks: false), (mode & S_IFMT) != S_IFREG {
            throw Refusal(message: ctx.strings("invoice.sample.not_regular", ["file": url.path]), status: .usage)
        }
        return url
    }

    static func json(_ result: Result) -> String {
        (try? CheckReport.encoder().encode(result)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// Who the sample is from and to, filled by the platform when it is asked.
struct SampleParties {
    var supplier: TestInvoice.Party
    var buyer: TestInvoice.Party
    var service: String?
    var commitment: String?
    var notes: [String]
}
