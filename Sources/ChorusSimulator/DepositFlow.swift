import Foundation

/// A flow deposited on Chorus Pro (a `numeroFluxDepot`) and its processing report.
public struct DepositFlow: Sendable, Equatable, Codable {
    /// `etatCourantDepotFlux` values.
    public enum State: String, Sendable, CaseIterable, Codable {
        case received = "IN_RECU"
        case processedBySE = "IN_TRAITE_SE_CPP"
        case waitingForProcessing = "IN_EN_ATTENTE_TRAITEMENT_CPP"
        case processing = "IN_EN_COURS_TRAITEMENT_CPP"
        case incident = "IN_INCIDENTE"
        case rejected = "IN_REJETE"
        case waitingForReprocessing = "IN_EN_ATTENTE_RETRAITEMENT_CPP"
        case integrated = "IN_INTEGRE"
        case partiallyIntegrated = "IN_INTEGRE_PARTIEL"

        /// Final states: nothing changes after them.
        public var isFinal: Bool {
            self == .rejected || self == .integrated || self == .partiallyIntegrated
        }
    }

    /// A rejected payment request of the flow (`listeErreurDP` entry).
    public struct PaymentRequestError: Sendable, Equatable, Codable {
        public var libelleErreurDP: String
        public var numeroDP: String
        public var identifiantFournisseur: String
        public var identifiantDestinataire: String
        public var dateDP: String?
        public var montantTtcDP: Double?
    }

    /// A technical error of the whole flow (`listeErreurTechnique` entry).
    public struct TechnicalError: Sendable, Equatable, Codable {
        public var codeErreur: String
        public var libelleErreur: String
        public var natureErreur: String?
    }

    public var numeroFluxDepot: String
    public var state: State
    public var stateChangedAt: Date
    public var depositedAt: Date
    public var fileName: String
    /// `codeInterfaceDepotFlux`, e.g. FSO1100A for an invoice flow.
    public var interfaceCode: String
    /// The flow syntax the file was deposited with (e.g. IN_DP_E2_UBL_INVOICE_MIN).
    public var syntax: String
    public var paymentRequestErrors: [PaymentRequestError]
    public var technicalErrors: [TechnicalError]
    /// States the flow moves through after its deposit, in order; empty for a flow that stays in `state`.
    public var progression: [Step] = []

    /// The flow reaches `state` once `after` seconds have passed since its deposit.
    public struct Step: Sendable, Equatable, Codable {
        public var after: TimeInterval
        public var state: State
    }

    /// The state at `date`, and since when: the last step of `progression` reached, else `state`.
    public func state(at date: Date) -> (state: State, since: Date) {
        guard let step = progression.last(where: { depositedAt.addingTimeInterval($0.after) <= date }) else {
            return (progression.isEmpty ? state : .received, progression.isEmpty ? stateChangedAt : depositedAt)
        }
        return (step.state, depositedAt.addingTimeInterval(step.after))
    }
}
