import ChecklistTranslations
import Foundation

/// The string tables of an override directory: `strings/<language>.yaml` and `strings/<language>.<feature>.yaml`,
/// checked as the build checks the built-in ones (a key defined twice in a language, a key one language lacks, or
/// placeholders that differ between languages are errors).
enum StringTable {
    /// A strings file of an override directory, parsed.
    typealias Override = (name: String, file: ChecklistFile, table: [String: String])

    /// `strings/fr.wizard.yaml` → `.fr`; nil for a file that is not a string table of a known language.
    static func language(of name: String) -> Language? {
        guard name.hasPrefix("strings/"), name.hasSuffix(".yaml") else { return nil }
        return name.dropFirst("strings/".count).split(separator: ".").first.flatMap { Language(rawValue: String($0)) }
    }

    /// A language's table with the files of an override directory in place of the built-in ones of the same name.
    static func merge(
        _ language: Language, replacing files: [Override]
    ) throws(ChecklistError) -> [String: String] {
        var table = EmbeddedChecklists.strings(language)
        var origin: [String: String] = [:]
        let replaced = Set(files.map(\.name))
        for (name, keys) in EmbeddedChecklists.stringKeys where Self.language(of: name) == language {
            for key in keys {
                if replaced.contains(name) { table.removeValue(forKey: key) } else { origin[key] = name }
            }
        }
        for source in files.sorted(by: { $0.name < $1.name }) {
            for key in source.table.keys.sorted() {
                if let first = origin[key] {
                    throw source.file.problem("defined twice (also in checklists/\(first))", at: .key(key))
                }
                table[key] = source.table[key]
                origin[key] = source.name
            }
        }
        return table
    }

    /// Every key in every language, with the same placeholders. A problem is placed at the key in the override
    /// file that has it, or names the built-in file.
    static func checkComplete(
        _ tables: [Language: [String: String]], overriding files: [Language: [Override]]
    ) throws(ChecklistError) {
        func problem(_ language: Language, _ key: String, _ message: String) -> ChecklistError {
            if let file = files[language]?.first(where: { $0.table[key] != nil })?.file {
                return file.problem(message, at: .key(key))
            }
            let name = EmbeddedChecklists.stringKeys.first {
                Self.language(of: $0.key) == language && $0.value.contains(key)
            }
            return ChecklistError(file: name?.key ?? "strings/\(language.rawValue).yaml", message: "\(key): \(message)")
        }
        let languages = Language.allCases.map(\.rawValue)
        let byCode = Dictionary(uniqueKeysWithValues: tables.map { ($0.key.rawValue, $0.value) })
        guard let found = TranslationCheck.firstDisagreement(among: byCode, languages: languages),
            let language = Language(rawValue: found.language)
        else { return }
        switch found.disagreement {
        case .missing(let other):
            throw problem(language, found.key, "no '\(other)' text in any strings/\(other).*.yaml")
        case .placeholders(let other, let mine, let theirs):
            throw problem(
                language, found.key, "placeholders differ from the '\(other)' text: \(mine) here, \(theirs) there")
        }
    }
}
