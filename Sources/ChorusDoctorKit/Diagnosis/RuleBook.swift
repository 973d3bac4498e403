import Foundation

/// A condition on one fact, as written in `checklists/rules.yaml`.
///
/// `value` equal (case-insensitive) · `[a, b]` any of · `"*"` present · `"-"` absent · `"!value"` present and different
/// · `"~text"` contains · `"<N"`, `"<=N"`, `">N"`, `">=N"` numeric comparison.
public struct FactCondition: Sendable, Decodable, Hashable {
    public var accepted: [String]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([String].self) {
            accepted = list
        } else {
            accepted = [try container.decode(String.self)]
        }
    }

    public init(_ accepted: [String]) { self.accepted = accepted }

    public func matches(_ fact: String?) -> Bool {
        accepted.contains { Self.match($0, fact) }
    }

    static func match(_ pattern: String, _ fact: String?) -> Bool {
        if pattern == "*" { return !(fact ?? "").isEmpty }
        if pattern == "-" { return (fact ?? "").isEmpty }
        if pattern.hasPrefix("!") { return !(fact ?? "").isEmpty && !match(String(pattern.dropFirst()), fact) }
        guard let fact else { return false }
        if pattern.hasPrefix("~") { return fact.localizedCaseInsensitiveContains(pattern.dropFirst()) }
        for op in ["<=", ">=", "<", ">"] where pattern.hasPrefix(op) {
            guard let bound = Double(pattern.dropFirst(op.count)), let number = Double(fact) else { return false }
            switch op {
            case "<=": return number <= bound
            case ">=": return number >= bound
            case "<": return number < bound
            default: return number > bound
            }
        }
        return pattern.caseInsensitiveCompare(fact) == .orderedSame
    }
}

/// One rule: what a stage saw → a diagnosis.
public struct DiagnosisRule: Sendable, Decodable, Equatable {
    public var id: String
    /// The stage the rule applies to; nil for any stage.
    public var stage: StageID?
    public var when: [String: FactCondition]
    public var cause: LocalizedText
    public var fixes: [LocalizedText]
    public var link: String?
    public var candidates: [CandidateRule]?
    /// Config warnings only: the later stages whose failure this suspicious value may explain. When such a stage
    /// fails (and its facts match `suspectWhen`), the warning is listed first among the candidates.
    public var suspectAt: [StageID]?
    public var suspectWhen: [String: FactCondition]?

    enum CodingKeys: String, CodingKey {
        case id, stage, when, cause, fixes, link, candidates
        case suspectAt = "suspect_at"
        case suspectWhen = "suspect_when"
    }

    public struct CandidateRule: Sendable, Decodable, Equatable {
        public var id: String
        public var cause: LocalizedText
        public var check: LocalizedText
        /// All these hold → the candidate is marked likely and listed first.
        public var likelyWhen: [String: FactCondition]?
        /// All these hold → the other probes rule this candidate out; it is not listed.
        public var excludedWhen: [String: FactCondition]?

        enum CodingKeys: String, CodingKey {
            case id, cause, check
            case likelyWhen = "likely_when"
            case excludedWhen = "excluded_when"
        }
    }

    public func matches(stage: StageID, facts: [String: String]) -> Bool {
        if let only = self.stage, only != stage { return false }
        return when.allSatisfy { $0.value.matches(facts[$0.key]) }
    }
}

/// The ordered rule set: the first rule that matches wins, so specific rules come before general ones.
///
/// `checklists/rules.yaml` and `explain.yaml` are compiled into books at build time (`ChecklistLibrary.rules`,
/// `.explanations`), their ids checked unique then.
public struct RuleBook: Sendable, Equatable {
    public var rules: [DiagnosisRule]

    public init(rules: [DiagnosisRule]) { self.rules = rules }

    public func rule(id: String) -> DiagnosisRule? { rules.first { $0.id == id } }

    /// The diagnosis for what `stage` saw, in `language`, or nil when no rule matches.
    public func diagnose(stage: StageID, facts: [String: String], language: Language) -> Diagnosis? {
        guard let rule = rules.first(where: { $0.matches(stage: stage, facts: facts) }) else { return nil }
        return Self.render(rule, facts: facts, language: language)
    }

    /// What a finished stage gets, in no language: for a failure or a warning, the first matching rule (the
    /// stage's id is added to the facts); a failure no rule knows gets the last-resort `unrecognised` rule. Nil for
    /// pass and skip.
    public func match(for stage: StageID, status: StageStatus, facts: [String: String]) -> RuleMatch? {
        guard status == .fail || status == .warn else { return nil }
        var facts = facts
        facts["stage"] = stage.rawValue
        if let rule = rules.first(where: { $0.matches(stage: stage, facts: facts) }) {
            return Self.match(rule, facts: facts)
        }
        guard status == .fail, let fallback = rule(id: "unrecognised") else { return nil }
        facts["fallback"] = "true"
        return Self.match(fallback, facts: facts)
    }

