import ChorusTransport
import Foundation

/// Lays a `SupportReport` out as sections, in the report's language (the ticket draft keeps its own).
public struct ReportLayout: Sendable {
    public var strings: Strings

    public init(strings: Strings) { self.strings = strings }

    /// The sections, in the order support reads them: ticket, result, changes, connection, stages, exchange,
    /// diagnosis, checklist, environment.
    public func document(_ report: SupportReport) -> ReportDocument {
        let sections = [
            ticket(report), summary(report), changes(report), connection(report), stages(report), exchange(report),
            diagnosis(report), checklist(report), environment(report),
        ].compactMap { $0 }
        return ReportDocument(
            title: strings("report.title", ["profile": report.profile]), sections: sections,
            separator: strings("report.separator"))
    }

    typealias Section = ReportDocument.Section
    typealias Field = ReportDocument.Field

    func ticket(_ report: SupportReport) -> Section {
        let language = strings("report.language.\(report.ticket.language)")
        return Section(
            title: strings("report.section.ticket", ["language": language]),
            blocks: [
                .paragraph(
                    strings(
                        "report.ticket.hint",
                        ["url": report.ticket.supportURL ?? strings("report.ticket.support_url")])),
                .fields([Field(strings("report.ticket.subject_label"), report.ticket.subject)]),
                .code(report.ticket.body, syntax: "text"),
            ])
    }

    func summary(_ report: SupportReport) -> Section {
        var fields = [
            Field(strings("report.field.status"), strings("report.status.\(report.run.status.rawValue)")),
            Field(strings("report.field.summary"), report.run.summary),
            Field(strings("report.field.run"), ReportDate.text(report.run.startedAt)),
        ]
        if let since = report.run.failingSince {
            fields.append(Field(strings("report.field.failing_since"), ReportDate.text(since)))
        }
        fields.append(
            Field(
                strings("report.field.last_passing"),
                report.run.lastPassingAt.map(ReportDate.text) ?? strings("report.value.none")))
        return Section(
            title: strings("report.section.summary"),
            blocks: [
                .paragraph(
                    strings(
                        "report.generated",
                        ["date": ReportDate.text(report.generatedAt), "version": report.system.toolVersion])),
                .fields(fields),
            ])
    }

    func changes(_ report: SupportReport) -> Section? {
        let title = strings("report.section.changes")
        guard report.run.status != .pass else { return nil }
        guard let changes = report.changes else {
            return Section(title: title, blocks: [.paragraph(strings("report.changes.no_passing_run"))])
        }
        let date = ReportDate.text(changes.lastPassingAt)
        var blocks: [ReportDocument.Block] = []
        let local = changes.items.filter { $0.field != "first_failure" }
        if local.isEmpty {
            blocks.append(.paragraph(strings("report.changes.nothing", ["date": date])))
        } else {
            blocks.append(.paragraph(strings("report.changes.intro", ["date": date])))
        }
        let rows = changes.items.map { [$0.label, $0.before ?? "", $0.after ?? ""] }
        blocks.append(
            .table(
                header: [
                    strings("report.changes.field"), strings("report.changes.before", ["date": date]),
                    strings("report.changes.after"),
                ],
                rows: rows))
        let notes = changes.items.compactMap(\.note)
        if !notes.isEmpty { blocks.append(.list(notes, numbered: false)) }
        return Section(title: title, blocks: blocks)
    }

    func connection(_ report: SupportReport) -> Section {
        let c = report.connection
        let unknown = strings("report.value.unknown")
        let proxy =
            c.proxyInUse ? strings("report.proxy.yes", ["host": c.proxyHost ?? unknown]) : strings("report.proxy.no")
        let fields = [
            Field(strings("report.field.environment"), strings("report.environment.\(c.environment)")),
            Field(strings("report.field.application"), c.pisteApplication ?? unknown),
            Field(strings("report.field.siret"), c.siret ?? unknown),
            Field(strings("report.field.id_structure"), c.idStructureCpp ?? unknown),
            Field(strings("report.field.client_id"), c.clientId ?? unknown),
            Field(strings("report.field.technical_login"), c.technicalLogin ?? unknown),
            Field(strings("report.field.password_expiry"), c.technicalPasswordExpiry ?? unknown),
            Field(strings("report.field.token_host"), c.tokenHost ?? unknown),
            Field(strings("report.field.api_host"), c.apiHost ?? unknown),
            Field(strings("report.field.proxy"), proxy),
        ]
        return Section(title: strings("report.section.connection"), blocks: [.fields(fields)])
    }

