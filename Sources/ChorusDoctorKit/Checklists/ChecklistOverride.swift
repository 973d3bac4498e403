import Foundation

/// A support engineer's edited copy of `checklists/` (`CHORUS_DOCTOR_CHECKLISTS=DIR`): every file found there is
/// decoded and checked as the build checks the built-in ones (`checklist-embedder`), once, when the context is
/// built; a file it does not have keeps its built-in value.
enum ChecklistOverride {
    static func read(directory path: String) throws(ChecklistError) -> ChecklistContents {
        let root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue,
            let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        else { throw ChecklistError(file: path, message: "cannot read directory") }
        var texts: [String: String] = [:]
        for case let url as URL in walker where ["yaml", "yml"].contains(url.pathExtension) {
            let name = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw ChecklistError(file: name, message: "not readable as UTF-8")
            }
            texts[name] = text
        }
        var contents = ChecklistContents()
        var tables: [Language: [StringTable.Override]] = [:]
        for name in texts.keys.sorted() {
            let file = try ChecklistFile(name: name, text: texts[name]!)
            switch name {
            case "rules.yaml": contents.rules = try RuleBook(file)
            case "explain.yaml": contents.explanations = try RuleBook(file)
            case "setup-steps.yaml": contents.setupSteps = try SetupSteps(file)
            case "flow-states.yaml": contents.depositStates = try DepositStates(file)
            case "invoice-checks.yaml": contents.invoiceChecks = try InvoiceCheckBook(file)
            default:
                guard let language = StringTable.language(of: name) else {
                    throw ChecklistError(
                        file: name, message: "not a checklist file (the files are listed in checklists/README.md)")
                }
                tables[language, default: []].append((name, file, try file.decode([String: String].self)))
            }
        }
        for (language, replaced) in tables {
            contents.strings[language] = try StringTable.merge(language, replacing: replaced)
        }
        try StringTable.checkComplete(contents.strings, overriding: tables)
        return contents
    }
}
