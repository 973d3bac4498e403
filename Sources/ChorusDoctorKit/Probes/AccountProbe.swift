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

    func post(_ path: String, _ body: [String: Any], label: String) async -> ChorusReply {
        await client.chorus(path, body, config: config, token: token, stage: .account, label: label)
    }

    /// ok (the gateway and Chorus Pro let us in), unauthorized (401), refused (403), or unclear: only a clear
    /// refusal means an API is not open (platform-evidence.md §9); anything else proves nothing either way.
    static func access(_ outcome: CallOutcome) -> String {
        switch outcome {
        case .failure: "unclear"
        case .response(let r) where (200..<300).contains(r.status) || r.status == 400: "ok"
        case .response(let r) where r.status == 401: "unauthorized"
        case .response(let r) where r.status == 403: "refused"
        case .response: "unclear"
        }
    }

    /// The search criteria sent to each API family's cheap call, as independent clients send them.
    static var invoiceSearch: [String: Any] {
        [
            "typeFacture": "FACTURE",
            "rechercheFactureParFournisseur": ["pageResultatDemandee": 1, "nbResultatsParPage": 1],
        ]
    }

    /// The structure search by SIRET; `restreindreStructuresPrivees: false`, or private structures the account
    /// is not attached to stay hidden (platform-evidence.md §2).
    static func siretSearch(_ siret: String) -> [String: Any] {
        [
            "structure": ["identifiantStructure": siret, "typeIdentifiantStructure": "SIRET"],
            "restreindreStructuresPrivees": false,
        ]
    }

    func run(into result: inout StageResult) async -> StructureLookup? {
        async let actives = ActiveStructures(probe: self).read()
        async let transverses = post("/cpro/transverses/v1/recuperer/tauxtva", [:], label: "api-transverses")
        async let structures = post(
            "/cpro/structures/v1/rechercher", Self.siretSearch(config.siret), label: "api-structures")
        async let factures = post("/cpro/factures/v1/rechercher/fournisseur", Self.invoiceSearch, label: "api-factures")
        let (listing, calls) = await (
            actives, [ChorusAPI.transverses: transverses, .structures: structures, .factures: factures]
        )
        client.log.order(
            stage: .account,
            labels: ActiveStructures.labels(listing.pages) + ["api-transverses", "api-structures", "api-factures"])

        var refused: [String] = []
        for api in ChorusAPI.allCases {
            let state = Self.access(calls[api]!.outcome)
            result.facts["api.\(api.rawValue)"] = state
            let closed = state == "unauthorized" || state == "refused"
            if closed && api != .structures { refused.append(api.rawValue) }
            result.findings.append(
                Finding("account.api.\(closed ? "refused" : "ok")", ["api": api.pisteName, "state": state]))
        }
        let structuresClosed = ["unauthorized", "refused"].contains(result.facts["api.structures"] ?? "")
        result.facts["api.refused"] = refused.joined(separator: ",")
        result.facts["api.refused_names"] = refused.compactMap { ChorusAPI(rawValue: $0)?.pisteName }.joined(
            separator: ", ")
        result.facts.merge(listing.reply.facts) { $1 }
        let lookup = Self.lookup(calls[.structures]!, siret: config.siret)
        result.facts["structure.lookup"] = lookup.state
        if let found = lookup.found { result.facts["structure.status"] = found.status }

        guard case .response(let response) = listing.reply.outcome else {
            result.status = .fail
            return nil
        }
        result.httpStatus = response.status
        result.headers = AnswerFacts.relevantHeaders(response)
        guard let entries = listing.entries else {
            result.status = .fail
            result.bodyExcerpt = client.redactor.excerpt(response.body, limit: 512)
            return nil
        }
        if let object = listing.reply.document,
            let mismatch = AnswerShape.mismatch(object, AnswerShape.activeStructures)
        {
            result.status = .fail
            result.facts["answer.unexpected"] = mismatch.field
            result.findings.append(mismatch.finding)
            result.bodyExcerpt = client.redactor.excerpt(response.body, limit: 512)
            return nil
        }
        let identifiers = entries.compactMap { ($0["identifiant"] ?? $0["identifiantStructure"]) as? String }
        result.findings.append(
            Finding(
                "account.structures",
                ["count": String(entries.count), "list": identifiers.prefix(5).joined(separator: ", ")]))
        if listing.pages > 1 {
            result.findings.append(Finding("account.structures_pages", ["pages": "\(listing.pages)"]))
        }
        guard
            let own = entries.first(where: {
                ($0["identifiant"] ?? $0["identifiantStructure"]) as? String == config.siret
            })
        else {
            result.facts["account.structures"] = identifiers.prefix(5).joined(separator: ", ")
            guard listing.complete else {
                // Some pages were not read: the SIRET may be on one of them, so "not attached" is not said.
                result.facts["account.siret_listed"] = "unknown"
                result.facts["account.pages_read"] = String(listing.pages)
                result.facts["account.pages"] = String(listing.announced)
                result.findings.append(
                    Finding(
                        "account.structures_incomplete",
                        ["read": String(listing.pages), "pages": String(listing.announced)]))
                if let failure = listing.failure {
                    // That page's call failed (a timeout, an HTTP error): the failure is what is diagnosed.
                    result.status = .fail
                    result.facts.merge(failure.facts) { $1 }
                    if case .response(let failed) = failure.outcome { result.httpStatus = failed.status }
                    return nil
                }
                // The platform answered a page already read, or there are more pages than are read: the
                // Structures search (made with the other calls) says whether the SIRET exists; the structure
                // stage goes on with it.
                result.status = refused.isEmpty ? .warn : .fail
                return lookup.found
            }
            result.status = .fail
            result.facts["account.siret_listed"] = "false"
            return nil
        }
        result.facts["account.siret_listed"] = "true"
        if !refused.isEmpty {
            result.status = .fail
            return lookup.found
        }
        result.facts.removeValue(forKey: "api.refused")
        if structuresClosed {
            // The ERP vendor's sheet attaches Factures and Transverses only: a valid setup (evidence §10).
            result.status = .warn
            result.facts["account.problem"] = "structures_not_attached"
            result.findings.append(Finding("account.attachment_via_transverses"))
        } else {
            result.status = .pass
        }
        return lookup.found ?? Self.listed(own)
    }

    /// The structure as `actives/fournisseur` lists it (an active structure the account acts for).
    static func listed(_ entry: [String: Any]) -> StructureLookup? {
        guard let id = StructureDirectory.int64(entry["idStructureCPP"]) else { return nil }
        return StructureLookup(
            idStructureCPP: id, designation: entry["designationStructure"] as? String ?? "", status: "ACTIF")
    }

    /// Reads the Structures search answer: found (with status), not_found, or the access problem.
    static func lookup(_ reply: ChorusReply, siret: String) -> (state: String, found: StructureLookup?) {
        let access = access(reply.outcome)
        guard access == "ok", let object = reply.body else { return (access == "ok" ? "malformed" : access, nil) }
        let code = reply.codeRetour ?? 0
        let list = AnswerFacts.list(object["listeStructures"])
        guard code == 0,
            let match = list.first(where: { ($0["identifiantStructure"] as? String) == siret }),
            let id = StructureDirectory.int64(match["idStructureCPP"])
        else { return ("not_found", nil) }
        let found = StructureLookup(
            idStructureCPP: id, designation: match["designationStructure"] as? String ?? "",
            status: match["statut"] as? String ?? "")
        return (found.status == "INACTIVE" ? "inactive" : "found", found)
    }
}

