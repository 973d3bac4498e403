import Foundation

// Parameters and answers of the Structures API, named and typed as in its Swagger definitions.

/// `typeIdentifiantStructure` values.
enum IdentifierType: String, Codable {
    case siret = "SIRET", outsideFranceEU = "UE_HORS_FRANCE", outsideEU = "HORS_UE", ridet = "RIDET"
    case tahiti = "TAHITI", other = "AUTRE", individual = "PARTICULIER"
}

/// `RechercherStructureParam`.
struct StructureSearchParameters: Decodable {
    enum Status: String, Decodable { case active = "ACTIF", inactive = "INACTIF" }
    enum Kind: String, Decodable { case privee = "PRIVEE", publique = "PUBLIQUE" }
    enum SortColumn: String, Decodable {
        case identifier = "IdentifiantStructure", designation = "DesignationStructure"
        case identifierType = "TypeIdentifiantStructure", status = "Statut"
    }

    struct Criteria: Decodable {
        var identifiantStructure: String?
        var typeIdentifiantStructure: IdentifierType?
        var raisonSocialeStructure: String?
        var libelleStructure: String?
        var nomStructure: String?
        var prenomStructure: String?
        var statutStructure: Status?
        var typeStructure: Kind?
        var adresseCodePays: String?
        var adresseCodePostal: String?
        var adresseVille: String?
        var estMOA: Bool?
        var estMOAUniquement: Bool?
    }

    struct Paging: Decodable {
        var nbResultatsParPage: Int64?
        var pageResultatDemandee: Int64?
        var triColonne: SortColumn?
        var triSens: SortDirection?
    }

    var structure: Criteria?
    var parametres: Paging?
    var restreindreStructuresPrivees: Bool?
}

enum SortDirection: String, Decodable { case descending = "Descendant", ascending = "Ascendant" }

/// `WsRetourRechercherStructure`.
struct StructureSearchAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var listeStructures: [StructureSummary]?
    var parametresRetour: PageReturn?
}

/// `StructureAAfficher`.
struct StructureSummary: Encodable {
    var designationStructure: String
    var idStructureCPP: Int64
    var identifiantStructure: String
    var statut: String
    var typeIdentifiantStructure: IdentifierType
}

/// `ConsulterStructureAvecTVAIntraComParam`.
struct StructureReadParameters: Decodable {
    var codeLangue: String?
    var idStructureCPP: Int64?
}

/// `WsRetourConsulterStructureTVAIntraCom`.
struct StructureReadAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var adressePostaleDuSiege: AddressEntry?
    var informationGenerales: StructureInformation?
    var parametres: StructureParameterEntry?
}

/// `AdressePostale`.
struct AddressEntry: Encodable {
    var adresse: String
    var codePostal: String
    var pays: String
    var ville: String
}

/// `InformationsGeneralesStructureCompleteTVAIntraCom`.
struct StructureInformation: Encodable {
    var dateExpirationMotPasseCompteTech: String?
    var emailStructure: String
    var estValideurDeleguee: Bool
    var idStructureCPP: Int64
    var identifiantStructure: String
    var libelleStructure: String
    var numeroTVA: String?
    var raisonSocialeStructure: String
    var structurePriveePublique: String
    var typeIdentifiantStructure: IdentifierType
}

/// `ParamModifierStructure`.
struct StructureParameterEntry: Encodable {
    var codeServiceDoitEtreRenseigne: Bool
    var connexionEDI: Bool
    var estMoaUniquement: Bool
    var estValideurDelegue: Bool
    var gestionNumeroEJOuCodeService: Bool
    /// The MOA flag under the Swagger's name (variant `moa-field-getamoa`)...
    var getaMoa: Bool?
    /// ...or under the name cnfilms/chorus-api reads (`moa-field-amoa`).
    var aMoa: Bool?
    var nonDiffusibleInsee: Bool
    var numeroEJDoitEtreRenseigne: Bool
    var recevoirDonneesViaEDI: Bool
    var statutMiseEnPaiementNestPasRemonte: Bool
}

/// `RechercherServicesStructureParam`.
struct ServiceSearchParameters: Decodable {
    enum SortColumn: String, Decodable {
        case code = "CodeService", label = "LibelleService", start = "DateDbtService", end = "DateFinService"
        case active = "EstActif"
    }

    struct Paging: Decodable {
        var nbResultatsParPage: Int64?
        var pageResultatDemandee: Int64?
        var triColonne: SortColumn?
        var triSens: SortDirection?
    }

    var idStructure: Int64?
    var parametresRechercherServicesStructure: Paging?
}

/// `WsRetourRechercherServicesStructure`.
struct ServiceSearchAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var listeServices: [ServiceSummary]?
    var parametresRetour: PageReturn?
}

/// `ServiceExpose`.
struct ServiceSummary: Encodable {
    var codeService: String
    var estActif: Bool
    var idService: Int64
    var libelleService: String
    var statutService: String
}

/// `ConsulterServiceStructureParam`.
struct ServiceReadParameters: Decodable {
    var codeLangue: String?
    var idService: Int64?
    var idStructure: Int64?
}

/// `WsRetourConsulterServiceStructure`.
struct ServiceReadAnswer: Encodable {
    var codeRetour: Int
    var libelle: String
    var adressePostale: AddressEntry?
    var informationsGenerales: ServiceInformation?
    var parametres: ServiceParameterEntry?
}

/// `ParamModifierServiceInfoGeneral`.
struct ServiceInformation: Encodable {
    var codeService: String
    var descriptionService: String
    var nomService: String
}

/// `ParamParametre`.
struct ServiceParameterEntry: Encodable {
    var dateCreation: String
    var dateDebutValidite: String
    var dateFinValidite: String?
    var miseEnPaiement: Bool
    var numeroEngagement: Bool
}
