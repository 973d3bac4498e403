import Hummingbird

/// An operation the simulated gateway routes to Chorus Pro: the only paths it knows.
enum ChorusOperation: String, CaseIterable, Sendable {
    case healthCheck = "/cpro/transverses/v1/health-check"
    case vatRates = "/cpro/transverses/v1/recuperer/tauxtva"
    case activeSupplierStructures = "/cpro/transverses/v1/recuperer/structures/actives/fournisseur"
    case detailedFlowReport = "/cpro/transverses/v1/consulterCRDetaille"
    case searchStructures = "/cpro/structures/v1/rechercher"
    case readStructure = "/cpro/structures/v1/consulter"
    case searchServices = "/cpro/structures/v1/rechercher/services"
    case readService = "/cpro/structures/v1/consulter/service"
    case searchSupplierInvoices = "/cpro/factures/v1/rechercher/fournisseur"
    case depositFlow = "/cpro/factures/v1/deposer/flux"

    /// The operation served at `path`, ignoring one trailing slash.
    init?(path: String) {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        self.init(rawValue: trimmed)
    }

    /// The PISTE API product the path belongs to.
    var api: PisteAPI {
        switch self {
        case .healthCheck, .vatRates, .activeSupplierStructures, .detailedFlowReport: .transverses
        case .searchStructures, .readStructure, .searchServices, .readService: .structures
        case .searchSupplierInvoices, .depositFlow: .factures
        }
    }

    var method: HTTPRequest.Method {
        self == .healthCheck ? .get : .post
    }

    /// Whether Chorus Pro itself answers (and so checks the technical account and the raccordement).
    var needsTechnicalAccount: Bool {
        self != .healthCheck
    }
}
