import ChorusTransport
import Foundation

/// Whether the technical account may issue invoices as a supplier SIRET: is it among the structures the account
/// acts for (`transverses/v1/recuperer/structures/actives/fournisseur`), and if not, does the platform know it at
/// all (`structures/v1/rechercher` with `restreindreStructuresPrivees` false, so that private structures attached
/// elsewhere are not hidden).
struct SupplierCheck {
    var session: PlatformSession
    var explainer: Explainer?
    var language: Language

    enum Outcome: Sendable, Equatable {
        case attached
        /// Known to the platform, but the account acts for these SIRETs only (comma-separated, or "-").
        case notAttached(String)
        case unknown
    }

    func run(_ siret: String) async -> Result<Outcome, CallProblem> {
        let reply = await session.post(
            "/cpro/transverses/v1/recuperer/structures/actives/fournisseur", [:], stage: .account,
            label: "supplier-structures")
        var attached: [String] = []
        switch reply.answer {
        case .document(let object):
            attached = Self.list(object["listeStructures"]).compactMap { $0["identifiant"] as? String }
        case .refused where reply.isNothingFound: break
        default:
            return .failure(
                CallProblem(
                    reply, call: "supplier-structures", api: "transverses", explainer: explainer,
                    language: language)
            )
        }
        if attached.contains(siret) { return .success(.attached) }
        let body: [String: Any] = [
            "structure": ["identifiantStructure": siret, "typeIdentifiantStructure": "SIRET"],
            "restreindreStructuresPrivees": false,
        ]
        let search = await session.post(
            "/cpro/structures/v1/rechercher", body, stage: .structure, label: "supplier-search")
        if search.isNothingFound { return .success(.unknown) }
        guard let object = search.document else {
            return .failure(
                CallProblem(
                    search, call: "supplier-search", api: "structures", explainer: explainer, language: language
                ))
        }
        let known = Self.list(object["listeStructures"]).contains { ($0["identifiantStructure"] as? String) == siret }
        return .success(known ? .notAttached(attached.isEmpty ? "-" : attached.joined(separator: ", ")) : .unknown)
    }

    /// A list that may arrive as a single object (a list of one).
    static func list(_ value: Any?) -> [[String: Any]] {
        if let list = value as? [[String: Any]] { return list }
        if let one = value as? [String: Any] { return [one] }
        return []
    }
}
