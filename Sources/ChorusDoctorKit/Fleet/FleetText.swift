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
                row.profile, row.environment ?? "-", result(row), row.diagnosisId ?? (row.error == nil ? "-" : "?"),
                row.expiry.map { "\($0.date) (\($0.days))" } ?? "-", format(row.durationMs),
            ]
        }
        var widths = header.map(\.count)
        for line in cells {
            for (index, cell) in line.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func join(_ line: [String]) -> String {
            line.enumerated().map { index, cell in
                index == line.count - 1
                    ? String(repeating: " ", count: widths[index] - cell.count) + cell
                    : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
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
                "total": String(report.summary.total), "seconds": String(format: "%.1f", report.durationMs / 1000),
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
        case .fail: ctx.strings("fleet.result.fail", ["stage": row.firstFailure?.rawValue ?? "?"])
        case .unavailable: ctx.strings("fleet.result.unavailable")
        }
    }

    func format(_ ms: Double) -> String { ms < 1000 ? "\(Int(ms.rounded())) ms" : String(format: "%.1f s", ms / 1000) }
}
