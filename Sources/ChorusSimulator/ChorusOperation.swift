import Hummingbird

/// An operation the simulated gateway routes to Chorus Pro: the only paths it knows.
enum ChorusOperation: String, CaseIterable, Sendable {
    case healthCheck = "/cpro/transverses/v1/health-check"
    case vatRates = "/cpro/transverses/v1/recuperer/tauxtva"
    case currencies = "/cpro/transverses/v1/recuperer/devises"
    case activeSupplierStructures = "/cpro/transverses/v1/recuperer/structures/actives/fournisseur"
    case flowReport = "/cpro/transverses/v1/consulterCR"
    case detailedFlowReport = "/cpro/transverses/v1/consulterCRDetaille"
    case siretInformation = "/cpro/transverses/v1/consulter/information/siret"
    case recipientDirectory = "/cpro/transverses/v1/telecharger/annuaire/destinataire"
    case addAttachment = "/cpro/transverses/v1/ajouter/fichier"
    case searchStructures = "/cpro/structures/v1/rechercher"
    case readStructure = "/cpro/structures/v1/consulter"
    case searchServices = "/cpro/structures/v1/rechercher/services"
    case readService = "/cpro/structures/v1/consulter/service"
    case searchSupplierInvoices = "/cpro/factures/v1/rechercher/fournisseur"
    case readSupplierInvoice = "/cpro/factures/v1/consulter/fournisseur"
    case submitInvoice = "/cpro/factures/v1/soumettre"
    case depositFlow = "/cpro/factures/v1/deposer/flux"

    /// The operation served at `path`, ignoring one trailing slash.
    init?(path: String) {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        self.init(rawValue: trimmed)
    }

    /// The PISTE API product the path belongs to.
    var api: PisteAPI {
        switch self {
        case .healthCheck, .vatRates, .currencies, .activeSupplierStructures, .flowReport, .detailedFlowReport,
            .siretInformation, .recipientDirectory, .addAttachment:
            .transverses
        case .searchStructures, .readStructure, .searchServices, .readService: .structures
        case .searchSupplierInvoices, .readSupplierInvoice, .submitInvoice, .depositFlow: .factures
        }
    }

    /// The operation's name in the platform's specifications (what `sim --log` prints).
    var name: String {
        switch self {
        case .healthCheck: "healthCheck"
        case .vatRates: "recupererTauxTva"
        case .currencies: "recupererDevises"
        case .activeSupplierStructures: "recupererStructuresActivesFournisseur"
        case .flowReport: "consulterCR"
        case .detailedFlowReport: "consulterCRDetaille"
        case .siretInformation: "consulterInformationsSIRET"
        case .recipientDirectory: "telechargerAnnuaireDestinataire"
        case .addAttachment: "ajouterFichierDansSysteme"
        case .searchStructures: "rechercherStructure"
        case .readStructure: "consulterStructure"
        case .searchServices: "rechercherServicesStructure"
        case .readService: "consulterServiceStructure"
        case .searchSupplierInvoices: "rechercherFactureParFournisseur"
        case .readSupplierInvoice: "consulterFactureParFournisseur"
        case .submitInvoice: "soumettreFacture"
        case .depositFlow: "deposerFluxFacture"
        }
    }

    /// Whether the body carries a file in base64 (up to the platform's 10 MiB, plus a third).
    var carriesFile: Bool {
        self == .depositFlow || self == .addAttachment || self == .submitInvoice
    }

    var method: HTTPRequest.Method {
        self == .healthCheck ? .get : .post
    }

    /// Whether Chorus Pro itself answers (and so checks the technical account and the raccordement).
    var needsTechnicalAccount: Bool {
        self != .healthCheck
    }
}