    func stages(_ report: SupportReport) -> Section {
        let header = ["stage", "status", "time", "http", "notes"].map { strings("report.stages.\($0)") }
        let rows = report.stages.map { stage in
            [
                strings("report.stage.\(stage.id.rawValue)"), strings("report.status.\(stage.status.rawValue)"),
                stage.status == .skip ? "" : Self.milliseconds(stage.durationMs),
                stage.httpStatus.map(String.init) ?? "",
                stage.notes.joined(separator: "; "),
            ]
        }
        return Section(title: strings("report.section.stages"), blocks: [.table(header: header, rows: rows)])
    }

    func exchange(_ report: SupportReport) -> Section? {
        guard let exchange = report.failingExchange else { return nil }
        var lines = ["\(exchange.method) \(exchange.url)"]
        lines += exchange.requestHeaders.map { "\($0.name): \($0.value)" }
        lines.append("")
        if let status = exchange.status {
            lines.append("HTTP \(status)  (\(Self.milliseconds(exchange.totalMs)))")
            lines += exchange.responseHeaders.map { "\($0.name): \($0.value)" }
            lines.append("")
            let body = exchange.bodyExcerpt ?? ""
            lines.append(body.isEmpty ? strings("report.exchange.empty_body") : body)
        } else {
            lines.append(strings("report.exchange.no_answer", ["failure": exchange.failure ?? "?"]))
        }
        let intro = strings("report.exchange.intro", ["stage": strings("report.stage.\(exchange.stage.rawValue)")])
        return Section(
            title: strings("report.section.exchange"),
            blocks: [.paragraph(intro), .code(lines.joined(separator: "\n"), syntax: "http")])
    }

    func diagnosis(_ report: SupportReport) -> Section? {
        guard let diagnosis = report.diagnosis else { return nil }
        var blocks: [ReportDocument.Block] = [
            .paragraph(strings("report.diagnosis.cause", ["cause": diagnosis.cause, "id": diagnosis.id]))
        ]
        if !diagnosis.candidates.isEmpty {
            blocks.append(.paragraph(strings("report.diagnosis.candidates")))
            blocks.append(
                .list(
                    diagnosis.candidates.map { candidate in
                        let tag = strings(candidate.likely ? "report.diagnosis.likely" : "report.diagnosis.possible")
                        return "[\(tag)] \(candidate.cause) "
                            + strings("report.diagnosis.check", ["check": candidate.check])
                    }, numbered: true))
        }
        if !diagnosis.fixes.isEmpty {
            blocks.append(.paragraph(strings("report.diagnosis.fixes")))
            blocks.append(.list(diagnosis.fixes, numbered: true))
        }
        if let link = diagnosis.link { blocks.append(.paragraph(strings("report.diagnosis.link", ["link": link]))) }
        return Section(title: strings("report.section.diagnosis"), blocks: blocks)
    }

    func checklist(_ report: SupportReport) -> Section {
        let title = strings("report.section.checklist")
        guard report.checklist.available else {
            return Section(title: title, blocks: [.paragraph(strings("report.checklist.unavailable"))])
        }
        let header = ["step", "status", "date", "note"].map { strings("report.checklist.\($0)") }
        let rows = report.checklist.steps.map { step in
            let known = ["done", "skipped", "waiting", "pending"].contains(step.status)
            return [
                step.title ?? step.id, known ? strings("report.checklist.status.\(step.status)") : step.status,
                step.date.map(ReportDate.day) ?? "", step.note ?? "",
            ]
        }
        return Section(title: title, blocks: [.table(header: header, rows: rows)])
    }

    func environment(_ report: SupportReport) -> Section {
        let system = report.system
        let c = report.connection
        let ca = system.caBundle.map { strings("report.ca.profile", ["path": $0]) } ?? strings("report.ca.default")
        let fields = [
            Field(strings("report.field.tool"), "chorus-doctor \(system.toolVersion)"),
            Field(strings("report.field.os"), system.os),
            Field(strings("report.field.kernel"), system.kernel),
            Field(strings("report.field.libcurl"), "\(system.libcurl) · \(system.tlsBackend)"),
            Field(strings("report.field.ca_bundle"), ca),
            Field(
                strings("report.field.proxy"),
                c.proxyInUse ? strings("report.proxy.yes", ["host": c.proxyHost ?? "?"]) : strings("report.proxy.no")),
            Field(
                strings("report.field.proxy_variables"),
                system.proxyVariables.isEmpty
                    ? strings("report.value.none") : system.proxyVariables.joined(separator: ", ")),
            Field(strings("report.field.generated"), ReportDate.text(report.generatedAt)),
        ]
        return Section(title: strings("report.section.environment"), blocks: [.fields(fields)])
    }

    static func milliseconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f ms", value) : "\(Int(value.rounded())) ms"
    }
}
