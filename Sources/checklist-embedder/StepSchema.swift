/// `setup-steps.yaml`: the wizard's steps (see `SetupStep` in the Kit).
struct StepFile: Decodable {
    var steps: [Step]

    struct Step: Decodable {
        var id: String
        var number: Int
        var title: Text
        var why: Text
        var `where`: Place?
        var `do`: [Line]
        var copy: Text
        var verify: Text
        var help: Text?
        var fields: [Field]?
        var probe: String?
        var canWait: Bool?
        var waiting: Text?
        var recap: Bool?
        var action: String?

        enum CodingKeys: String, CodingKey {
            case id, number, title, why, `where`, `do`, copy, verify, help, fields, probe, waiting, recap, action
            case canWait = "can_wait"
        }
    }

    struct Place: Decodable {
        var portal: Text
        var menu: Text
        var url: [String: String]?
        var link: String?
    }

    struct Line: Decodable {
        var en: String
        var fr: String
        var only: String?
    }

    struct Field: Decodable {
        var key: String
        var validator: String
        var label: Text
        var help: Text?
        var optional: Bool?
        var `default`: String?
        var choices: [String]?
        var suggest: [String]?
    }

    /// `SetupSteps(steps: [SetupStep(…), …])`, after checking ids are unique, field keys are profile keys and every
    /// validator, probe, action and environment is one the Kit knows.
    static func swift(_ source: YAMLSource) throws -> String {
        let file = try source.decode(StepFile.self)
        var seen = Set<String>()
        var out = "SetupSteps(steps: [\n"
        for (index, step) in file.steps.enumerated() {
            let path: [PathStep] = [.key("steps"), .index(index)]
            guard seen.insert(step.id).inserted else {
                throw source.problem(at: path + [.key("id")], "step id '\(step.id)' appears twice")
            }
            out += "    SetupStep(\n"
            out += "        id: \(SwiftLiteral.string(step.id)), number: \(step.number),\n"
            out += "        title: \(step.title.swift),\n"
            out += "        why: \(step.why.swift),\n"
            out += "        where: \(try place(step.where, source, path + [.key("where")])),\n"
            let lines = try step.do.enumerated().map { offset, line in
                let only = try line.only.map {
                    try Vocabulary.environment.member(
                        $0, in: source, at: path + [.key("do"), .index(offset), .key("only")])
                }
                return "SetupLine(en: \(SwiftLiteral.string(line.en)), fr: \(SwiftLiteral.string(line.fr)), "
                    + "only: \(only ?? "nil"))"
            }
            out += "        do: [\n            " + lines.joined(separator: ",\n            ") + "],\n"
            out += "        copy: \(step.copy.swift),\n"
            out += "        verify: \(step.verify.swift),\n"
            out += "        help: \(Text.optional(step.help)),\n"
            out += "        fields: \(try fields(step, source, path)),\n"
            let probe = try step.probe.map { try Vocabulary.probe.member($0, in: source, at: path + [.key("probe")]) }
            out += "        probe: \(probe ?? "nil"), canWait: \(SwiftLiteral.optional(step.canWait)),\n"
            out += "        waiting: \(Text.optional(step.waiting)), recap: \(SwiftLiteral.optional(step.recap)),\n"
            let action = try step.action.map {
                try Vocabulary.action.member($0, in: source, at: path + [.key("action")])
            }
            out += "        action: \(action ?? "nil")),\n"
        }
        return out + "])"
    }

    private static func place(_ place: Place?, _ source: YAMLSource, _ path: [PathStep]) throws -> String {
        guard let place else { return "nil" }
        for environment in (place.url ?? [:]).keys.sorted() where Vocabulary.environment.name(of: environment) == nil {
            _ = try Vocabulary.environment.member(environment, in: source, at: path + [.key("url"), .key(environment)])
        }
        return "SetupStep.Place(portal: \(place.portal.swift), menu: \(place.menu.swift), "
            + "url: \(place.url.map(SwiftLiteral.table) ?? "nil"), link: \(SwiftLiteral.optional(place.link)))"
    }

    private static func fields(_ step: Step, _ source: YAMLSource, _ path: [PathStep]) throws -> String {
        guard let fields = step.fields else { return "nil" }
        let entries = try fields.enumerated().map { offset, field in
            let here = path + [.key("fields"), .index(offset)]
            guard Vocabulary.profileKey.name(of: field.key) != nil else {
                throw source.problem(
                    at: here + [.key("key")],
                    "step '\(step.id)': unknown profile key '\(field.key)' (one of: "
                        + Vocabulary.profileKey.cases.map(\.raw).joined(separator: ", ") + ")")
            }
            let validator = try Vocabulary.validator.member(field.validator, in: source, at: here + [.key("validator")])
            return "SetupField(key: \(SwiftLiteral.string(field.key)), validator: \(validator), "
                + "label: \(field.label.swift), help: \(Text.optional(field.help)), "
                + "optional: \(SwiftLiteral.optional(field.optional)), default: \(SwiftLiteral.optional(field.default)), "
                + "choices: \(field.choices.map(SwiftLiteral.strings) ?? "nil"), "
                + "suggest: \(field.suggest.map(SwiftLiteral.strings) ?? "nil"))"
        }
        return "[\n            " + entries.joined(separator: ",\n            ") + "]"
    }
}