    /// The same, worded in `language`.
    public func diagnosis(
        for stage: StageID, status: StageStatus, facts: [String: String], language: Language
    ) -> Diagnosis? {
        match(for: stage, status: status, facts: facts).flatMap { render($0, language: language) }
    }

    /// `rule` matched on `facts`: its candidates marked likely or left out by what the other probes showed.
    static func match(_ rule: DiagnosisRule, facts: [String: String]) -> RuleMatch {
        var likely: [RuleMatch.Candidate] = []
        var possible: [RuleMatch.Candidate] = []
        for candidate in rule.candidates ?? [] {
            if let excluded = candidate.excludedWhen, excluded.allSatisfy({ $0.value.matches(facts[$0.key]) }) {
                continue
            }
            let isLikely = candidate.likelyWhen.map { $0.allSatisfy { $0.value.matches(facts[$0.key]) } } ?? false
            if isLikely {
                likely.append(.init(id: candidate.id, likely: true))
            } else {
                possible.append(.init(id: candidate.id, likely: false))
            }
        }
        return RuleMatch(id: rule.id, facts: facts, candidates: likely + possible)
    }

    /// The config warnings that may explain `stage`'s failure, as candidates to list first (worded as the
    /// warning's cause, and its first fix as the way to check). `warnings` are the config problems' own facts.
    public func suspects(
        _ warnings: [[String: String]], at stage: StageID, facts: [String: String]
    ) -> [RuleMatch.Candidate] {
        var found: [RuleMatch.Candidate] = []
        for warning in warnings {
            let merged = facts.merging(warning) { $1 }
            guard let rule = rules.first(where: { $0.matches(stage: .config, facts: merged) }),
                rule.suspectAt?.contains(stage) ?? false,
                (rule.suspectWhen ?? [:]).allSatisfy({ $0.value.matches(facts[$0.key]) }),
                !found.contains(where: { $0.id == Self.suspectPrefix + rule.id })
            else { continue }
            found.append(.init(id: Self.suspectPrefix + rule.id, likely: true, facts: merged))
        }
        return found
    }

    /// How a config warning listed among a failure's candidates is named: `suspect.<rule id>`.
    static let suspectPrefix = "suspect."

    /// `match` worded in `language`: the rule's texts filled with the facts it matched on, the candidates in the
    /// match's order with its marks. Nil when the rule is no longer in the book, or the match kept no facts (a run
    /// kept by an older version: its words are all there is).
    public func render(_ match: RuleMatch, language: Language) -> Diagnosis? {
        guard let rule = rule(id: match.id), let facts = match.facts else { return nil }
        var candidates: [Diagnosis.Candidate] = []
        for mark in match.candidates {
            if mark.id.hasPrefix(Self.suspectPrefix),
                let suspect = self.rule(id: String(mark.id.dropFirst(Self.suspectPrefix.count)))
            {
                let worded = Self.render(suspect, facts: mark.facts ?? facts, language: language)
                candidates.append(
                    Diagnosis.Candidate(
                        id: mark.id, cause: worded.cause, check: worded.fixes.first ?? "", likely: mark.likely))
            } else if let candidate = rule.candidates?.first(where: { $0.id == mark.id }) {
                candidates.append(
                    Diagnosis.Candidate(
                        id: mark.id, cause: Self.fill(candidate.cause, facts: facts, language: language),
                        check: Self.fill(candidate.check, facts: facts, language: language), likely: mark.likely))
            }
        }
        return Diagnosis(
            id: rule.id, cause: Self.fill(rule.cause, facts: facts, language: language),
            fixes: rule.fixes.map { Self.fill($0, facts: facts, language: language) }, link: rule.link,
            candidates: candidates)
    }

    /// `rule` worded in `language` for `facts`, its candidates marked by the same facts.
    public static func render(_ rule: DiagnosisRule, facts: [String: String], language: Language) -> Diagnosis {
        let book = RuleBook(rules: [rule])
        return book.render(match(rule, facts: facts), language: language)!
    }

    /// A rule's text in `language`, its `{fact}` placeholders filled, its commands scoped to the run's profile.
    static func fill(_ text: LocalizedText, facts: [String: String], language: Language) -> String {
        var result = text.text(language)
        if result.contains("{") {
            for (key, value) in facts { result = result.replacingOccurrences(of: "{\(key)}", with: value) }
            result = fillDefaults(result, facts: facts)
        }
        if let profile = facts[FixCommand.profileFact] { result = FixCommand.scoped(result, profile: profile) }
        return result
    }

    /// `{fact?what it stands for}`: the fact's value when the run knows it, else the text after `?`.
    static func fillDefaults(_ text: String, facts: [String: String]) -> String {
        guard text.contains("?") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let inside = rest[rest.index(after: open)..<close]
            if let mark = inside.firstIndex(of: "?") {
                let key = String(inside[..<mark])
                let value = facts[key].flatMap { $0.isEmpty ? nil : $0 }
                result += value ?? String(inside[inside.index(after: mark)...])
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
