import Foundation

/// The checks of `checklists/invoice-checks.yaml`: what each one means, how to fix it, and the platform's text.
public struct InvoiceCheckBook: Sendable, Equatable {
    public enum Severity: String, Sendable, Codable, CaseIterable {
        case error, warning
    }

    public struct Check: Sendable, Decodable, Equatable {
        public var id: String
        public var severity: Severity
        /// The platform's words for this cause (`libelleErreurDP`), nil when it answers otherwise.
        public var rejection: String?
        public var source: String
        public var cause: LocalizedText
        public var fixes: [LocalizedText]
    }

    public struct Limits: Sendable, Decodable, Equatable {
        public var maxBytes: Int
        public var maxNameLength: Int
        public var nameExtraCharacters: String

        enum CodingKeys: String, CodingKey {
            case maxBytes = "max_bytes"
            case maxNameLength = "max_name_length"
            case nameExtraCharacters = "name_extra_characters"
        }
    }

    public let checks: [Check]
    public let limits: Limits

    public init(checks: [Check], limits: Limits) {
        self.checks = checks
        self.limits = limits
    }

    public func check(_ id: String) -> Check? { checks.first { $0.id == id } }

    /// One finding, worded in `language` with `facts` filled in.
    func finding(_ id: String, _ facts: [String: String], language: Language) -> InvoiceFinding {
        guard let check = check(id) else {
            return InvoiceFinding(
                id: id, severity: .error, facts: facts, rejection: nil,
                diagnosis: Diagnosis(id: id, cause: id, fixes: [], link: nil))
        }
        func fill(_ text: String) -> String {
            var result = text
            for (key, value) in facts { result = result.replacingOccurrences(of: "{\(key)}", with: value) }
            return result
        }
        return InvoiceFinding(
            id: id, severity: check.severity, facts: facts, rejection: check.rejection.map(fill),
            diagnosis: Diagnosis(
                id: id, cause: fill(check.cause.text(language)), fixes: check.fixes.map { fill($0.text(language)) },
                link: nil))
    }
}

/// Something Chorus Pro would reject (error) or that looks wrong (warning), found before sending.
///
/// In JSON: `{ "id": "service.missing", "severity": "error", "facts": { "siret": "…" },
/// "rejection": "Le code service est obligatoire…", "diagnosis": { Diagnosis } }`.
public struct InvoiceFinding: Sendable, Codable {
    public var id: String
    public var severity: InvoiceCheckBook.Severity
    public var facts: [String: String]
    /// The text the platform would write in the flow's return.
    public var rejection: String?
    public var diagnosis: Diagnosis
}
