import ChorusTransport
import Foundation

/// The Structures API calls behind `lookup`: search by identifier, details, every page of services, one service.
struct StructureDirectory: Sendable {
    var session: PlatformSession
    var explainer: Explainer?
    var language: Language
    /// Services asked for per page (the whole list is read, page after page).
    var pageSize: Int
    /// Pages read at most, against an answer whose page count never ends.
    static let pageLimit = 500

    /// The structure with exactly this identifier, nil when Chorus Pro knows none.
    func search(_ identifier: String, type: String) async -> Result<LookupReport.Structure?, CallProblem> {
        // `false`: otherwise private structures the account is not attached to stay hidden (evidence §2).
        let body: [String: Any] = [
            "structure": ["identifiantStructure": identifier, "typeIdentifiantStructure": type],
            "restreindreStructuresPrivees": false,
        ]
        let reply = await session.post(
            "/cpro/structures/v1/rechercher", body, stage: .structure, label: "structure-search")
        if reply.isNothingFound { return .success(nil) }
        guard let object = reply.document else { return .failure(problem(reply, "structure-search")) }
        let list = AnswerFacts.list(object["listeStructures"])
        guard let match = list.first(where: { ($0["identifiantStructure"] as? String) == identifier }),
            let id = Self.int64(match["idStructureCPP"])
        else { return .success(nil) }
        return .success(
            LookupReport.Structure(
                idStructureCPP: id, identifier: identifier,
                identifierType: match["typeIdentifiantStructure"] as? String ?? type,
                name: match["designationStructure"] as? String ?? "", status: match["statut"] as? String ?? ""))
    }

    /// Adds what invoices to the structure must carry (ConsulterStructure `parametres`).
    func details(_ structure: LookupReport.Structure) async -> Result<LookupReport.Structure, CallProblem> {
        let body: [String: Any] = ["idStructureCPP": structure.idStructureCPP, "codeLangue": "fr"]
        let reply = await session.post(
            "/cpro/structures/v1/consulter", body, stage: .structure, label: "structure-details")
        guard let object = reply.document else { return .failure(problem(reply, "structure-details")) }
        var detailed = structure
        let parameters = object["parametres"] as? [String: Any] ?? [:]
        let general = object["informationGenerales"] as? [String: Any] ?? [:]
        detailed.serviceCodeRequired = Self.bool(parameters["codeServiceDoitEtreRenseigne"])
        detailed.commitmentRequired = Self.bool(parameters["numeroEJDoitEtreRenseigne"])
        detailed.commitmentOrServiceRequired = Self.bool(parameters["gestionNumeroEJOuCodeService"])
        detailed.kind = general["structurePriveePublique"] as? String
        if detailed.name.isEmpty { detailed.name = general["raisonSocialeStructure"] as? String ?? "" }
        return .success(detailed)
    }

    /// Every service of the structure, active or not, reading `parametresRetour.pages` pages.
    func services(of id: Int64) async -> Result<[LookupReport.Service], CallProblem> {
        var services: [LookupReport.Service] = []
        var page = 1
        while page <= Self.pageLimit {
            let body: [String: Any] = [
                "idStructure": id,
                "parametresRechercherServicesStructure": [
                    "nbResultatsParPage": pageSize, "pageResultatDemandee": page,
                ],
            ]
            let reply = await session.post(
                "/cpro/structures/v1/rechercher/services", body, stage: .structure, label: "services-page-\(page)")
            if reply.isNothingFound { break }
            guard let object = reply.document else { return .failure(problem(reply, "services-page-\(page)")) }
            let entries = AnswerFacts.list(object["listeServices"])
            services += entries.compactMap(Self.service)
            let pages = Self.int64((object["parametresRetour"] as? [String: Any])?["pages"]).map(Int.init) ?? page
            if entries.isEmpty || page >= pages { break }
            page += 1
        }
        return .success(services)
    }

    /// Whether invoices to this service need a commitment number (ConsulterServiceStructure `numeroEngagement`).
    func commitmentRequired(service: Int64, structure: Int64) async -> Result<Bool?, CallProblem> {
        let body: [String: Any] = ["idStructure": structure, "idService": service, "codeLangue": "fr"]
        let reply = await session.post(
            "/cpro/structures/v1/consulter/service", body, stage: .structure, label: "service-details")
        guard let object = reply.document else { return .failure(problem(reply, "service-details")) }
        return .success(Self.bool((object["parametres"] as? [String: Any])?["numeroEngagement"]))
    }

    func problem(_ reply: ChorusReply, _ call: String) -> CallProblem {
        CallProblem(reply, call: call, api: "structures", explainer: explainer, language: language)
    }

    static func service(_ entry: [String: Any]) -> LookupReport.Service? {
        guard let id = int64(entry["idService"]), let code = entry["codeService"] as? String else { return nil }
        let active = bool(entry["estActif"]) ?? ((entry["statutService"] as? String)?.uppercased() == "ACTIF")
        return LookupReport.Service(id: id, code: code, label: entry["libelleService"] as? String ?? "", active: active)
    }

    static func int64(_ value: Any?) -> Int64? {
        if let number = value as? NSNumber { return number.int64Value }
        if let text = value as? String { return Int64(text) }
        return nil
    }

    static func bool(_ value: Any?) -> Bool? {
        if let flag = value as? Bool { return flag }
        if let number = value as? NSNumber { return number.boolValue }
        if let text = value as? String { return ["true", "oui", "1"].contains(text.lowercased()) }
        return nil
    }
}
