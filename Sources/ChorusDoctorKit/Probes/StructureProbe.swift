import ChorusTransport
import Foundation

/// Stage 6: the company's structure on Chorus Pro: active or not, what invoices to it must carry, and the
/// technical account password's expiry as the platform knows it.
struct StructureProbe {
    var config: ValidatedConfig
    var client: PlatformClient
    var token: Secret
    var lookup: StructureLookup
    var now: Date
    /// False when the account stage saw the Structures API refused: its details cannot be read (a warning).
    var structuresOpen = true

    func run(into result: inout StageResult) async {
        result.facts["structure.id"] = String(lookup.idStructureCPP)
        result.facts["structure.status"] = lookup.status
        result.findings.append(
            Finding(
                "structure.found",
                ["id": String(lookup.idStructureCPP), "name": lookup.designation, "status": lookup.status]))
        guard lookup.status != "INACTIVE" else {
            result.status = .fail
            return
        }
        guard structuresOpen else {
            result.status = .warn
            result.facts["structure.problem"] = "details_unavailable"
            result.findings.append(Finding("structure.details_unavailable"))
            return
        }
        let reply = await client.chorus(
            "/cpro/structures/v1/consulter", ["idStructureCPP": lookup.idStructureCPP, "codeLangue": "fr"],
            config: config, token: token, stage: .structure, label: "structure-details")
        result.facts.merge(reply.facts) { $1 }
        guard case .response(let response) = reply.outcome else {
            result.status = .fail
            return
        }
        result.httpStatus = response.status
        guard let object = reply.document else {
            result.status = .fail
            result.headers = AnswerFacts.relevantHeaders(response)
            result.bodyExcerpt = client.redactor.excerpt(response.body, limit: 512)
            return
        }
        if let mismatch = AnswerShape.mismatch(object, AnswerShape.structureDetails) {
            result.status = .fail
            result.facts["answer.unexpected"] = mismatch.field
            result.findings.append(mismatch.finding)
            result.bodyExcerpt = client.redactor.excerpt(response.body, limit: 512)
            return
        }
        result.status = .pass
        let parameters = object["parametres"] as? [String: Any] ?? [:]
        func flag(_ key: String) -> String { (parameters[key] as? Bool ?? false) ? "yes" : "no" }
        result.findings.append(
            Finding(
                "structure.parameters",
                [
                    "service": flag("codeServiceDoitEtreRenseigne"), "ej": flag("numeroEJDoitEtreRenseigne"),
                    "either": flag("gestionNumeroEJOuCodeService"),
                ]))
        let general = object["informationGenerales"] as? [String: Any] ?? [:]
        guard let raw = general["dateExpirationMotPasseCompteTech"] as? String, let expiry = Self.parseDate(raw) else {
            result.findings.append(Finding("structure.expiry_unknown"))
            return
        }
        let days = CalendarDay.days(from: now, to: expiry)
        result.facts["tech.platform_expiry_days"] = String(days)
        result.facts["tech.platform_expiry_date"] = CalendarDay.format(expiry)
        result.findings.append(Finding("structure.expiry", ["date": CalendarDay.format(expiry), "days": String(days)]))
        if days < 0 {
            result.status = .fail
            result.facts["structure.problem"] = "password_expired"
        } else if days <= 30 {
            result.status = .warn
            result.facts["structure.problem"] = "password_expiring"
        }
        if let noted = config.technicalPasswordExpiry, CalendarDay.format(noted) != CalendarDay.format(expiry) {
            result.findings.append(
                Finding(
                    "structure.expiry_differs",
                    ["noted": CalendarDay.format(noted), "platform": CalendarDay.format(expiry)]))
        }
    }

    /// The platform's date-time, with or without fractional seconds (`InternetDateTime`); a bare date is accepted
    /// too.
    static func parseDate(_ text: String) -> Date? {
        if let date = InternetDateTime.parse(text) { return date }
        if text.count >= 10, let day = CalendarDay.parse(String(text.prefix(10))) { return day }
        return nil
    }
}
