import Foundation

/// The user-facing sentences of the tool, from `checklists/strings/en.yaml` and `fr.yaml`.
///
/// Keys are dotted (`check.summary.pass`); `{name}` placeholders are filled by `callAsFunction`.
/// A missing key shows as the key itself (and a test keeps both tables complete).
public struct Strings: Sendable {
    public let language: Language
    /// The rule book of the same checklists, to word diagnoses in this language.
    public let rules: RuleBook
    private let table: [String: String]
    private let fallback: [String: String]

    /// `strings/<lang>.yaml` plus every `strings/<lang>.<feature>.yaml` (one file per feature keeps edits apart),
    /// merged and checked complete in both languages when the library was built.
    public init(language: Language, library: ChecklistLibrary = .embedded) {
        self.language = language
        self.rules = library.rules
        self.table = library.table(language)
        self.fallback = language == .en ? table : library.table(.en)
    }

    /// Every key of one language's table (for completeness tests and tooling).
    public var keys: Set<String> { Set(table.keys) }

    public func has(_ key: String) -> Bool { table[key] != nil }

    /// The sentence for `key`, with `{placeholder}`s replaced. A value the table names as
    /// `value.<placeholder>.<value>` is shown as the table says: codes the probes record (an API's state
    /// `unauthorized`) read in the output's language, while runs keep the code.
    public func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        var text = table[key] ?? fallback[key] ?? key
        for (name, value) in values {
            let shown = table["value.\(name).\(value)"] ?? value
            text = text.replacingOccurrences(of: "{\(name)}", with: shown)
        }
        return text
    }
}

extension Strings {
    /// A diagnosis kept in no language, worded in this one (nil when its rule is gone or it kept no facts).
    public func diagnosis(_ match: RuleMatch) -> Diagnosis? { rules.render(match, language: language) }
}
