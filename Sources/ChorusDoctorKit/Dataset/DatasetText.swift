import Foundation

/// The human rendering of datasets and of import problems.
struct DatasetText {
    var ctx: DoctorContext
    /// The imported file's name, for problem lines.
    var file: String

    /// `sample.csv, line 5, column 2 (SIRET): error: …`
    func line(_ problem: DatasetProblem, warning: Bool) -> String {
        var location = file
        if let line = problem.line {
            let place: String
            if let column = problem.column {
                place = ctx.strings(
                    "dataset.location.cell",
                    ["line": String(line), "column": String(column), "header": problem.header ?? "?"])
            } else {
                place = ctx.strings("dataset.location.line", ["line": String(line)])
            }
            location += location.isEmpty ? place : ", " + place
        }
        let tag =
            warning
            ? ctx.style.yellow(ctx.strings("dataset.tag.warning")) : ctx.style.red(ctx.strings("dataset.tag.error"))
        let prefix = location.isEmpty ? "" : location + ": "
        return prefix + tag + " " + ctx.strings(problem.key, problem.values)
    }

    /// Warnings shown at most per kind (a million rows with the same unknown entity say it three times, then
    /// how many more there are).
    static let warningsPerKind = 3

    /// The warning lines: the first few of each kind, then one summary line per kind with the rest's count.
    func warningLines(_ warnings: [DatasetProblem], counts: [String: Int] = [:]) -> [String] {
        var shown: [String: Int] = [:]
        var order: [String] = []
        var lines: [String] = []
        var summaryAt: [String: Int] = [:]
        for warning in warnings {
            let count = shown[warning.key, default: 0]
            if count == 0 { order.append(warning.key) }
            shown[warning.key] = count + 1
            if count < Self.warningsPerKind {
                lines.append(line(warning, warning: true))
                summaryAt[warning.key] = lines.count
            }
        }
        // Summaries go right after the last line shown of their kind, latest first so indices stay valid.
        for key in order.reversed() {
            let total = max(counts[key] ?? 0, shown[key, default: 0])
            let more = total - min(shown[key, default: 0], Self.warningsPerKind)
            guard more > 0 else { continue }
            let summary =
                ctx.style.yellow(ctx.strings("dataset.tag.warning")) + " "
                + ctx.strings("dataset.warning.repeated", ["count": String(more), "file": file])
            lines.insert(summary, at: summaryAt[key] ?? lines.count)
        }
        return lines
    }

    func header(_ dataset: QualificationDataset) -> String {
        ctx.style.bold(
            ctx.strings(
                "dataset.list.header",
                [
                    "name": dataset.name, "file": dataset.source.fileName,
                    "date": CalendarDay.format(dataset.importedAt),
                    "count": String(dataset.entries.count),
                ]))
    }

    /// One line per structure, grouped by entity, with its users' logins.
    func entities(_ dataset: QualificationDataset) -> String {
        var lines: [String] = []
        let width = dataset.entries.map { label($0).count }.max() ?? 0
        for entity in DatasetEntity.allCases {
            var seen: [String: Int] = [:]
            var rows: [(entry: DatasetEntry, logins: [String])] = []
            for entry in dataset.entries where entry.entity == entity {
                let key = entry.entity == .other ? entry.entityLabel + entry.identifier : entry.identifier
                if let index = seen[key] {
                    if let login = entry.login { rows[index].logins.append(login) }
                } else {
                    seen[key] = rows.count
                    rows.append((entry, entry.login.map { [$0] } ?? []))
                }
            }
            for row in rows {
                let text = label(row.entry)
                var line = "  " + text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
                line += "  " + row.entry.identifier
                if let name = row.entry.name { line += "  " + name }
                if !row.logins.isEmpty { line += "  " + ctx.style.dim(row.logins.joined(separator: ", ")) }
                lines.append(line)
            }
        }
        if lines.isEmpty { return "" }
        lines.append(ctx.style.dim(ctx.strings("dataset.list.hint")))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The entity as shown: its name in the user's language, or the label as written for an unknown one.
    func label(_ entry: DatasetEntry) -> String {
        entry.entity == .other ? entry.entityLabel : ctx.strings("dataset.entity.\(entry.entity.rawValue)")
    }
}
