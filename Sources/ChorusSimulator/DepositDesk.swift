import Foundation
import Hummingbird
import Synchronization

/// The world Chorus Pro builds while the simulator runs: the flows deposited through `factures/v1/deposer/flux`,
/// the invoices they integrate and those submitted as JSON, the attachments added, and the invoice numbers already
/// accepted per supplier (a second deposit of one is rejected as a duplicate). With a state directory, every change
/// is saved there and a later run starts from it.
final class DepositDesk: Sendable {
    /// Everything the desk holds, as the state file keeps it.
    struct Snapshot: Codable, Equatable {
        var version = SimulatorStateDirectory.version
        var flows: [DepositFlow] = []
        var accepted: Set<String> = []
        var counter = 0
        var invoices: [PlatformInvoice] = []
        var attachments: [Attachment] = []
    }

    /// A file added with `transverses/v1/ajouter/fichier` (its bytes are not kept).
    struct Attachment: Codable, Equatable {
        var pieceJointeId: Int64
        var name: String
        var mimeType: String
        var size: Int
    }

    private let state: Mutex<Snapshot>
    private let store: SimulatorStateDirectory?

    /// An empty desk that keeps nothing.
    convenience init() {
        self.init(snapshot: Snapshot(), store: nil)
    }

    /// The desk kept in `store` (empty when nothing is kept yet), saving there every change.
    ///
    /// - Throws: `SimulatorStateDirectory.Problem` when the kept state cannot be read.
    convenience init(store: SimulatorStateDirectory?) throws(SimulatorStateDirectory.Problem) {
        self.init(snapshot: try store?.load() ?? Snapshot(), store: store)
    }

    private init(snapshot: Snapshot, store: SimulatorStateDirectory?) {
        self.store = store
        state = Mutex(snapshot)
    }

    /// Largest file accepted (bytes, decoded), and the longest `nomFichier`.
    static let maxBytes = 10 * 1024 * 1024
    static let maxNameLength = 100
    /// The first `identifiantFactureCPP` and `pieceJointeId` handed out.
    static let firstInvoiceID: Int64 = 8_316_800
    static let firstAttachmentID: Int64 = 10_321_500
    /// The syntaxes a deposit may declare, by the family of document they name.
    static let syntaxes: [String: DepositedInvoice.Family] = [
        "IN_DP_E1_CII_16B": .cii, "IN_DP_E2_CII_MIN_16B": .cii, "IN_DP_E1_UBL_INVOICE": .ubl,
        "IN_DP_E2_UBL_INVOICE_MIN": .ubl, "IN_DP_E3_UBL_INVOICE": .ubl, "IN_DP_E2_CII_FACTURX": .facturX,
        "IN_DP_E2_CPP_FACTURE_MIN": .other,
    ]

    func flow(_ number: String) -> DepositFlow? {
        state.withLock { $0.flows.first { $0.numeroFluxDepot == number } }
    }

    /// The invoices on the platform at `date` (an integrated flow's once its processing is over).
    func invoices(at date: Date) -> [PlatformInvoice] {
        state.withLock { $0.invoices.filter { $0.depositedAt <= date } }
    }

    /// Applies `change` and, with a state directory, saves the result.
    private func mutate<Result>(_ change: (inout Snapshot) -> Result) -> Result {
        state.withLock { snapshot in
            let result = change(&snapshot)
            // A failed save leaves the running world intact; the next change tries again.
            try? store?.save(snapshot)
            return result
        }
    }

    /// Registers a deposit: the flow moves from IN_RECU to its final state within three seconds; an integrated
    /// flow's invoice (`invoice`, built once the flow number is known) then appears on the platform.
    func register(
        fileName: String, syntax: String, at now: Date, outcome: DepositOutcome, invoiceKey: String?,
        invoice: ((_ numeroFluxDepot: String, _ id: Int64, _ integratedAt: Date) -> PlatformInvoice?)? = nil
    ) -> DepositFlow {
        mutate { state in
            state.counter += 1
            let number = "CPP00111170000000002" + String(format: "%05d", state.counter)
            var flow = DepositFlow(
                numeroFluxDepot: number, state: outcome.state, stateChangedAt: now.addingTimeInterval(3),
                depositedAt: now, fileName: fileName, interfaceCode: "FSO1100A", syntax: syntax,
                paymentRequestErrors: outcome.paymentRequestErrors, technicalErrors: outcome.technicalErrors)
            let final = outcome.state == .incident ? 1.5 : 3
            flow.progression = [
                .init(after: 0.5, state: .processedBySE), .init(after: 1, state: .waitingForProcessing),
                .init(after: outcome.state == .incident ? 1.2 : 1.5, state: .processing),
                .init(after: final, state: outcome.state),
            ]
            if outcome.state == .integrated {
                if let invoiceKey { state.accepted.insert(invoiceKey) }
                let id = Self.firstInvoiceID + Int64(state.invoices.count)
                if let made = invoice?(number, id, now.addingTimeInterval(final)) { state.invoices.append(made) }
            }
            state.flows.append(flow)
            return flow
        }
    }

