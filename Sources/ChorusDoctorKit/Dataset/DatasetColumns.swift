import Foundation

/// The columns `dataset import` understands, with the French and English headers it matches them by
/// (case, accents, spaces and punctuation do not matter). Documented in `checklists/datasets/README.md`.
public enum DatasetColumn: String, Sendable, Codable, CaseIterable {
    case entity
    case identifier
    case identifierType = "identifier_type"
    case name
    case idStructureCPP = "id_structure_cpp"
    case login
    case firstName = "first_name"
    case lastName = "last_name"
    case role
    case serviceCode = "service_code"
    case commitmentNumber = "commitment_number"
    /// Recognised so that it is knowingly left out: passwords are never kept.
    case password

    /// Columns a file must have.
    public static let required: [DatasetColumn] = [.entity, .identifier]

    /// Accepted headers, in `DatasetColumns.key` form (French first, then English).
    public var headers: [String] {
        switch self {
        case .entity:
            [
                "entite", "objet du jeu", "objet du jeu de donnees", "objet", "type d entite", "entity",
                "object of the set",
                "object", "entity type",
            ]
        case .identifier:
            [
                "siret", "identifiant structure", "identifiant de la structure", "identifiant", "numero siret",
                "siret structure", "siret de la structure", "structure identifier", "structure siret", "identifier",
            ]
        case .identifierType:
            [
                "type identifiant", "type d identifiant", "type identifiant structure", "type de l identifiant",
                "identifier type", "structure identifier type",
            ]
        case .name:
            [
                "raison sociale", "designation", "designation structure", "designation de la structure",
                "nom structure",
                "nom de la structure", "libelle structure", "company name", "structure name", "name", "corporate name",
            ]
        case .idStructureCPP:
            [
                "id structure cpp", "idstructurecpp", "id structure", "identifiant technique", "identifiant cpp",
                "structure cpp id", "cpp id", "technical id",
            ]
        case .login:
            [
                "login", "identifiant de connexion", "adresse e mail de connexion", "adresse email de connexion",
                "email de connexion", "courriel", "adresse e mail", "user login", "e mail", "email",
            ]
        case .firstName: ["prenom", "first name", "firstname"]
        case .lastName: ["nom", "nom de l utilisateur", "last name", "lastname", "surname"]
        case .role: ["role", "profil", "habilitation", "role de l utilisateur", "profile", "user role"]
        case .serviceCode: ["code service", "code du service", "service code"]
        case .commitmentNumber:
            [
                "numero d engagement", "numero engagement", "numero ej", "engagement", "ej", "commitment number",
                "commitment",
            ]
        case .password: ["mot de passe", "mdp", "password"]
        }
    }

    /// The column a header names, nil when none.
    public init?(header: String) {
        let key = DatasetColumns.key(header)
        guard let column = Self.allCases.first(where: { $0.headers.contains(key) }) else { return nil }
        self = column
    }
}

/// Header and label matching.
public enum DatasetColumns {
    /// `Numéro d’engagement ` → `numero d engagement`: folded, œ spelt out, punctuation as spaces, single spaces.
    public static func key(_ text: String) -> String {
        let folded = MessageFacts.fold(text).replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(
            of: "æ", with: "ae")
        let spaced = String(folded.map { $0.isLetter || $0.isNumber ? $0 : " " })
        return spaced.split(separator: " ").joined(separator: " ")
    }
}
