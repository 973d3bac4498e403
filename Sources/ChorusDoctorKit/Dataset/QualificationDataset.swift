import Foundation

/// What a structure of the qualification "Structures and users" dataset is for (its "Entity" column).
public enum DatasetEntity: String, Sendable, Codable, CaseIterable {
    case supplier
    case validator
    case recipient
    case recipient2 = "recipient-2"
    case recipientState = "recipient-state"
    case recipientServiceRequired = "recipient-service-required"
    case recipientCommitmentRequired = "recipient-ej-required"
    case recipientCommitmentOrService = "recipient-ej-or-service"
    case recipientWithoutParameter = "recipient-no-parameter"
    case moe
    case moa
    /// A label this version does not know (kept as written, reported at import).
    case other

    /// The labels the portal writes (French and English), in `DatasetColumns.key` form.
    static let labels: [DatasetEntity: [String]] = [
        .supplier: ["fournisseur", "supplier"],
        .validator: ["valideur", "validator"],
        .recipient: ["destinataire", "recipient", "destinataire 1", "recipient 1"],
        .recipient2: ["destinataire 2", "recipient 2"],
        .recipientState: ["destinataire etat", "destinataire de type etat", "recipient state", "state recipient"],
        .recipientServiceRequired: [
            "destinataire avec service obligatoire", "destinataire service obligatoire",
            "recipient with mandatory service",
        ],
        .recipientCommitmentRequired: [
            "destinataire avec ej obligatoire", "destinataire ej obligatoire", "recipient with mandatory ej",
        ],
        .recipientCommitmentOrService: [
            "destinataire avec ej ou service obligatoire", "destinataire ej ou service obligatoire",
            "recipient with mandatory ej or service",
        ],
        .recipientWithoutParameter: [
            "destinataire sans parametre", "destinataire sans parametres", "recipient without parameter",
            "recipient without parameters",
        ],
        .moe: ["moe", "maitre d oeuvre", "maitrise d oeuvre"],
        .moa: ["moa", "maitre d ouvrage", "maitrise d ouvrage"],
    ]

    /// The entity a label names, tolerant to case, accents, spaces and punctuation; nil when unknown.
    public init?(label: String) {
        let key = DatasetColumns.key(label)
        guard let found = Self.labels.first(where: { $0.value.contains(key) })?.key else { return nil }
        self = found
    }

    /// The entity a command-line value names: the raw value (`recipient-ej-required`) or a portal label.
    public init?(argument: String) {
        if let entity = DatasetEntity(rawValue: argument.lowercased()), entity != .other {
            self = entity
        } else {
            self.init(label: argument)
        }
    }
}

/// One row of an imported dataset: a structure and, when the row has one, a test user of it.
public struct DatasetEntry: Sendable, Codable, Hashable {
    /// The line of the CSV file it came from.
    public var line: Int
    public var entity: DatasetEntity
    /// The entity as written in the file.
    public var entityLabel: String
    /// `identifiantStructure` (a SIRET unless `identifierType` says otherwise).
    public var identifier: String
    public var identifierType: String
    public var name: String?
    public var idStructureCPP: Int64?
    /// A dataset user's login (to sign in to the qualification portal).
    public var login: String?
    public var firstName: String?
    public var lastName: String?
    public var role: String?
    public var serviceCode: String?
    public var commitmentNumber: String?

    /// The stored keys, spelled out: a million-row dataset is decoded without converting 13 keys per row.
    enum CodingKeys: String, CodingKey {
        case line, entity, identifier, name, login, role
        case entityLabel = "entity_label"
        case identifierType = "identifier_type"
        case idStructureCPP = "id_structure_cpp"
        case firstName = "first_name"
        case lastName = "last_name"
        case serviceCode = "service_code"
        case commitmentNumber = "commitment_number"
    }
}

/// An imported "Structures and users" dataset, as kept under `$XDG_STATE_HOME/chorus-doctor/datasets/<name>.json`
/// (schema `chorus-doctor.dataset/1`, snake_case keys). Passwords of the file are never kept.
public struct QualificationDataset: Sendable, Codable {
    public static let schemaName = "chorus-doctor.dataset/1"

    public struct Source: Sendable, Codable {
        public var fileName: String
        /// `UTF-8`, `UTF-8 with BOM`, `UTF-16`, or `Windows-1252 (Latin-1)` when it was not UTF-8.
        public var encoding: String
        public var rows: Int
        /// Header as written → the meaning it was matched to (`entity`, `identifier`…).
        public var columns: [String: String]
        /// Headers that match no supported column (not imported).
        public var ignoredColumns: [String]

        enum CodingKeys: String, CodingKey {
            case encoding, rows, columns
            case fileName = "file_name"
            case ignoredColumns = "ignored_columns"
        }
    }

    public var schema = Self.schemaName
    public var name: String
    public var importedAt: Date
    public var source: Source
    public var entries: [DatasetEntry]

    enum CodingKeys: String, CodingKey {
        case schema, name, source, entries
        case importedAt = "imported_at"
    }

    /// The stored document's decoder. Keys are spelled out in snake_case by every dataset type (no conversion);
    /// the same keys come out of `CheckReport.encoder()`, which leaves snake_case keys as they are.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .internetDateTime
        return decoder
    }

    /// The stored document's encoder (readable: pretty-printed, sorted keys).
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .internetDateTime
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The first entry of an entity.
    public func first(_ entity: DatasetEntity) -> DatasetEntry? { entries.first { $0.entity == entity } }

    /// Entities present, in `DatasetEntity` order.
    public var entities: [DatasetEntity] {
        DatasetEntity.allCases.filter { entity in entries.contains { $0.entity == entity } }
    }
}
