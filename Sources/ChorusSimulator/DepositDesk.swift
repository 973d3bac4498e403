import Foundation
import Hummingbird

/// The flows deposited through `factures/v1/deposer/flux` while the simulator runs, and the invoice numbers
/// already accepted per supplier (a second deposit of one is rejected as a duplicate).
final class DepositDesk: Sendable {
    private struct State {
        var flows: [DepositFlow] = []
        var accepted: Set<String> = []
        var counter = 0
    }

    private let state = Locked(State())

    /// Largest file accepted (bytes, decoded), and the longest `nomFichier`.
    static let maxBytes = 10 * 1024 * 1024
    static let maxNameLength = 100
    /// The syntaxes a deposit may declare, by the family of document they name.
    static let syntaxes: [String: DepositedInvoice.Family] = [
        "IN_DP_E1_CII_16B": .cii, "IN_DP_E2_CII_MIN_16B": .cii, "IN_DP_E1_UBL_INVOICE": .ubl,
        "IN_DP_E2_UBL_INVOICE_MIN": .ubl, "IN_DP_E3_UBL_INVOICE": .ubl, "IN_DP_E2_CII_FACTURX": .facturX,
        "IN_DP_E2_CPP_FACTURE_MIN": .other,
    ]

    func flow(_ number: String) -> DepositFlow? {
        state.withLock { $0.flows.first { $0.numeroFluxDepot == number } }
    }

    /// Registers a deposit: the flow moves from IN_RECU to its final state within three seconds.
    func register(
        fileName: String, syntax: String, at now: Date, outcome: DepositOutcome, invoiceKey: String?
    ) -> DepositFlow {
        state.withLock { state in
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
            if outcome.state == .integrated, let invoiceKey { state.accepted.insert(invoiceKey) }
            state.flows.append(flow)
            return flow
        }
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
        let flow = deposits.register(fileName: name, syntax: syntax, at: now, outcome: outcome, invoiceKey: key)
        let code = ReturnCode.invoicesSuccess
        return WireAnswer.json(
            DepositAnswer(
                codeRetour: code.codeRetour, libelle: code.libelle, numeroFluxDepot: flow.numeroFluxDepot,
                dateDepot: ChorusDate.day(flow.depositedAt), syntaxeFlux: syntax))
    }
}
