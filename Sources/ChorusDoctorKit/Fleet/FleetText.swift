import Foundation

/// The summary table of `check --all`: what needs attention first, one line per profile.
struct FleetText {
    var ctx: DoctorContext

    func render(_ report: FleetReport) -> String {
        let style = ctx.style
        let rows = report.profiles.sorted { ($0.status.rank, $0.profile) < ($1.status.rank, $1.profile) }
        let header = [
            ctx.strings("fleet.column.profile"), ctx.strings("fleet.column.environment"),
            ctx.strings("fleet.column.result"), ctx.strings("fleet.column.diagnosis"),
            ctx.strings("fleet.column.expiry"),
            ctx.strings("fleet.column.duration"),
        ]
        let cells = rows.map { row in
            [
                row.profile, row.environment.map(environment) ?? "-", result(row),
                row.diagnosisId ?? (row.error == nil ? "-" : "?"),
                row.expiry.map { "\($0.date) (\($0.days))" } ?? "-", format(row.durationMs),
            ]
        }
        // Display columns, not characters: « RÉSULTAT » and « ÉCHEC » keep their column.
        var widths = header.map { TextWrap.displayWidth($0) }
        for line in cells {
            for (index, cell) in line.enumerated() { widths[index] = max(widths[index], TextWrap.displayWidth(cell)) }
        }
        func join(_ line: [String]) -> String {
            line.enumerated().map { index, cell in
                index == line.count - 1
                    ? String(repeating: " ", count: widths[index] - TextWrap.displayWidth(cell)) + cell
                    : TextWrap.pad(cell, to: widths[index])
            }.joined(separator: "  ")
        }
        var lines = [
            style.bold(
                ctx.strings("fleet.header", ["count": String(report.summary.total), "jobs": String(report.jobs)])),
            "  " + style.dim(join(header)),
        ]
        for (row, line) in zip(rows, cells) {
            let text = "  " + join(line)
            switch row.status {
            case .fail, .unavailable: lines.append(style.red(text))
            case .warn: lines.append(style.yellow(text))
            case .pass: lines.append(text)
            }
        }
        for row in rows where row.status == .unavailable {
            lines.append(style.dim("  \(row.profile): \(row.error ?? "")"))
        }
        let summary = ctx.strings(
            "fleet.summary",
            [
                "total": String(report.summary.total), "seconds": decimal(report.durationMs / 1000),
                "passed": String(report.summary.passed), "warned": String(report.summary.warned),
                "failed": String(report.summary.failed), "unavailable": String(report.summary.unavailable),
            ])
        lines.append(report.passed ? style.green(summary) : style.red(style.bold(summary)))
        if !report.passed { lines.append(style.dim(ctx.strings("fleet.next"))) }
        return lines.joined(separator: "\n") + "\n"
    }

    func result(_ row: FleetReport.Row) -> String {
        switch row.status {
        case .pass: ctx.strings("fleet.result.pass")
        case .warn: ctx.strings("fleet.result.warn")
        case .fail: ctx.strings("fleet.result.fail", ["stage": row.firstFailure.map(stage) ?? "?"])
        case .unavailable: ctx.strings("fleet.result.unavailable")
        }
    }

    /// The stage's name in the output's language (`jeton`, `compte`…), as `check` names it.
    func stage(_ id: StageID) -> String { ctx.strings.stageName(id.rawValue) }

    /// `sandbox` → « qualification » in French; an environment the strings do not know is shown as it is.
    func environment(_ id: String) -> String {
        ctx.strings.has("fleet.environment.\(id)") ? ctx.strings("fleet.environment.\(id)") : id
    }

    func format(_ ms: Double) -> String { ms < 1000 ? "\(Int(ms.rounded())) ms" : decimal(ms / 1000) + " s" }

    /// One decimal, with the language's separator (`1.5` in English, `1,5` in French).
    func decimal(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return ctx.language == .fr ? text.replacingOccurrences(of: ".", with: ",") : text
    }
}
