import Foundation

/// The subject and body to paste into a Chorus Pro support ticket: what fails, since when, what was already
/// verified, the context support needs, and the question.
///
/// Every sentence is a `report.ticket.*` key of `checklists/strings/<lang>.report.yaml`, so support engineers
/// can reword the template without touching Swift.
public struct TicketDraft: Sendable {
    public var strings: Strings

    public init(strings: Strings) { self.strings = strings }

    /// The subject and body for `report`, with `diagnosis` rendered in the ticket's language.
    public func draft(_ report: SupportReport, diagnosis: SupportReport.DiagnosisText?) -> SupportReport.Ticket {
        SupportReport.Ticket(
            language: strings.language.rawValue, subject: subject(report), body: body(report, diagnosis: diagnosis))
    }

    func subject(_ report: SupportReport) -> String {
        var values = [
            "environment": strings("report.environment.\(report.connection.environment)"),
            "siret": report.connection.siret ?? strings("report.value.unknown"),
        ]
        switch report.run.status {
        case .fail:
            values["problem"] = problem(report, short: true)
            return strings("report.ticket.subject.fail", values)
        case .warn:
            values["stage"] = stageName(Self.warningStage(report))
            return strings("report.ticket.subject.warn", values)
        default:
            return strings("report.ticket.subject.pass", values)
        }
    }

    /// "HTTP 403 at the account stage (POST /cpro/…)", "no answer at the token stage (timeout…)"…; `short` leaves the
    /// request out (for the subject).
    func problem(_ report: SupportReport, short: Bool = false) -> String {
        let stage = stageName(report.run.firstFailure)
        if let exchange = report.failingExchange, let status = exchange.status {
            let path = URL(string: exchange.url)?.path ?? exchange.url
            return strings(
                short ? "report.ticket.problem.http_short" : "report.ticket.problem.http",
                ["status": String(status), "stage": stage, "method": exchange.method, "path": path])
        }
        if let failure = report.failingExchange?.failure {
            return strings("report.ticket.problem.transport", ["failure": failure, "stage": stage])
        }
        return strings("report.ticket.problem.plain", ["stage": stage])
    }

    func body(_ report: SupportReport, diagnosis: SupportReport.DiagnosisText?) -> String {
        var paragraphs = [strings("report.ticket.greeting")]
        var opening: [String] = []
        switch report.run.status {
        case .fail:
            let since = ReportDate.ticket(strings, report.run.failingSince ?? report.run.startedAt)
            opening.append(
                strings(
                    "report.ticket.opening.fail",
                    [
                        "since": since, "environment": strings("report.environment.\(report.connection.environment)"),
                        "problem": problem(report),
                    ]))
            if let last = report.run.lastPassingAt {
                opening.append(strings("report.ticket.last_worked", ["date": ReportDate.ticket(strings, last)]))
            }
        case .warn:
            opening.append(strings("report.ticket.opening.warn", ["stage": stageName(Self.warningStage(report))]))
        default:
            opening.append(
                strings("report.ticket.opening.pass", ["date": ReportDate.ticket(strings, report.run.startedAt)]))
        }
        paragraphs.append(opening.joined(separator: " "))
        paragraphs.append(([strings("report.ticket.verified")] + verified(report)).joined(separator: "\n"))
        paragraphs.append(([strings("report.ticket.context")] + context(report)).joined(separator: "\n"))
        if let diagnosis {
            paragraphs.append(strings("report.ticket.diagnosis", ["cause": diagnosis.cause, "id": diagnosis.id]))
        }
        paragraphs.append(strings("report.ticket.question", ["question": question(report, diagnosis: diagnosis)]))
        paragraphs.append(strings("report.ticket.attachment"))
        paragraphs.append(strings("report.ticket.closing"))
        return paragraphs.joined(separator: "\n\n")
    }

