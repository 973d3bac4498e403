import ChorusTransport
import Foundation

/// Builds a `SupportReport` from the latest run of a profile and its history.
///
/// A run kept under this version's rules (`CheckReport.redactionRules`) was redacted whole when kept, so its values
/// are not redacted again here; those of a run kept by an older version are, as they are taken (only what the
/// report shows, not every kept run whole). Then they pass through the identifier mask, except in the support
/// ticket: support needs the technical login and the client id whole to find the connection (`TicketIdentity`).
/// What does not come from a run (the wizard's checklist notes) is redacted before it is masked. The report's
/// writer (`RedactingSink`) redacts the whole document on the way out. Diagnoses are worded from the rule match each run kept (the rule and its facts), in the
/// report's language and in the ticket's.
public struct SupportReportBuilder: Sendable {
    public var strings: Strings
    /// The ticket draft's language.
    public var ticketStrings: Strings
    public var rules: RuleBook
    public var redactor: Redactor
    /// Masks identifiers everywhere but in the ticket.
    public var identifiers: IdentifierMask
    /// The identifiers the ticket shows whole (none known: the run's masked values).
    public var identity: TicketIdentity
    public var system: SystemSnapshot
    public var now: Date
    /// The runs reported on were kept under other rules than this version's: their values are redacted as taken.
    var redactsRunValues = true

    public init(
        strings: Strings, ticketStrings: Strings, rules: RuleBook, redactor: Redactor,
        identifiers: IdentifierMask = IdentifierMask(), identity: TicketIdentity = TicketIdentity(),
        system: SystemSnapshot, now: Date
    ) {
        self.strings = strings
        self.ticketStrings = ticketStrings
        self.rules = rules
        self.redactor = redactor
        self.identifiers = identifiers
        self.identity = identity
        self.system = system
        self.now = now
    }

    /// A value of a run for the report outside the ticket: redacted (when the run was kept under other rules),
    /// identifiers partly masked.
    func shared(_ text: String) -> String { identifiers.apply(fromRun(text)) }

    /// A value of a run as this version's rules redact it: as kept, or redacted now (`redactsRunValues`).
    func fromRun(_ text: String) -> String { redactsRunValues ? redactor.redact(text) : text }

    func fromRun(_ headers: [HTTPHeader]) -> [HTTPHeader] { redactsRunValues ? redactor.redact(headers) : headers }

    /// The report on `history`'s newest run (`history` must hold one).
    public func build(history: RunHistory, checklist: [SetupChecklistState.Step]?) -> SupportReport {
        let latest = history.latest!
        let lastPassing = history.lastPassing
        var builder = self
        builder.redactsRunValues = [latest, lastPassing].contains {
            $0 != nil && $0?.redactionRules != Redactor.rulesVersion
        }
        return builder.build(latest: latest, lastPassing: lastPassing, history: history, checklist: checklist)
    }

    private func build(
        latest: CheckReport, lastPassing: CheckReport?, history: RunHistory, checklist: [SetupChecklistState.Step]?
    ) -> SupportReport {
        let decisive = Self.decisiveStage(latest)
        let run = SupportReport.Run(
            startedAt: latest.startedAt, durationMs: latest.durationMs, status: latest.summary.status,
            firstFailure: latest.summary.firstFailure, diagnosisId: latest.summary.diagnosisId,
            summary: summary(latest, strings), failingSince: history.failingSince,
            lastPassingAt: lastPassing?.startedAt, toolVersion: latest.toolVersion)
        var report = SupportReport(
            generatedAt: now, language: strings.language.rawValue, profile: latest.profile,
            ticket: SupportReport.Ticket(language: ticketStrings.language.rawValue, subject: "", body: ""), run: run,
            connection: connection(latest, lastPassing), stages: latest.stages.map(stage),
            failingExchange: decisive.flatMap { $0.status == .fail ? exchange(for: $0, in: latest) : nil },
            diagnosis: decisive.flatMap { diagnosis(of: $0, in: latest, language: strings.language) },
            changes: lastPassing.map { RunComparison(strings: strings).changes(from: $0, to: latest) },
            checklist: SupportReport.Checklist(
                available: checklist != nil,
                steps: (checklist ?? []).map { step in
                    var step = step
                    // The wizard's file is no run: redacted, then masked.
                    step.note = step.note.map { identifiers.apply(redactor.redact($0)) }
                    return step
                }),
            system: system)
        let ticketDiagnosis = decisive.flatMap {
            diagnosis(of: $0, in: latest, language: ticketStrings.language, clean: fromRun)
        }
        report.ticket = TicketDraft(strings: ticketStrings).draft(
            report, diagnosis: ticketDiagnosis, identity: identity)
        return report
    }

    /// The stage a report is about: the first failing one, else the first warning one with a diagnosis.
    static func decisiveStage(_ report: CheckReport) -> StageResult? {
        report.stages.first { $0.status == .fail } ?? report.stages.first { $0.status == .warn && $0.diagnosis != nil }
    }

