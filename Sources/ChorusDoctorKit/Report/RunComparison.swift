import Foundation

/// "What changed since it last worked": the differences between the last passing run and the one reported.
///
/// Runs keep a fingerprint of the configuration (hosts, masked client id and technical login, noted password
/// expiry, SIRET, tool version, where each secret came from), the proxy and what each stage saw, so the answer to
/// "401 since yesterday, nothing changed" is either a list of local changes or "nothing changed on this side".
public struct RunComparison: Sendable {
    public var strings: Strings

    public init(strings: Strings) { self.strings = strings }

    /// Fingerprint keys compared, in the order shown.
    static let fingerprintFields = [
        "environment", "token_url", "api_base_url", "client_id", "client_secret_set", "technical_login",
        "technical_password_set", "technical_password_expiry", "siret", "piste_application", "tool_version",
    ]

    /// What differs between the last passing run and a later one, the first failing stage first.
    public func changes(from before: CheckReport, to after: CheckReport) -> SupportReport.Changes {
        var items: [SupportReport.Change] = []
        let firstBefore = before.summary.firstFailure?.rawValue
        let firstAfter = after.summary.firstFailure?.rawValue
        if firstBefore != firstAfter {
            items.append(
                change(
                    "first_failure", firstBefore ?? strings("report.change.none"),
                    firstAfter ?? strings("report.change.none")))
        }
        for field in Self.fingerprintFields where before.fingerprint[field] != after.fingerprint[field] {
            items.append(change(field, before.fingerprint[field], after.fingerprint[field]))
        }
        if before.proxy != after.proxy {
            items.append(
                change(
                    "proxy", before.proxy ?? strings("report.change.none"), after.proxy ?? strings("report.change.none")
                ))
        }
        if let expiry = platformExpiry(before), expiry.date <= after.startedAt {
            var item = change("platform_password_expiry", expiry.text, strings("report.change.expired"))
            item.note = strings("report.change.platform_expiry_passed", ["date": expiry.text])
            items.append(item)
        }
        return SupportReport.Changes(lastPassingAt: before.startedAt, items: items)
    }

    /// The technical password's expiry date as the platform gave it in a run, if it did.
    func platformExpiry(_ report: CheckReport) -> (text: String, date: Date)? {
        for stage in report.stages {
            if let text = stage.facts["tech.platform_expiry_date"], let date = CalendarDay.parse(text) {
                return (text, date)
            }
        }
        return nil
    }

    private func change(_ field: String, _ before: String?, _ after: String?) -> SupportReport.Change {
        SupportReport.Change(
            field: field, label: strings("report.change.\(field)"), before: before ?? strings("report.change.unset"),
            after: after ?? strings("report.change.unset"), note: nil)
    }

    /// Every `report.change.<field>` key this comparison can use (for the strings completeness test).
    public static var labelKeys: [String] {
        (["first_failure", "proxy", "platform_password_expiry"] + fingerprintFields).map { "report.change.\($0)" }
    }
}

/// A profile's kept runs, oldest first (the order of their file names, which keep the milliseconds the JSON
/// dates drop): since when the latest fails, when it last worked.
public struct RunHistory: Sendable {
    public var runs: [CheckReport]

    public init(runs: [CheckReport]) { self.runs = runs }

    /// The newest run.
    public var latest: CheckReport? { runs.last }

    /// The last run before the newest that did not fail.
    public var lastPassing: CheckReport? { runs.dropLast().last { $0.passed } }

    /// The oldest run of the streak of failing runs that ends with the newest (nil when the newest passed).
    public var failingSince: Date? {
        guard let latest, !latest.passed else { return nil }
        return runs.reversed().prefix { !$0.passed }.last?.startedAt ?? latest.startedAt
    }
}