    /// Stages that passed, then the setup steps the user declared done.
    func verified(_ report: SupportReport) -> [String] {
        var lines = report.stages.filter { $0.status == .pass }.map {
            "- " + strings("report.ticket.verified.\($0.id.rawValue)")
        }
        for step in report.checklist.steps where step.status == "done" {
            let key = step.date == nil ? "report.ticket.verified.step" : "report.ticket.verified.step_dated"
            lines.append(
                "- "
                    + strings(
                        key,
                        [
                            "step": step.titles?.text(strings.language) ?? step.title ?? step.id,
                            "date": step.date.map(ReportDate.day) ?? "",
                        ]))
        }
        return lines.isEmpty ? ["- " + strings("report.ticket.verified.nothing")] : lines
    }

    func context(_ report: SupportReport) -> [String] {
        let connection = report.connection
        var lines: [String] = []
        func add(_ key: String, _ value: String?) {
            if let value { lines.append("- " + strings("report.ticket.context.\(key)", ["value": value])) }
        }
        add("environment", strings("report.environment.\(connection.environment)"))
        add("application", connection.pisteApplication)
        add("siret", connection.siret)
        add("id_structure", connection.idStructureCpp)
        add("technical_login", connection.technicalLogin)
        add("hosts", "\(connection.tokenHost ?? "?") · \(connection.apiHost ?? "?")")
        add("run", ReportDate.ticket(strings, report.run.startedAt) + " · chorus-doctor " + report.run.toolVersion)
        return lines
    }

    /// The question for the diagnosis (`report.ticket.question.<diagnosis id>`) when the strings have one, else for
    /// platform incidents, else for the failing stage.
    func question(_ report: SupportReport, diagnosis: SupportReport.DiagnosisText?) -> String {
        let values = [
            "application": report.connection.pisteApplication ?? strings("report.value.unknown"),
            "siret": report.connection.siret ?? strings("report.value.unknown"),
            "login": report.connection.technicalLogin ?? strings("report.value.unknown"),
        ]
        if let id = diagnosis?.id {
            if strings.has("report.ticket.question.\(id)") { return strings("report.ticket.question.\(id)", values) }
            if id.hasPrefix("platform.") || id.hasPrefix("http.") { return strings("report.ticket.question.platform") }
        }
        guard report.run.status != .pass, let stage = report.run.firstFailure ?? Self.warningStage(report) else {
            return strings("report.ticket.question.pass")
        }
        return strings("report.ticket.question.\(stage.rawValue)", values)
    }

    func stageName(_ stage: StageID?) -> String {
        stage.map { strings("report.stage.\($0.rawValue)") } ?? "?"
    }

    static func warningStage(_ report: SupportReport) -> StageID? {
        report.stages.first { $0.status == .warn }?.id
    }
}

/// Dates in reports: UTC, to the minute, the same in both languages (`2026-11-22 14:05 UTC`).
public enum ReportDate {
    /// `2026-11-22 14:05 UTC`.
    public static func text(_ date: Date) -> String { format(date, "yyyy-MM-dd HH:mm 'UTC'") }

    /// A date in the ticket: local to the support it goes to and in its language (`report.ticket.date_format`,
    /// `report.ticket.time_zone`: « 21 novembre 2026 à 10:00 (heure de Paris) » in French).
    public static func ticket(_ strings: Strings, _ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: strings.language == .fr ? "fr_FR" : "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: strings("report.ticket.time_zone")) ?? TimeZone(identifier: "UTC")
        formatter.dateFormat = strings("report.ticket.date_format")
        return formatter.string(from: date)
    }

    /// `2026-11-22T14:05:09Z`, the seconds kept (runs of the same minute differ).
    public static func precise(_ date: Date) -> String { format(date, "yyyy-MM-dd'T'HH:mm:ss'Z'") }

    /// A date as the wizard wrote it (ISO 8601 or a calendar day), shown as its day.
    public static func day(_ text: String) -> String { String(text.prefix(10)) }

    static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