    /// Registers an invoice submitted as JSON, unless its number was already accepted for the supplier.
    func submit(_ make: (_ id: Int64) -> PlatformInvoice, key: String) -> PlatformInvoice? {
        mutate { state in
            guard !state.accepted.contains(key) else { return nil }
            let invoice = make(Self.firstInvoiceID + Int64(state.invoices.count))
            state.accepted.insert(key)
            state.invoices.append(invoice)
            return invoice
        }
    }

    /// Keeps an attachment's description and hands out its identifier.
    func attach(name: String, mimeType: String, size: Int) -> Int64 {
        mutate { state in
            let id = Self.firstAttachmentID + Int64(state.attachments.count)
            state.attachments.append(Attachment(pieceJointeId: id, name: name, mimeType: mimeType, size: size))
            return id
        }
    }

    func hasAttachment(_ id: Int64) -> Bool {
        state.withLock { $0.attachments.contains { $0.pieceJointeId == id } }
    }

    func isAccepted(_ invoiceKey: String) -> Bool {
        state.withLock { $0.accepted.contains(invoiceKey) }
    }
}

/// What the processing of a deposited file ends in.
struct DepositOutcome {
    var state: DepositFlow.State
    var paymentRequestErrors: [DepositFlow.PaymentRequestError] = []
    var technicalErrors: [DepositFlow.TechnicalError] = []
}

struct DepositParameters: Decodable {
    var fichierFlux: String?
    var nomFichier: String?
    var syntaxeFlux: String?
    var avecSignature: Bool?
}

struct DepositAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var numeroFluxDepot: String?
    var dateDepot: String?
    var syntaxeFlux: String?
}

extension ReturnCode {
    /// A mandatory parameter of the deposit is missing or unreadable (code and label unverified).
    static let depositParameter = ReturnCode(codeRetour: 20002, libelle: "GCU_MSG_01_002")
    /// The file is larger than the platform takes (20003 is the code seen for attachments over 10 MB).
    static let depositTooLarge = ReturnCode(codeRetour: 20003, libelle: "GCU_MSG_01_003")
}

extension SimulatedPlatform {
    /// `factures/v1/deposer/flux`: checks the parameters at once, then processes the file over a few seconds.
    func deposit(_ parameters: DepositParameters) -> Response {
        func refuse(_ code: ReturnCode) -> Response {
            WireAnswer.json(DepositAnswer(codeRetour: code.codeRetour, libelle: code.libelle))
        }
        guard let encoded = parameters.fichierFlux, let name = parameters.nomFichier,
            let syntax = parameters.syntaxeFlux, let family = DepositDesk.syntaxes[syntax],
            let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters), !data.isEmpty
        else { return refuse(.depositParameter) }
        guard data.count <= DepositDesk.maxBytes else { return refuse(.depositTooLarge) }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !name.isEmpty, name.count <= DepositDesk.maxNameLength,
            name.unicodeScalars.allSatisfy(allowed.contains)
        else { return refuse(.depositParameter) }
        let invoice = DepositedInvoice(data: data, family: family)
        let outcome = process(invoice, syntax: syntax)
        let key = invoice.map { "\($0.supplierSiret ?? "")/\($0.number ?? "")" }
        let flow = deposits.register(
            fileName: name, syntax: syntax, at: now, outcome: outcome, invoiceKey: key
        ) { number, id, integratedAt in
            invoice.map { self.platformInvoice($0, id: id, flow: number, at: integratedAt) }
        }
        let code = ReturnCode.invoicesSuccess
        return WireAnswer.json(
            DepositAnswer(
                codeRetour: code.codeRetour, libelle: code.libelle, numeroFluxDepot: flow.numeroFluxDepot,
                dateDepot: ChorusDate.day(flow.depositedAt), syntaxeFlux: syntax))
    }
}

extension SimulatedPlatform {
    /// The invoice an integrated flow puts on the platform.
    func platformInvoice(_ invoice: DepositedInvoice, id: Int64, flow: String, at date: Date) -> PlatformInvoice {
        let number = invoice.number ?? ""
        let buyer = invoice.buyerSiret.flatMap(world.dataset.structure(siret:))
        return PlatformInvoice(
            identifiantFactureCPP: id, numeroFacture: number, numeroFluxDepot: flow, modeDepot: "DEPOT_API",
            typeFacture: invoice.typeCode == "381" ? "AVOIR" : "FACTURE", dateFacture: invoice.issueDate,
            depositedAt: date, supplierID: world.technicalAccount.idStructureCPP, buyerID: buyer?.idStructureCPP,
            buyerSiret: invoice.buyerSiret ?? "", serviceCode: invoice.serviceCode,
            commitmentNumber: invoice.commitmentNumber, montantHT: invoice.totalWithoutTax,
            montantTTC: invoice.totalWithTax, montantAPayer: invoice.amountDue ?? invoice.totalWithTax,
            devise: invoice.currency ?? "EUR", lifecycle: PlatformInvoice.lifecycle(numeroFacture: number))
    }
}
