import Foundation

/// The user-facing sentences of the tool, from `checklists/strings/en.yaml` and `fr.yaml`.
///
/// Keys are dotted (`check.summary.pass`); `{name}` placeholders are filled by `callAsFunction`.
/// A missing key shows as the key itself (and a test keeps both tables complete).
public struct Strings: Sendable {
    public let language: Language
    private let table: [String: String]
    private let fallback: [String: String]

    public init(language: Language, library: ChecklistLibrary = .embedded) throws {
        self.language = language
        self.table = try library.decode([String: String].self, from: "strings/\(language.rawValue).yaml")
        self.fallback = language == .en ? table : try library.decode([String: String].self, from: "strings/en.yaml")
    }

    /// Every key of one language's table (for completeness tests and tooling).
    public var keys: Set<String> { Set(table.keys) }

    public func has(_ key: String) -> Bool { table[key] != nil }

    /// The sentence for `key`, with `{placeholder}`s replaced.
    public func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        var text = table[key] ?? fallback[key] ?? key
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }
}
