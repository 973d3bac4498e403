import Foundation

/// The identifiers support needs to find a connection, whole: the OAuth client id and the technical account's
/// login are not secrets, and a ticket naming `TECH…@cpp2017.fr` cannot be answered. (The SIRET, the PISTE
/// application's name and the environment are kept whole by every run already.)
public struct TicketIdentity: Sendable, Equatable {
    public var clientID: String?
    public var technicalLogin: String?

    public init(clientID: String? = nil, technicalLogin: String? = nil) {
        self.clientID = clientID
        self.technicalLogin = technicalLogin
    }

    /// The profile's values when they are the ones `run` used (a run keeps them partly masked, so a value is taken
    /// only when its mask is the run's: a profile changed since is not what the ticket is about).
    public static func of(_ profile: ResolvedProfile?, run: CheckReport) -> TicketIdentity {
        func used(_ value: String?, _ field: String) -> String? {
            guard let value, let recorded = run.fingerprint[field], Masking.partial(value) == recorded else {
                return nil
            }
            return value
        }
        return TicketIdentity(
            clientID: used(profile?.clientID?.value, "client_id"),
            technicalLogin: used(profile?.technicalLogin?.value, "technical_login"))
    }
}

/// The subject and body to paste into a Chorus Pro support ticket: what fails, since when, what was already
/// verified, the context support needs (identifiers whole, secrets never), and the question.
///
/// Every sentence is a `report.ticket.*` key of `checklists/strings/<lang>.report.yaml`, so support engineers
/// can reword the template without touching Swift.
public struct TicketDraft: Sendable {
    public var strings: Strings

    public init(strings: Strings) { self.strings = strings }

    /// The subject and body for `report`, with `diagnosis` rendered in the ticket's language and the identifiers
    /// of `identity` shown whole.
    public func draft(
        _ report: SupportReport, diagnosis: SupportReport.DiagnosisText?, identity: TicketIdentity = TicketIdentity()
    ) -> SupportReport.Ticket {
        SupportReport.Ticket(
            language: strings.language.rawValue, subject: subject(report),
            body: body(report, diagnosis: diagnosis, identity: identity),
            supportURL: strings("report.ticket.support_url"))
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

    func body(_ report: SupportReport, diagnosis: SupportReport.DiagnosisText?, identity: TicketIdentity) -> String {
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
        paragraphs.append(
            ([strings("report.ticket.context")] + context(report, identity: identity)).joined(separator: "\n"))
        if let diagnosis {
            paragraphs.append(strings("report.ticket.diagnosis", ["cause": diagnosis.cause, "id": diagnosis.id]))
        }
        paragraphs.append(
            strings(
                "report.ticket.question", ["question": question(report, diagnosis: diagnosis, identity: identity)]))
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
                            "date": step.date.map { ReportDate.ticketDay(strings, $0) } ?? "",
                        ]))
        }
        return lines.isEmpty ? ["- " + strings("report.ticket.verified.nothing")] : lines
    }

    func context(_ report: SupportReport, identity: TicketIdentity) -> [String] {
        let connection = report.connection
        var lines: [String] = []
        func add(_ key: String, _ value: String?) {
            if let value { lines.append("- " + strings("report.ticket.context.\(key)", ["value": value])) }
        }
        add("environment", strings("report.environment.\(connection.environment)"))
        add("application", connection.pisteApplication)
        add("siret", connection.siret)
        add("id_structure", connection.idStructureCpp)
        add("client_id", identity.clientID ?? connection.clientId)
        add("technical_login", identity.technicalLogin ?? connection.technicalLogin)
        add("hosts", "\(connection.tokenHost ?? "?") · \(connection.apiHost ?? "?")")
        add("run", ReportDate.ticket(strings, report.run.startedAt) + " · chorus-doctor " + report.run.toolVersion)
        return lines
    }

    /// The question for the diagnosis (`report.ticket.question.<diagnosis id>`) when the strings have one, else for
    /// platform incidents, else for the failing stage.
    func question(_ report: SupportReport, diagnosis: SupportReport.DiagnosisText?, identity: TicketIdentity) -> String
    {
        let values = [
            "application": report.connection.pisteApplication ?? strings("report.value.unknown"),
            "siret": report.connection.siret ?? strings("report.value.unknown"),
            "login": identity.technicalLogin ?? report.connection.technicalLogin ?? strings("report.value.unknown"),
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
    /// `report.ticket.time_zone`: « 21 novembre 2026 à 10:00 (heure de Paris) », « 1er décembre 2026 à 09:30 (heure
    /// de Paris) » in French).
    public static func ticket(_ strings: Strings, _ date: Date) -> String {
        ticketFormat(strings, date, "report.ticket.date_format")
    }

    /// A day the wizard wrote (ISO 8601 or a calendar day) as the ticket's language writes it (« 2 novembre 2026 »);
    /// as written when it does not read as a date.
    public static func ticketDay(_ strings: Strings, _ text: String) -> String {
        guard let day = CalendarDay.parse(String(text.prefix(10))) else { return day(text) }
        // A calendar day is that day wherever support is: it is written in UTC, as it was read.
        return ticketFormat(strings, day, "report.ticket.day_format", timeZone: TimeZone(identifier: "UTC"))
    }

    /// `key`'s pattern, or `key.first` on the first day of a month (French writes « 1er décembre »).
    static func ticketFormat(_ strings: Strings, _ date: Date, _ key: String, timeZone: TimeZone? = nil) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: strings.language == .fr ? "fr_FR" : "en_US_POSIX")
        formatter.timeZone =
            timeZone ?? TimeZone(identifier: strings("report.ticket.time_zone")) ?? TimeZone(identifier: "UTC")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = formatter.timeZone
        formatter.dateFormat = strings(calendar.component(.day, from: date) == 1 ? key + ".first" : key)
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
