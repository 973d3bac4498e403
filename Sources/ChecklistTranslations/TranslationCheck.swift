/// Whether the string tables of every language say the same things: each key in each language, with the same
/// `{name}` placeholders. Shared by the build (`checklist-embedder`, on the built-in tables) and the run
/// (`CHORUS_DOCTOR_CHECKLISTS` overrides), which each place the problem in their own way.
public enum TranslationCheck {
    /// How a language's text for a key disagrees with another language.
    public enum Disagreement: Equatable, Sendable {
        /// The other language has no text for the key.
        case missing(in: String)
        /// The other language's text has other placeholders (each list sorted).
        case placeholders(in: String, mine: [String], theirs: [String])
    }

    /// The first disagreement, languages in the order given and keys in sorted order; nil when they all agree.
    /// A language with no table counts as empty.
    public static func firstDisagreement(
        among tables: [String: [String: String]], languages: [String]
    ) -> (language: String, key: String, disagreement: Disagreement)? {
        for language in languages {
            for (key, text) in (tables[language] ?? [:]).sorted(by: { $0.key < $1.key }) {
                for other in languages where other != language {
                    guard let translated = tables[other]?[key] else {
                        return (language, key, .missing(in: other))
                    }
                    let mine = placeholders(text)
                    let theirs = placeholders(translated)
                    if mine != theirs {
                        return (language, key, .placeholders(in: other, mine: mine.sorted(), theirs: theirs.sorted()))
                    }
                }
            }
        }
        return nil
    }

    /// The `{name}` placeholders of a text (lower-case letters, `_` and `.`).
    public static func placeholders(_ text: String) -> Set<String> {
        var found = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if !name.isEmpty, name.allSatisfy({ ("a"..."z").contains($0) || $0 == "_" || $0 == "." }) {
                found.insert("{\(name)}")
                rest = after[after.index(after: close)...]
            } else {
                rest = after
            }
        }
        return found
    }
}