/// Every page of `recuperer/structures/actives/fournisseur` (T1: `pageCourante`, `pages` at the top level).
/// Page 1 is asked with `{}` as T1 does; later pages with `pageResultatDemandee` (unverified: a platform that
/// ignores it and answers page 1 again stops the reading).
struct ActiveStructures {
    var probe: AccountProbe
    /// Pages read at most.
    static let pageLimit = 50

    /// The last answer read, the structures listed on every page (nil when page 1 is not a document), pages read.
    struct Listing {
        var reply: ChorusReply
        var entries: [[String: Any]]?
        var pages: Int
        /// The pages page 1 announced (`pages`), and the number of the last page read.
        var announced = 1
        var lastPage = 1
        /// The answer to the page that could not be read, when its call failed (a timeout, an HTTP error); nil when
        /// every page was read, or when the platform answered a page already read (it ignores paging).
        var failure: ChorusReply?

        /// Every announced page was read: a SIRET absent from `entries` is not among the account's structures.
        var complete: Bool { lastPage >= announced }
    }

    static func labels(_ pages: Int) -> [String] {
        ["structures-of-account"] + (pages > 1 ? (2...pages).map { "structures-of-account-page-\($0)" } : [])
    }

    func read() async -> Listing {
        let path = "/cpro/transverses/v1/recuperer/structures/actives/fournisseur"
        var reply = await probe.post(path, [:], label: "structures-of-account")
        guard let first = reply.document else { return Listing(reply: reply, pages: 1) }
        var entries = AnswerFacts.list(first["listeStructures"])
        var current = AnswerFacts.int(first["pageCourante"]) ?? 1
        let announced = max(AnswerFacts.int(first["pages"]) ?? 1, current)
        let pages = min(announced, Self.pageLimit)
        var read = 1
        var failure: ChorusReply?
        while current < pages {
            let next = current + 1
            let answer = await probe.post(
                path, ["pageResultatDemandee": next], label: "structures-of-account-page-\(read + 1)")
            guard let object = answer.document else {
                failure = answer
                break
            }
            guard case let page = AnswerFacts.int(object["pageCourante"]) ?? next, page > current else { break }
            reply = answer
            read += 1
            entries += AnswerFacts.list(object["listeStructures"])
            current = page
        }
        return Listing(
            reply: reply, entries: entries, pages: read, announced: announced, lastPage: current, failure: failure)
    }
}
