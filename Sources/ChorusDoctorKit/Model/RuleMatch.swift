import Foundation

/// A diagnosis as a run keeps it, in no language: the rule that matched, the facts it matched on (and is worded
/// with), and what the other probes said of each candidate cause. Worded at output, in the output's language, by
/// the rule book (`Strings.diagnosis(_:)`), so a kept run reads in any language.
public struct RuleMatch: Sendable, Codable, Hashable {
    /// Stable id from `checklists/rules.yaml` (`token.invalid-client`…).
    public var id: String
    /// The facts the rule matched (the run's facts up to the stage, with `stage`), already redacted. Nil for a
    /// run kept by a version that stored the diagnosis in words only.
    public var facts: [String: String]?
    /// The candidate causes still possible, likely ones first (those other probes ruled out are not listed).
    public var candidates: [Candidate]

    public struct Candidate: Sendable, Codable, Hashable {
        /// The rule's candidate id, or `suspect.<config rule>` for a config warning that may explain the failure.
        public var id: String
        /// What the other probes showed makes this one likely.
        public var likely: Bool
        /// A suspect's own facts (the config warning's), over the match's.
        public var facts: [String: String]?

        public init(id: String, likely: Bool, facts: [String: String]? = nil) {
            self.id = id
            self.likely = likely
            self.facts = facts
        }
    }

    public init(id: String, facts: [String: String]?, candidates: [Candidate] = []) {
        self.id = id
        self.facts = facts
        self.candidates = candidates
    }

    /// The match a diagnosis kept in words stands for (a run kept by an older version, or a `--json` document).
    public init(words: Diagnosis) {
        self.init(id: words.id, facts: nil, candidates: words.candidates.map { .init(id: $0.id, likely: $0.likely) })
    }
}