    func summary(_ report: CheckReport, _ strings: Strings) -> String {
        switch report.summary.status {
        case .fail:
            return strings(
                "report.summary.fail",
                [
                    "stage": report.summary.firstFailure.map { strings("report.stage.\($0.rawValue)") } ?? "?",
                    "id": report.summary.diagnosisId ?? "?",
                ])
        case .warn:
            return strings("report.summary.warn", ["count": String(report.stages.filter { $0.status == .warn }.count)])
        default:
            return strings("report.summary.pass")
        }
    }

    func connection(_ report: CheckReport, _ lastPassing: CheckReport?) -> SupportReport.Connection {
        let fingerprint = report.fingerprint
        let structureID =
            report.stages.lazy.compactMap { $0.facts["structure.id"] }.first
            ?? lastPassing?.stages.lazy.compactMap { $0.facts["structure.id"] }.first
        func clean(_ value: String?) -> String? { value.map(shared) }
        return SupportReport.Connection(
            environment: report.environment, pisteApplication: clean(fingerprint["piste_application"]),
            siret: clean(fingerprint["siret"]), idStructureCpp: structureID, clientId: clean(fingerprint["client_id"]),
            technicalLogin: clean(fingerprint["technical_login"]),
            technicalPasswordExpiry: clean(fingerprint["technical_password_expiry"]), tokenHost: report.tokenHost,
            apiHost: report.apiHost, proxyInUse: report.proxy != nil, proxyHost: clean(report.proxy))
    }

    func stage(_ result: StageResult) -> SupportReport.Stage {
        var notes = result.findings.map { shared(strings($0.key, $0.values)) }
        if let reason = result.skipReason {
            // The stage that stopped this one, named as the report names stages (`compte technique et API`).
            var values = reason.values
            if let id = values["stage"] { values["stage"] = strings("report.stage.\(id)") }
            notes.append(strings(reason.key, values))
        }
        return SupportReport.Stage(
            id: result.id, status: result.status, durationMs: result.durationMs, httpStatus: result.httpStatus,
            notes: notes)
    }

    /// Response headers worth showing support: the ones that explain a refusal, identify the answer, or time it.
    static func isRelevant(_ header: HTTPHeader) -> Bool {
        let name = header.name.lowercased()
        let kept = ["www-authenticate", "retry-after", "content-type", "content-length", "location", "server", "date"]
        return kept.contains(name) || name.hasPrefix("x-")
    }

    /// The exchange that decided `stage`: the first of the stage with the stage's HTTP status, else its last.
    func exchange(for stage: StageResult, in report: CheckReport) -> SupportReport.Exchange? {
        let candidates = report.exchanges.filter { $0.stage == stage.id }
        guard
            let chosen = candidates.first(where: { stage.httpStatus != nil && $0.status == stage.httpStatus })
                ?? candidates.last
        else { return nil }
        let body = stage.bodyExcerpt ?? chosen.responseBody.map { String($0.prefix(1024)) }
        return SupportReport.Exchange(
            stage: stage.id, method: chosen.method, url: shared(chosen.url), status: chosen.status,
            requestHeaders: masked(fromRun(chosen.requestHeaders)),
            responseHeaders: masked(fromRun(chosen.responseHeaders.filter(Self.isRelevant))),
            bodyExcerpt: body.map(shared), failure: chosen.failure.map(shared),
            totalMs: chosen.timings.totalMs)
    }

    func masked(_ headers: [HTTPHeader]) -> [HTTPHeader] {
        headers.map { HTTPHeader($0.name, identifiers.apply($0.value)) }
    }

    /// The stage's diagnosis in `language`, worded from the rule and the facts the run kept with it. A run kept by
    /// an older version has words only: as kept when languages agree, else the same rule worded again with the
    /// facts the run had gathered up to that stage. Its texts pass through `clean` (by default, `shared`).
    func diagnosis(
        of stage: StageResult, in report: CheckReport, language: Language, clean: ((String) -> String)? = nil
    ) -> SupportReport.DiagnosisText? {
        let clean = clean ?? shared
        guard let match = stage.diagnosis else { return nil }
        if let worded = rules.render(match, language: language) { return text(worded, stage: stage, clean: clean) }
        guard let stored = stage.diagnosisText else { return nil }
        var rendered = stored
        if report.language != language.rawValue, let rule = rules.rule(id: stored.id) {
            var facts: [String: String] = [:]
            for earlier in report.stages {
                facts.merge(earlier.facts) { $1 }
                if earlier.id == stage.id { break }
            }
            facts["stage"] = stage.id.rawValue
            if stored.id == "unrecognised" { facts["fallback"] = "true" }
            facts.merge(FixCommand.profileFacts(name: report.profile, environment: [:])) { $1 }
            facts["date.renewed_expiry"] = CalendarDay.format(CalendarDay.adding(days: 424, to: report.startedAt))
            rendered = RuleBook.render(rule, facts: facts, language: language)
        }
        return text(rendered, stage: stage, clean: clean)
    }

    func text(_ rendered: Diagnosis, stage: StageResult, clean: (String) -> String) -> SupportReport.DiagnosisText {
        SupportReport.DiagnosisText(
            id: rendered.id, stage: stage.id, cause: clean(rendered.cause),
            candidates: rendered.candidates.map {
                .init(cause: clean($0.cause), check: clean($0.check), likely: $0.likely)
            },
            fixes: rendered.fixes.map(clean), link: rendered.link)
    }
}
