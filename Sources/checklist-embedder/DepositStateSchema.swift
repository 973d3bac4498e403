/// `flow-states.yaml`: what each state of a deposited flow means (see `DepositStates` in the Kit).
struct DepositStateFile: Decodable {
    var states: [String: State]
    var unknown: State

    struct State: Decodable {
        var final: Bool
        var outcome: String
        var meaning: Text
        var action: Text

        func swift(_ source: YAMLSource, _ path: [PathStep]) throws -> String {
            let outcome = try Vocabulary.outcome.member(outcome, in: source, at: path + [.key("outcome")])
            return "DepositStates.State(final: \(final), outcome: \(outcome), meaning: \(meaning.swift), "
                + "action: \(action.swift))"
        }
    }

    /// `DepositStates(states: […], unknown: …)`, after checking codes are upper case (they are looked up so) and
    /// outcomes known.
    static func swift(_ source: YAMLSource) throws -> String {
        let file = try source.decode(DepositStateFile.self)
        var out = "DepositStates(\n    states: [\n"
        for code in file.states.keys.sorted() {
            let path: [PathStep] = [.key("states"), .key(code)]
            guard code == code.uppercased() else {
                throw source.problem(at: path, "state codes are written in upper case, as the platform sends them")
            }
            out += "        \(SwiftLiteral.string(code)): \(try file.states[code]!.swift(source, path)),\n"
        }
        out += "    ],\n    unknown: \(try file.unknown.swift(source, [.key("unknown")])))"
        return out
    }
}
