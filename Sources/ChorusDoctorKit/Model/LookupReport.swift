import Foundation

/// What `lookup --json` prints (schema `chorus-doctor.lookup/1`), snake_case keys:
///
/// ```
/// { "schema": "chorus-doctor.lookup/1", "tool_version": "…", "profile": "default", "environment": "sandbox",
///   "query": { "identifier": "…", "identifier_type": "SIRET", "service": "MARCHES", "entity": null },
///   "verdict": "found",            // found | inactive | not_found | service_ok | service_unknown |
///                                  // service_inactive | failed
///   "structure": { "id_structure_cpp": 26311350, "identifier": "…", "identifier_type": "SIRET", "name": "…",
///                  "status": "ACTIVE", "kind": "PUBLIQUE", "service_code_required": true,
///                  "commitment_required": false, "commitment_or_service_required": false },
///   "services": [ { "id": 10471300, "code": "ACHATS", "label": "…", "active": true } ],   // every page, all states
///   "service": { "code": "MARCHES", "exists": true, "active": true, "commitment_required": true, "id": …,
///                "label": "…", "suggestions": [] },
///   "notes": [ { "id": "qualification", "text": "…" } ],
///   "problem": { …CallProblem… },   // when verdict is failed
///   "exchanges": [ … ] }            // with --verbose only, redacted
/// ```
public struct LookupReport: Sendable, Codable {
    public static let schemaName = "chorus-doctor.lookup/1"

    public enum Verdict: String, Sendable, Codable {
        case found, inactive
        case notFound = "not_found"
        case serviceOK = "service_ok"
        case serviceUnknown = "service_unknown"
        case serviceInactive = "service_inactive"
        case failed

        /// Whether an invoice addressed this way can be accepted (exit status 0).
        public var isUsable: Bool { self == .found || self == .serviceOK }
    }

    public struct Query: Sendable, Codable {
        public var identifier: String
        public var identifierType: String
        public var service: String?
        /// The dataset entity the identifier was taken from (`--entity`).
        public var entity: String?
    }

    public struct Structure: Sendable, Codable {
        public var idStructureCPP: Int64
        public var identifier: String
        public var identifierType: String
        public var name: String
        /// ACTIVE or INACTIVE.
        public var status: String
        /// PUBLIQUE or PRIVEE, when the details were read.
        public var kind: String?
        public var serviceCodeRequired: Bool?
        public var commitmentRequired: Bool?
        public var commitmentOrServiceRequired: Bool?

        enum CodingKeys: String, CodingKey {
            case idStructureCPP = "idStructureCpp"
            case identifier, identifierType, name, status, kind, serviceCodeRequired, commitmentRequired
            case commitmentOrServiceRequired
        }
    }

    public struct Service: Sendable, Codable, Hashable {
        public var id: Int64
        public var code: String
        public var label: String
        public var active: Bool
    }

    public struct ServiceCheck: Sendable, Codable {
        public var code: String
        public var exists: Bool
        public var active: Bool?
        public var commitmentRequired: Bool?
        public var id: Int64?
        public var label: String?
        /// Close codes when the one asked for does not exist.
        public var suggestions: [String]
    }

    public struct Note: Sendable, Codable {
        public var id: String
        public var text: String
    }

    public var schema = Self.schemaName
    public var toolVersion = ToolVersion.current
    public var profile: String
    public var environment: String
    public var query: Query
    public var verdict: Verdict = .failed
    public var structure: Structure?
    public var services: [Service]?
    public var service: ServiceCheck?
    public var notes: [Note] = []
    public var problem: CallProblem?
    public var exchanges: [RecordedExchange]?

    public init(profile: String, environment: String, query: Query) {
        self.profile = profile
        self.environment = environment
        self.query = query
    }
}
