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
        // What does not fit the terminal goes, least needed first: the time, the environment, the expiry (the JSON
        // and each profile's `check` keep them). Narrower still: one block per profile.
        var kept = Array(header.indices)
        func tableWidth() -> Int { 2 + kept.map { widths[$0] }.reduce(0, +) + 2 * (kept.count - 1) }
        for column in [5, 1, 4] where tableWidth() > ctx.console.width { kept.removeAll { $0 == column } }
        func join(_ line: [String]) -> String {
            kept.map { index in
                index == 5
                    ? String(repeating: " ", count: widths[index] - TextWrap.displayWidth(line[index])) + line[index]
                    : TextWrap.pad(line[index], to: widths[index])
            }.joined(separator: "  ").replacingTrailingSpaces()
        }
        let stacked = tableWidth() > ctx.console.width
        var lines = [
            style.bold(
                ctx.strings("fleet.header", ["count": String(report.summary.total), "jobs": String(report.jobs)]))
        ]
        if !stacked { lines.append("  " + style.dim(join(header))) }
        for (row, line) in zip(rows, cells) {
            let text =
                stacked
                ? "  " + line[0] + "\n    " + line[1...].filter { $0 != "-" }.joined(separator: " · ")
                : "  " + join(line)
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
        if let first = rows.first, !report.passed {
            // The first profile needing attention, ready to paste.
            let command = FixCommand.command("chorus-doctor check", profile: first.profile)
            lines.append(style.dim(ctx.strings("fleet.next", ["command": command])))
        }
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

extension String {
    fileprivate func replacingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
