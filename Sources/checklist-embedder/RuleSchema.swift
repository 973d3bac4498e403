/// `{en: …, fr: …}`, as the checklists write every sentence.
struct Text: Decodable {
    var en: String
    var fr: String

    var swift: String { "LocalizedText(en: \(SwiftLiteral.string(en)), fr: \(SwiftLiteral.string(fr)))" }

    static func optional(_ text: Text?) -> String { text?.swift ?? "nil" }
}

/// A condition on a fact: one value or a list of them (see `FactCondition`).
struct Condition: Decodable {
    var accepted: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([String].self) {
            accepted = list
        } else {
            accepted = [try container.decode(String.self)]
        }
    }

    static func swift(_ conditions: [String: Condition]?) -> String {
        guard let conditions else { return "nil" }
        guard !conditions.isEmpty else { return "[:]" }
        let entries = conditions.keys.sorted().map {
            "\(SwiftLiteral.string($0)): FactCondition(\(SwiftLiteral.strings(conditions[$0]!.accepted)))"
        }
        return "[" + entries.joined(separator: ", ") + "]"
    }
}

/// `rules.yaml` and `explain.yaml`: `rules:`, a list of `DiagnosisRule`s.
struct RuleFile: Decodable {
    var rules: [Rule]

    struct Rule: Decodable {
        var id: String
        var stage: String?
        var when: [String: Condition]
        var cause: Text
        var fixes: [Text]
        var link: String?
        var candidates: [Candidate]?
        var suspectAt: [String]?
        var suspectWhen: [String: Condition]?

        enum CodingKeys: String, CodingKey {
            case id, stage, when, cause, fixes, link, candidates
            case suspectAt = "suspect_at"
            case suspectWhen = "suspect_when"
        }
    }

    struct Candidate: Decodable {
        var id: String
        var cause: Text
        var check: Text
        var likelyWhen: [String: Condition]?
        var excludedWhen: [String: Condition]?

        enum CodingKeys: String, CodingKey {
            case id, cause, check
            case likelyWhen = "likely_when"
            case excludedWhen = "excluded_when"
        }
    }

    /// `RuleBook(rules: [DiagnosisRule(…), …])`, after checking ids are unique and stages known.
    static func swift(_ source: YAMLSource) throws -> String {
        let file = try source.decode(RuleFile.self)
        var seen = Set<String>()
        var out = "RuleBook(rules: [\n"
        for (index, rule) in file.rules.enumerated() {
            let path: [PathStep] = [.key("rules"), .index(index)]
            guard seen.insert(rule.id).inserted else {
                throw source.problem(at: path + [.key("id")], "rule id '\(rule.id)' appears twice")
            }
            var candidateIDs = Set<String>()
            for (offset, candidate) in (rule.candidates ?? []).enumerated()
            where !candidateIDs.insert(candidate.id).inserted {
                throw source.problem(
                    at: path + [.key("candidates"), .index(offset), .key("id")],
                    "candidate id '\(candidate.id)' appears twice in rule '\(rule.id)'")
            }
            let stage = try rule.stage.map { try Vocabulary.stage.member($0, in: source, at: path + [.key("stage")]) }
            let suspectAt = try rule.suspectAt.map { stages in
                try stages.enumerated().map { offset, stage in
                    try Vocabulary.stage.member(stage, in: source, at: path + [.key("suspect_at"), .index(offset)])
                }
            }
            let candidates = rule.candidates.map { list in
                "["
                    + list.map {
                        "DiagnosisRule.CandidateRule(id: \(SwiftLiteral.string($0.id)), cause: \($0.cause.swift), "
                            + "check: \($0.check.swift), likelyWhen: \(Condition.swift($0.likelyWhen)), "
                            + "excludedWhen: \(Condition.swift($0.excludedWhen)))"
                    }.joined(separator: ", ") + "]"
            }
            out += "    DiagnosisRule(\n"
            out += "        id: \(SwiftLiteral.string(rule.id)), stage: \(stage ?? "nil"),\n"
            out += "        when: \(Condition.swift(rule.when)),\n"
            out += "        cause: \(rule.cause.swift),\n"
            out += "        fixes: [\(rule.fixes.map(\.swift).joined(separator: ", "))],\n"
            out += "        link: \(SwiftLiteral.optional(rule.link)),\n"
            out += "        candidates: \(candidates ?? "nil"),\n"
            out += "        suspectAt: \(suspectAt.map { "[" + $0.joined(separator: ", ") + "]" } ?? "nil"),\n"
            out += "        suspectWhen: \(Condition.swift(rule.suspectWhen))),\n"
        }
        return out + "])"
    }
}
