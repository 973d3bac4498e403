import Foundation

// Each book of an override directory, decoded and checked as `checklist-embedder` checks the built-in files.

extension RuleBook {
    /// `rules.yaml` or `explain.yaml`: rule ids unique, candidate ids unique within a rule.
    init(_ file: ChecklistFile) throws(ChecklistError) {
        struct File: Decodable { var rules: [DiagnosisRule] }
        self.init(rules: try file.decode(File.self).rules)
        var seen = Set<String>()
        for (index, rule) in rules.enumerated() {
            guard seen.insert(rule.id).inserted else {
                throw file.problem("rule id '\(rule.id)' appears twice", at: "rules", .index(index), "id")
            }
            var candidates = Set<String>()
            for (offset, candidate) in (rule.candidates ?? []).enumerated()
            where !candidates.insert(candidate.id).inserted {
                throw file.problem(
                    "candidate id '\(candidate.id)' appears twice in rule '\(rule.id)'",
                    at: "rules", .index(index), "candidates", .index(offset), "id")
            }
        }
    }
}

extension SetupSteps {
    /// `setup-steps.yaml`: step ids unique, every field saved under a profile key.
    init(_ file: ChecklistFile) throws(ChecklistError) {
        struct File: Decodable { var steps: [SetupStep] }
        self.init(steps: try file.decode(File.self).steps)
        var seen = Set<String>()
        for (index, step) in steps.enumerated() {
            guard seen.insert(step.id).inserted else {
                throw file.problem("step id '\(step.id)' appears twice", at: "steps", .index(index), "id")
            }
            for (offset, field) in (step.fields ?? []).enumerated() where !ProfileDocument.keys.contains(field.key) {
                throw file.problem(
                    "step '\(step.id)': unknown profile key '\(field.key)' (one of: "
                        + ProfileDocument.keys.joined(separator: ", ") + ")",
                    at: "steps", .index(index), "fields", .index(offset), "key")
            }
            for environment in (step.where?.url ?? [:]).keys.sorted()
            where PlatformEnvironment(rawValue: environment) == nil {
                throw file.problem(
                    "unknown environment '\(environment)' (one of: "
                        + PlatformEnvironment.allCases.map(\.rawValue).joined(separator: ", ") + ")",
                    at: "steps", .index(index), "where", "url", .key(environment))
            }
        }
    }
}

extension DepositStates {
    /// `flow-states.yaml`: state codes in upper case, as the platform sends them and `state(_:)` looks them up.
    init(_ file: ChecklistFile) throws(ChecklistError) {
        struct File: Decodable {
            var states: [String: State]
            var unknown: State
        }
        let decoded = try file.decode(File.self)
        for code in decoded.states.keys.sorted() where code != code.uppercased() {
            throw file.problem(
                "state codes are written in upper case, as the platform sends them", at: "states", .key(code))
        }
        self.init(states: decoded.states, unknown: decoded.unknown)
    }
}

extension InvoiceCheckBook {
    /// `invoice-checks.yaml`: check ids unique.
    init(_ file: ChecklistFile) throws(ChecklistError) {
        struct File: Decodable {
            var limits: Limits
            var checks: [Check]
        }
        let decoded = try file.decode(File.self)
        var seen = Set<String>()
        for (index, check) in decoded.checks.enumerated() where !seen.insert(check.id).inserted {
            throw file.problem("check id '\(check.id)' appears twice", at: "checks", .index(index), "id")
        }
        self.init(checks: decoded.checks, limits: decoded.limits)
    }
}
