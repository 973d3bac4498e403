import Foundation

/// One structure of the "Structures and users" dataset, as Chorus Pro qualification knows it.
public struct DatasetStructure: Sendable, Equatable {
    /// What the dataset's "Entity" column says the structure is for.
    public enum Entity: String, Sendable, CaseIterable, Codable {
        case supplier = "Fournisseur"
        case validator = "Valideur"
        case recipient = "Destinataire"
        case recipient2 = "Destinataire 2"
        case recipientState = "Destinataire Etat"
        case recipientWithMandatoryService = "Destinataire avec service obligatoire"
        case recipientWithMandatoryEJ = "Destinataire avec EJ obligatoire"
        case recipientWithMandatoryEJOrService = "Destinataire avec EJ ou service obligatoire"
        case recipientWithoutParameter = "Destinataire sans parametre"
        case moa = "MOA"
        case moe = "MOE"
        case inactive = "Structure inactive"
    }

    /// What the structure is for in the dataset.
    public var entity: Entity
    /// Chorus Pro's technical identifier of the structure.
    public var idStructureCPP: Int64
    /// The SIRET (`identifiantStructure` with `typeIdentifiantStructure` = SIRET).
    public var siret: String
    /// `designationStructure` / `raisonSocialeStructure`.
    public var designation: String
    /// `statut` ACTIVE or INACTIVE.
    public var isActive: Bool
    /// PUBLIQUE (a public buyer) or PRIVEE (a company).
    public var isPublic: Bool
    /// The intra-community VAT number (companies only).
    public var vatNumber: String?
    public var email: String
    /// The head office address.
    public var address: PostalAddress
    /// The invoicing rules it imposes as a recipient.
    public var parameters: StructureParameters
    /// The structure's services, active or not.
    public var services: [DatasetService]

    /// `statut` as the Structures API spells it.
    public var statut: String { isActive ? "ACTIVE" : "INACTIVE" }
    /// `structurePriveePublique` / `typeStructure` as the Structures API spells it.
    public var kind: String { isPublic ? "PUBLIQUE" : "PRIVEE" }
}

/// The invoicing rules a recipient structure imposes (ConsulterStructure `parametres`).
public struct StructureParameters: Sendable, Equatable {
    public var codeServiceDoitEtreRenseigne = false
    public var numeroEJDoitEtreRenseigne = false
    public var gestionNumeroEJOuCodeService = false
    public var estMoaUniquement = false
    public var getaMoa = false
    public var connexionEDI = false
    public var recevoirDonneesViaEDI = false
    public var statutMiseEnPaiementNestPasRemonte = false

    /// Rules with everything optional unless said otherwise.
    public init(
        codeServiceDoitEtreRenseigne: Bool = false, numeroEJDoitEtreRenseigne: Bool = false,
        gestionNumeroEJOuCodeService: Bool = false, estMoaUniquement: Bool = false, getaMoa: Bool = false
    ) {
        self.codeServiceDoitEtreRenseigne = codeServiceDoitEtreRenseigne
        self.numeroEJDoitEtreRenseigne = numeroEJDoitEtreRenseigne
        self.gestionNumeroEJOuCodeService = gestionNumeroEJOuCodeService
        self.estMoaUniquement = estMoaUniquement
        self.getaMoa = getaMoa
    }
}

/// A service of a structure (RechercherServicesStructure / ConsulterServiceStructure).
public struct DatasetService: Sendable, Equatable {
    public var idService: Int64
    public var codeService: String
    public var libelleService: String
    public var isActive: Bool
    /// ConsulterServiceStructure `parametres.numeroEngagement`: invoices to this service need an EJ number.
    public var requiresEngagementNumber: Bool
    public var createdAt: Date
    public var validFrom: Date
    public var validUntil: Date?
}

/// A postal address (AdressePostale).
public struct PostalAddress: Sendable, Equatable {
    public var adresse: String
    public var codePostal: String
    public var ville: String
    public var pays: String = "FR"
}

/// A user of the dataset (the "login" column): who can log in to the qualification portal.
public struct DatasetUser: Sendable, Equatable {
    public var login: String
    public var firstName: String
    public var lastName: String
    /// The role on its structure, e.g. "Gestionnaire principal".
    public var role: String
    public var idStructureCPP: Int64
}

/// A VAT rate of the `recuperer/tauxtva` referential.
public struct VatRate: Sendable, Equatable {
    public var code: String
    public var label: String
    public var value: Double
}
