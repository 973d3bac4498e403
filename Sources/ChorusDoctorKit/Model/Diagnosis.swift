import Foundation

/// The explanation of a failing or warning stage, in the language of the run.
public struct Diagnosis: Sendable, Codable, Hashable {
    /// Stable id from `checklists/rules.yaml` (`token.invalid-client`…).
    public var id: String
    public var cause: String
    /// Numbered steps naming the portal, the menu path and the field.
    public var fixes: [String]
    public var link: String?
    /// When the platform gives the same bare answer for several causes: all of them, the likely ones first.
    public var candidates: [Candidate]

    public struct Candidate: Sendable, Codable, Hashable {
        public var id: String
        public var cause: String
        /// How to tell whether this is the one.
        public var check: String
        /// What the other probes showed makes this one likely.
        public var likely: Bool
    }

    public init(id: String, cause: String, fixes: [String], link: String?, candidates: [Candidate] = []) {
        self.id = id
        self.cause = cause
        self.fixes = fixes
        self.link = link
        self.candidates = candidates
    }
}
