import Foundation

/// Explains rejection messages, Chorus Pro return codes and HTTP errors from `checklists/explain.yaml`, offline.
///
/// The rules have the format of the diagnosis rules (`RuleBook`) without stages. Matching is done on folded text:
/// the `~fragment` patterns are folded like the message (`MessageFacts.fold`), so "référentiel", "REFERENTIEL" and
/// "referentiel" are the same fragment. The first rule whose conditions all hold wins.
public struct Explainer: Sendable {
    /// The rules as written (for rendering and tests).
    public let book: RuleBook
    private let folded: [[String: FactCondition]]

    public init(book: RuleBook) {
        self.book = book
        folded = book.rules.map { rule in
            rule.when.mapValues { FactCondition($0.accepted.map(Self.foldPattern)) }
        }
    }

    /// The rule that explains these facts, rendered in `language`, or nil when none matches.
    public func explain(facts: [String: String], language: Language) -> Diagnosis? {
        let comparable = facts.mapValues(MessageFacts.fold)
        guard let index = folded.firstIndex(where: { $0.allSatisfy { $0.value.matches(comparable[$0.key]) } }) else {
            return nil
        }
        return RuleBook.render(book.rules[index], facts: facts, language: language)
    }

    /// One message explained (nil diagnosis: not recognised).
    public func explain(message: String, language: Language) -> Explanation {
        let facts = MessageFacts.of(message: message)
        return Explanation(
            input: facts["message"] ?? message, diagnosis: explain(facts: facts, language: language), facts: facts)
    }

    /// `~Référentiel` → `~referentiel`; `!~x` keeps its operator; other patterns compare case-insensitively already.
    static func foldPattern(_ pattern: String) -> String {
        for prefix in ["!~", "~", "!"] where pattern.hasPrefix(prefix) {
            return prefix + MessageFacts.fold(String(pattern.dropFirst(prefix.count)))
        }
        return MessageFacts.fold(pattern)
    }
}

/// A message and what it means. Encoded in `explain --json` (schema `chorus-doctor.explain/1`).
public struct Explanation: Sendable, Codable {
    /// The message as read (trimmed, bounded).
    public var input: String
    /// The explanation; nil when no rule recognises the message.
    public var diagnosis: Diagnosis?
    /// The structured facts read from it (HTTP status, codes, API), for scripts.
    public var found: [String: String]

    public var recognised: Bool { diagnosis != nil }

    public init(input: String, diagnosis: Diagnosis?, facts: [String: String]) {
        self.input = input
        self.diagnosis = diagnosis
        let kept = [
            "http.status", "code_retour", "libelle", "oauth.error", "www_authenticate.realm", "api", "transport.kind",
        ]
        found = facts.filter { kept.contains($0.key) }
    }

    enum CodingKeys: String, CodingKey {
        case input, diagnosis, found, recognised
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(input, forKey: .input)
        try container.encode(recognised, forKey: .recognised)
        try container.encodeIfPresent(diagnosis, forKey: .diagnosis)
        try container.encode(found, forKey: .found)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        input = try container.decode(String.self, forKey: .input)
        diagnosis = try container.decodeIfPresent(Diagnosis.self, forKey: .diagnosis)
        found = try container.decode([String: String].self, forKey: .found)
    }
}
