import ChorusTransport
import Foundation
import Synchronization

@testable import ChorusDoctorKit

/// A transport that answers from a script: path → answer. Records every request it was given.
final class ScriptedTransport: HTTPTransport {
    enum Answer: Sendable {
        case json(Int, String, headers: [HTTPHeader] = [])
        case empty(Int, headers: [HTTPHeader] = [])
        case failure(TransportFailure.Kind)
    }

    private let script: [String: Answer]
    private let requests = Mutex<[HTTPRequest]>([])

    /// Called with each request before it is answered (a test moves its clock there, as if the call took time).
    private let onSend: (@Sendable (HTTPRequest) -> Void)?

    init(_ script: [String: Answer], onSend: (@Sendable (HTTPRequest) -> Void)? = nil) {
        self.script = script
        self.onSend = onSend
    }

    var sent: [HTTPRequest] { requests.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        requests.withLock { $0.append(request) }
        onSend?(request)
        switch script[request.url.path] ?? .empty(404) {
        case .json(let status, let body, let headers):
            return HTTPResponse(
                status: status, headers: headers + [HTTPHeader("Content-Type", "application/json")],
                body: Data(body.utf8))
        case .empty(let status, let headers):
            return HTTPResponse(status: status, headers: headers)
        case .failure(let kind):
            throw TransportFailure(kind: kind, message: "scripted \(kind.rawValue)")
        }
    }

    func connect(to url: URL, timeout: Duration) async throws -> ConnectionReport {
        onSend?(HTTPRequest(method: "CONNECT", url: url, timeout: timeout))
        if case .failure(let kind) = script["connect:\(url.host ?? "")"] {
            throw TransportFailure(kind: kind, message: "scripted \(kind.rawValue)")
        }
        return ConnectionReport(host: url.host ?? "", port: 443, remoteAddress: "192.0.2.1")
    }

    /// The healthy platform, for SIRET 73282932000074.
    static let healthy: [String: Answer] = [
        "/api/oauth/token": .json(
            200, #"{"access_token":"tok-SECRET-123","token_type":"Bearer","expires_in":3600,"scope":"openid"}"#),
        "/cpro/transverses/v1/health-check": .json(200, #"{"statusCode":"200"}"#),
        "/cpro/transverses/v1/recuperer/structures/actives/fournisseur": .json(
            200,
            #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","listeStructures":[{"idStructureCPP":26017724,"identifiant":"73282932000074","designationStructure":"ACME"}]}"#
        ),
        "/cpro/transverses/v1/recuperer/tauxtva": .json(
            200, #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","listeTauxTva":[]}"#),
        "/cpro/structures/v1/rechercher": .json(
            200,
            #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","listeStructures":[{"idStructureCPP":26017724,"identifiantStructure":"73282932000074","designationStructure":"ACME","statut":"ACTIVE","typeIdentifiantStructure":"SIRET"}]}"#
        ),
        "/cpro/factures/v1/rechercher/fournisseur": .json(
            200, #"{"codeRetour":0,"libelle":"GCU_MSG_01_000","listeFactures":[]}"#),
        "/cpro/structures/v1/consulter": .json(
            200,
            #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","informationGenerales":{"idStructureCPP":26017724,"dateExpirationMotPasseCompteTech":"2027-06-30T00:00:00.000+02:00"},"parametres":{"codeServiceDoitEtreRenseigne":false,"numeroEJDoitEtreRenseigne":true}}"#
        ),
    ]
}

/// A complete profile with planted secrets.
enum Fixture {
    static let clientSecret = "s3cr3t-Ω\"quoted\"+/=\\x"
    static let password = "P@ss word/é:42"

    static func document() -> ProfileDocument {
        var document = ProfileDocument()
        document.environment = "sandbox"
        document.clientID = "739d71f6-9427-4021-bec2-fd73255afa33"
        document.clientSecret = clientSecret
        document.technicalLogin = "TECH_1_00000000012345@cpp2017.fr"
        document.technicalPassword = password
        document.siret = "73282932000074"
        document.technicalPasswordExpiry = "2027-06-30"
        return document
    }

    static func profile(_ change: (inout ProfileDocument) -> Void = { _ in }) -> ResolvedProfile {
        var document = document()
        change(&document)
        return ProfileResolver(environment: [:]).resolve(name: "test", document: document, filePath: nil)
    }

    static let now = CalendarDay.parse("2026-11-22")!

    static func run(
        _ script: [String: ScriptedTransport.Answer], profile: ResolvedProfile = profile(), language: Language = .en
    ) async throws -> CheckReport {
        let runner = CheckRunner(
            profile: profile, transport: ScriptedTransport(script), rules: ChecklistLibrary.embedded.rules,
            strings: Strings(language: language), clock: VirtualTime(start: now), environment: [:],
            redactor: Redactor(),
            timeout: .seconds(2))
        return await runner.run()
    }
}
