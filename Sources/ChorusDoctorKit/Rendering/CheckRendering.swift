import ChorusTransport
import Foundation

/// The human rendering of a check: one line per stage, the diagnosis under the failing one, a summary line.
public struct CheckTextRenderer: Sendable {
    public var strings: Strings
    public var style: TerminalStyle
    public var verbose: Bool

    public init(strings: Strings, style: TerminalStyle, verbose: Bool) {
        self.strings = strings
        self.style = style
        self.verbose = verbose
    }

    public func render(_ report: CheckReport) -> String {
        var text = header(
            profile: report.profile, environment: report.environment, tokenHost: report.tokenHost,
            apiHost: report.apiHost)
        for stage in report.stages {
            text += self.stage(stage, exchanges: report.exchanges.filter { $0.stage == stage.id })
        }
        return text + footer(report)
    }

    /// The lines printed before the first stage runs.
    public func header(profile: String, environment: String, tokenHost: String?, apiHost: String?) -> String {
        let title = strings("check.header", ["profile": profile, "environment": strings("environment.\(environment)")])
        return style.bold(title) + "\n" + strings("check.hosts", ["token": tokenHost ?? "?", "api": apiHost ?? "?"])
            + "\n\n"
    }

    /// One stage: its line, findings, evidence and diagnosis, and with `verbose` its exchanges.
    public func stage(_ stage: StageResult, exchanges: [RecordedExchange]) -> String {
        var lines = [stageLine(stage)]
        for finding in stage.findings {
            lines.append("      " + style.dim(strings(finding.key, finding.values)))
        }
        if stage.status == .fail || stage.status == .warn {
            lines.append(contentsOf: evidence(stage).map { "      " + $0 })
        }
        if let diagnosis = stage.diagnosis(in: strings), stage.status != .pass {
            lines.append(contentsOf: render(diagnosis).map { "      " + $0 })
        }
        if verbose {
            for exchange in exchanges {
                lines.append(contentsOf: ExchangeText.lines(exchange).map { "      " + style.dim($0) })
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The summary line.
    public func footer(_ report: CheckReport) -> String {
        let summary = report.summary.message + " " + strings("check.duration", ["ms": format(report.durationMs)])
        switch report.summary.status {
        case .fail: return "\n" + style.red(style.bold(summary)) + "\n"
        case .warn: return "\n" + style.yellow(summary) + "\n"
        default: return "\n" + style.green(summary) + "\n"
        }
    }

    func stageLine(_ stage: StageResult) -> String {
        let label = { (status: StageStatus) in strings("status.\(status.rawValue)") }
        let column = StageStatus.allCases.map { TextWrap.displayWidth(label($0)) }.max() ?? 0
        let padded = TextWrap.pad(label(stage.status), to: column)
        let mark: String
        switch stage.status {
        case .pass: mark = style.green(padded)
        case .warn: mark = style.yellow(padded)
        case .fail: mark = style.red(padded)
        case .skip: mark = style.dim(padded)
        }
        let name = TextWrap.pad(stageName(stage.id.rawValue), to: 10)
        if stage.status == .skip {
            let reason =
                stage.skipReason.map { reason in
                    var values = reason.values
                    if let id = values["stage"] { values["stage"] = stageName(id) }
                    return strings(reason.key, values)
                } ?? ""
            return "  \(mark) \(name) \(style.dim(reason))"
        }
        let time = (format(stage.durationMs) + " ms").leftPadded(to: 9)
        let http = stage.httpStatus.map { "  HTTP \($0)" } ?? ""
        return "  \(mark) \(name)\(time)\(http)"
    }

    /// A stage's name in the output's language (`network` → `réseau`).
    func stageName(_ id: String) -> String { strings.stageName(id) }

    func evidence(_ stage: StageResult) -> [String] {
        var lines: [String] = []
        if let kind = stage.facts["transport.kind"], let message = stage.facts["transport.message"],
            stage.id != .network
        {
            lines.append(style.dim(strings("render.transport", ["kind": kind, "message": message])))
        }
        for header in stage.headers where ["www-authenticate", "retry-after"].contains(header.name.lowercased()) {
            lines.append(style.dim("\(header.name): \(header.value)"))
        }
        if let code = stage.facts["code_retour"], code != "0" {
            lines.append(style.dim("codeRetour \(code) · \(stage.facts["libelle"] ?? "")"))
        }
        if stage.httpStatus != nil, stage.facts["body.kind"] == "empty" {
            lines.append(style.dim(strings("render.empty_body")))
        }
        return lines
    }

    public func render(_ diagnosis: Diagnosis) -> [String] {
        var lines = [style.bold(strings("render.cause")) + " " + diagnosis.cause + style.dim("  [\(diagnosis.id)]")]
        if !diagnosis.candidates.isEmpty {
            lines.append(style.bold(strings("render.candidates")))
            for (index, candidate) in diagnosis.candidates.enumerated() {
                let tag = strings(candidate.likely ? "render.likely" : "render.possible")
                lines.append("  \(index + 1). [\(tag)] \(candidate.cause)")
                lines.append("     " + style.dim(strings("render.check") + " " + candidate.check))
            }
        }
        if !diagnosis.fixes.isEmpty {
            lines.append(style.bold(strings("render.fixes")))
            for (index, fix) in diagnosis.fixes.enumerated() { lines.append("  \(index + 1). \(fix)") }
        }
        if let link = diagnosis.link { lines.append(strings("render.link") + " " + link) }
        return lines
    }

    func format(_ ms: Double) -> String { ms < 10 ? String(format: "%.1f", ms) : String(Int(ms.rounded())) }
}

/// An exchange as `> request` / `< response` lines (already redacted when recorded).
public enum ExchangeText {
    public static func lines(_ exchange: RecordedExchange) -> [String] {
        var lines = ["> \(exchange.method) \(exchange.url)"]
        lines += exchange.requestHeaders.map { "> \($0.name): \($0.value)" }
        if let body = exchange.requestBody, !body.isEmpty { lines.append("> " + body) }
        if let status = exchange.status {
            lines.append("< HTTP \(status) (\(Int(exchange.timings.totalMs.rounded())) ms)")
            lines += exchange.responseHeaders.map { "< \($0.name): \($0.value)" }
            if let body = exchange.responseBody, !body.isEmpty {
                let oneLine = body.replacingOccurrences(of: "\n", with: " ").prefix(400)
                lines.append("< " + oneLine + (exchange.responseBodyTruncated || body.count > 400 ? " …" : ""))
            }
        } else if let failure = exchange.failure {
            lines.append("< " + failure)
        }
        return lines
    }
}

extension Strings {
    /// A stage's short name in this language (`check.stage.<id>`), the id itself when the table has none.
    public func stageName(_ id: String) -> String {
        let name = self("check.stage.\(id)")
        return name == "check.stage.\(id)" ? id : name
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
