import ChecklistTranslations

/// `strings/<lang>.yaml` and `strings/<lang>.<feature>.yaml`: every sentence the tool shows, per language.
///
/// Checked together: a key defined twice (in one file or in two files of a language), a key one language has and
/// another lacks, and placeholders (`{name}`) that differ between languages all fail the build.
struct StringTables {
    /// Language code → key → text, every file of the language merged.
    var tables: [String: [String: String]] = [:]
    /// File name → its keys (an override directory may replace one file of a language).
    var keysByFile: [String: [String]] = [:]
    /// Language code → key → the file and place it comes from.
    private var origins: [String: [String: (source: YAMLSource, key: String)]] = [:]

    static func language(ofTable name: String) -> String? {
        guard name.hasPrefix("strings/"), name.hasSuffix(".yaml") else { return nil }
        return name.dropFirst("strings/".count).split(separator: ".").first.map(String.init)
    }

    mutating func add(_ source: YAMLSource) throws {
        guard let language = Self.language(ofTable: source.name), Vocabulary.language.name(of: language) != nil else {
            throw ChecklistProblem(
                file: source.name, path: "",
                message: "a strings file is named <language>.yaml or <language>.<feature>.yaml, language one of: "
                    + Vocabulary.language.cases.map(\.raw).joined(separator: ", "))
        }
        let table = try source.decode([String: String].self)
        keysByFile[source.name] = table.keys.sorted()
        for key in table.keys.sorted() {
            if let first = origins[language]?[key] {
                throw source.problem(
                    at: [.key(key)], "defined twice (also in checklists/\(first.source.name))")
            }
            tables[language, default: [:]][key] = table[key]
            origins[language, default: [:]][key] = (source, key)
        }
    }

    /// Every key in every language, with the same placeholders.
    func checkComplete() throws {
        let languages = Vocabulary.language.cases.map(\.raw)
        for language in languages where tables[language] == nil {
            throw ChecklistProblem(file: "strings/\(language).yaml", path: "", message: "no strings for '\(language)'")
        }
        guard let found = TranslationCheck.firstDisagreement(among: tables, languages: languages) else { return }
        let origin = origins[found.language]![found.key]!
        switch found.disagreement {
        case .missing(let other):
            throw origin.source.problem(at: [.key(found.key)], "no '\(other)' text in any strings/\(other).*.yaml")
        case .placeholders(let other, let mine, let theirs):
            throw origin.source.problem(
                at: [.key(found.key)],
                "placeholders differ from the '\(other)' text: \(mine) here, \(theirs) "
                    + "in checklists/\(origins[other]![found.key]!.source.name)")
        }
    }
}
