import ChorusTransport
import Foundation

/// The API families a billing integration uses, and the cheap call that tells whether each one is open.
public enum ChorusAPI: String, Sendable, Codable, CaseIterable {
    case transverses, structures, factures

    /// The name PISTE shows in the application's API list.
    public var pisteName: String {
        switch self {
        case .transverses: "AIFE - Chorus Pro - Transverses"
        case .structures: "AIFE - Chorus Pro - Structures"
        case .factures: "AIFE - Chorus Pro - Factures"
        }
    }
}

/// What the structure look-up by SIRET found (reused by the `structure` stage).
struct StructureLookup: Sendable {
    var idStructureCPP: Int64
    var designation: String
    var status: String
}

/// Stage 5: calls that need the technical account (`cpro-account`): the account's structures must include the
/// configured SIRET, then one cheap call per API family tells which API, if any, is refused.
struct AccountProbe {
    var config: ValidatedConfig
    var client: PlatformClient
    var token: Secret

    var headers: [HTTPHeader] {
        PlatformClient.chorusHeaders(token: token, login: config.technicalLogin, password: config.technicalPassword)
    }

    func post(_ path: String, _ body: [String: Any], label: String) async -> CallOutcome {
        let data = try! JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        let request = HTTPRequest(
            method: "POST", url: PlatformClient.endpoint(config.apiBaseURL, path), headers: headers, body: data,
            timeout: client.timeout)
        return await client.call(request, stage: .account, label: label)
    }

    /// ok (the gateway and Chorus Pro let us in), unauthorized, refused, not_found, error, unreachable.
    static func access(_ outcome: CallOutcome) -> String {
        switch outcome {
        case .failure: "unreachable"
        case .response(let r) where r.status == 200 || r.status == 400 || r.status == 202: "ok"
        case .response(let r) where r.status == 401: "unauthorized"
        case .response(let r) where r.status == 403: "refused"
        case .response(let r) where r.status == 404: "not_found"
        case .response: "error"
        }
    }

    func run(into result: inout StageResult) async -> StructureLookup? {
        let siretQuery: [String: Any] = [
            "structure": ["identifiantStructure": config.siret, "typeIdentifiantStructure": "SIRET"]
        ]
        async let actives = post(
            "/cpro/transverses/v1/recuperer/structures/actives/fournisseur", [:], label: "structures-of-account")
        async let transverses = post("/cpro/transverses/v1/recuperer/tauxtva", [:], label: "api-transverses")
        async let structures = post("/cpro/structures/v1/rechercher", siretQuery, label: "api-structures")
        async let factures = post("/cpro/factures/v1/rechercher/fournisseur", [:], label: "api-factures")
        let (main, calls) = await (
            actives, [ChorusAPI.transverses: transverses, .structures: structures, .factures: factures]
        )
        client.log.order(
            stage: .account, labels: ["structures-of-account", "api-transverses", "api-structures", "api-factures"])

        var refused: [String] = []
        for api in ChorusAPI.allCases {
            let state = Self.access(calls[api]!)
            result.facts["api.\(api.rawValue)"] = state
            if state != "ok" { refused.append(api.rawValue) }
            result.findings.append(
                Finding("account.api.\(state == "ok" ? "ok" : "refused")", ["api": api.pisteName, "state": state]))
        }
        result.facts["api.refused"] = refused.joined(separator: ",")
        result.facts["api.refused_names"] = refused.compactMap { ChorusAPI(rawValue: $0)?.pisteName }.joined(
            separator: ", ")
        result.facts.merge(AnswerFacts.of(main)) { $1 }
        let lookup = Self.lookup(calls[.structures]!, siret: config.siret)
        result.facts["structure.lookup"] = lookup.state
        if let found = lookup.found { result.facts["structure.status"] = found.status }

        guard case .response(let response) = main else {
            result.status = .fail
            return nil
        }
        result.httpStatus = response.status
        result.headers = client.redactor.redact(AnswerFacts.relevantHeaders(response))
        guard response.status == 200, let object = AnswerFacts.json(response.body),
            (object["codeRetour"] as? NSNumber)?.intValue ?? 0 == 0
        else {
            result.status = .fail
            result.bodyExcerpt = client.redactor.excerpt(response.body, limit: 512)
            return nil
        }
        if let mismatch = AnswerShape.mismatch(object, AnswerShape.activeStructures) {
            result.status = .fail
            result.facts["answer.unexpected"] = mismatch.field
            result.findings.append(mismatch.finding)
            result.bodyExcerpt = client.redactor.excerpt(response.body, limit: 512)
            return nil
        }
        let listed = (object["listeStructures"] as? [[String: Any]]) ?? []
        let identifiers = listed.compactMap { ($0["identifiant"] ?? $0["identifiantStructure"]) as? String }
        result.findings.append(
            Finding(
                "account.structures",
                ["count": String(listed.count), "list": identifiers.prefix(5).joined(separator: ", ")]))
        guard identifiers.contains(config.siret) else {
            result.status = .fail
            result.facts["account.siret_listed"] = "false"
            result.facts["account.structures"] = identifiers.prefix(5).joined(separator: ", ")
            return nil
        }
        result.facts["account.siret_listed"] = "true"
        result.status = refused.isEmpty ? .pass : .fail
        if refused.isEmpty { result.facts.removeValue(forKey: "api.refused") }
        return lookup.found
    }

    /// Reads the Structures search answer: found (with status), not_found, or the access problem.
    static func lookup(_ outcome: CallOutcome, siret: String) -> (state: String, found: StructureLookup?) {
        let access = access(outcome)
        guard access == "ok", case .response(let response) = outcome, let object = AnswerFacts.json(response.body)
        else {
            return (access == "ok" ? "malformed" : access, nil)
        }
        let code = (object["codeRetour"] as? NSNumber)?.intValue ?? 0
        let list = (object["listeStructures"] as? [[String: Any]]) ?? []
        guard code == 0,
            let match = list.first(where: { ($0["identifiantStructure"] as? String) == siret }),
            let id = (match["idStructureCPP"] as? NSNumber)?.int64Value
        else { return ("not_found", nil) }
        let found = StructureLookup(
            idStructureCPP: id, designation: match["designationStructure"] as? String ?? "",
            status: match["statut"] as? String ?? "")
        return (found.status == "INACTIVE" ? "inactive" : "found", found)
    }
}
