import Foundation

/// An invoice on the simulated Chorus Pro: one integrated by a deposited flow, or one submitted as JSON
/// (`factures/v1/soumettre`). Its status moves along `lifecycle` as time passes.
public struct PlatformInvoice: Sendable, Equatable, Codable {
    /// `statutFacture` / `statut` values of the invoice's life on the supplier's side, then the buyer's.
    public enum Status: String, Sendable, CaseIterable, Codable {
        case deposited = "DEPOSEE"
        case routing = "EN_COURS_ACHEMINEMENT"
        case madeAvailable = "MISE_A_DISPOSITION"
        case suspended = "SUSPENDUE"
        case rejected = "REJETEE"
        case serviceDone = "SERVICE_FAIT"
        case mandated = "MANDATEE"
        case paymentSent = "MISE_EN_PAIEMENT"
    }

    /// The invoice reaches `status` once `after` seconds have passed since its deposit.
    public struct Step: Sendable, Equatable, Codable {
        public var after: TimeInterval
        public var status: Status
    }

    /// `identifiantFactureCPP`.
    public var identifiantFactureCPP: Int64
    public var numeroFacture: String
    /// The flow that carried it; nil for an invoice submitted as JSON.
    public var numeroFluxDepot: String?
    /// `modeDepot`: `DEPOT_API` for a flow, the submitted one for JSON (`SAISIE_API`, `DEPOT_PDF_API`).
    public var modeDepot: String
    /// `typeFacture`: FACTURE or AVOIR.
    public var typeFacture: String
    /// `dateFacture`, `yyyy-MM-dd` as the invoice gives it.
    public var dateFacture: String?
    public var depositedAt: Date
    public var supplierID: Int64
    public var buyerID: Int64?
    public var buyerSiret: String
    public var serviceCode: String?
    public var commitmentNumber: String?
    public var montantHT: Double?
    public var montantTTC: Double?
    public var montantAPayer: Double?
    public var devise: String
    /// Statuses after the deposit, in order (the first one at 0).
    public var lifecycle: [Step]

    /// The status at `date`, and since when (DEPOSEE before the first step, or with no lifecycle at all).
    public func status(at date: Date) -> (status: Status, since: Date) {
        guard let step = lifecycle.last(where: { depositedAt.addingTimeInterval($0.after) <= date }) else {
            return (lifecycle.first?.status ?? .deposited, depositedAt)
        }
        return (step.status, depositedAt.addingTimeInterval(step.after))
    }

    /// The statuses an invoice goes through (seconds after its deposit; the real platform takes days): routed and
    /// made available to the buyer, then the buyer's answer. An invoice number containing `SUSPEND` is suspended by
    /// the buyer, one containing `REJET` is rejected: the hooks a connector's developer uses to see those answers.
    static func lifecycle(numeroFacture: String) -> [Step] {
        let start: [Step] = [
            .init(after: 0, status: .deposited), .init(after: 1, status: .routing),
            .init(after: 2, status: .madeAvailable),
        ]
        let number = numeroFacture.uppercased()
        if number.contains("REJET") { return start + [.init(after: 5, status: .rejected)] }
        if number.contains("SUSPEND") { return start + [.init(after: 5, status: .suspended)] }
        return start + [
            .init(after: 5, status: .serviceDone), .init(after: 8, status: .mandated),
            .init(after: 11, status: .paymentSent),
        ]
    }
}
