/// Something wrong in a checklist file, named by file, line, column and path, as the build prints it
/// (`checklists/rules.yaml:42:5: error: rules[3].stage: unknown stage 'acount' …`).
struct ChecklistProblem: Error, CustomStringConvertible {
    var file: String
    var line: Int?
    var column: Int?
    /// Where in the document (`rules[3].stage`), empty for the whole file.
    var path: String
    var message: String

    var description: String {
        var place = "checklists/\(file)"
        if let line { place += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        return "\(place): error: " + (path.isEmpty ? "" : "\(path): ") + message
    }
}
