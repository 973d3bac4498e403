import Foundation
import Testing

@testable import ChorusSimulator

/// What each scenario puts on the wire at the call where it shows, and that no answer gives the world away.
@Suite("Scenario wire answers")
struct ScenarioWireTests {
    static let technicalAccountRefusal =
        #"Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects""#

    @Test("every scenario answers like the real platform, without telltales", arguments: Scenario.allCases)
    func wireAnswer(scenario: Scenario) async throws {
        let now = Date()
        try await DemoClient.with(scenario, now: now) { client in
            let replies = try await Self.probe(scenario, client, now: now)
            for reply in replies {
                #expect(BareAnswer.telltalesIn(reply).isEmpty, "\(scenario.rawValue): \(reply.headers) \(reply.text)")
            }
        }
    }

    /// Makes the calls where `scenario` shows and checks their answers; returns every reply received.
    static func probe(_ scenario: Scenario, _ client: DemoClient, now: Date) async throws -> [Reply] {
        var replies: [Reply] = []
        func token() async throws -> String {
            let reply = try await client.requestToken()
            replies.append(reply)
            try #require(reply.status == 200)
            return try #require(reply.json?["access_token"]?.string)
        }
        func call(_ operation: String, _ body: String? = "{}", method: String = "POST") async throws -> Reply {
            let reply = try await client.call(operation, body: body, token: try await token(), method: method)
            replies.append(reply)
            return reply
        }
        let health = "/cpro/transverses/v1/health-check"
        let rates = "/cpro/transverses/v1/recuperer/tauxtva"
        let actives = "/cpro/transverses/v1/recuperer/structures/actives/fournisseur"
        let search = "/cpro/structures/v1/rechercher"
        let siretQuery =
            #"{"structure":{"identifiantStructure":"\#(client.credentials.siret)","#
            + #""typeIdentifiantStructure":"SIRET"}}"#
        let supplier = client.simulator.dataset.supplier

        switch scenario {
        case .healthy:
            let reply = try await call(rates)
            #expect(reply.status == 200 && reply.json?["codeRetour"]?.int == 0)
        case .wrongSecret, .unknownClient:
            let reply = try await client.requestToken()
            replies.append(reply)
            #expect(reply.status == 401)
            #expect(reply.json?["error"]?.string == "invalid_client")
            #expect(reply.json?.keys == ["error", "error_description"])
        case .tokenURLWrong:
            let reply = try await client.requestToken()
            replies.append(reply)
            #expect(reply.status == 404)
            #expect(reply.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(reply.json == nil)
        case .apiBaseWrong:
            let reply = try await call(health, nil, method: "GET")
            #expect(reply.status == 404)
            #expect(reply.header("WWW-Authenticate") == #"Bearer realm="DefaultRealm""#)
            #expect(reply.body.isEmpty)
        case .transversesNotAttached:
            for reply in [try await call(health, nil, method: "GET"), try await call(rates)] {
                #expect(reply.status == 403 && reply.body.isEmpty)
            }
            #expect(try await call(search, siretQuery).status == 200)
        case .structuresNotAttached:
            let reply = try await call(search, siretQuery)
            #expect(reply.status == 403 && reply.body.isEmpty)
            #expect(try await call(rates).status == 200)
        case .cguFacturesNotAccepted:
            let reply = try await call("/cpro/factures/v1/rechercher/fournisseur")
            #expect(reply.status == 403 && reply.body.isEmpty)
            #expect(try await call(rates).status == 200)
        case .raccordementMissing, .raccordementPending:
            let reply = try await call(rates)
            #expect(reply.status == 403 && reply.body.isEmpty)
            #expect(try await call(health, nil, method: "GET").status == 200)
        case .technicalWrongPassword, .technicalPasswordExpired, .technicalNotActive:
            let reply = try await call(rates)
            #expect(reply.status == 401)
            #expect(reply.header("WWW-Authenticate") == technicalAccountRefusal)
            #expect(reply.body.isEmpty)
            let noted = try #require(client.credentials.technicalPasswordExpiry)
            switch scenario {
            case .technicalPasswordExpired: #expect(noted < now)
            case .technicalNotActive: #expect(abs(noted.timeIntervalSince(now) - 424 * 86_400) < 60)
            default: #expect(noted > now)
            }
        case .technicalNotAttached:
            let list = try await call(actives)
            #expect(list.json?["codeRetour"]?.int == 0)
            let siret = list.json?["listeStructures"]?[0]?["identifiant"]?.string
            #expect(siret != nil && siret != client.credentials.siret)
            // A private structure the account is not attached to is hidden unless the search says `false`.
            let hidden = try await call(search, siretQuery)
            #expect(hidden.json?["codeRetour"]?.int == 20000)
            let everything = siretQuery.replacingOccurrences(of: "{", with: #"{"restreindreStructuresPrivees":false,"#)
            let found = try await call(search, everything)
            #expect(found.json?["listeStructures"]?[0]?["idStructureCPP"]?.int == Int(supplier.idStructureCPP))
            let read = try await call(
                "/cpro/structures/v1/consulter", #"{"idStructureCPP":\#(supplier.idStructureCPP)}"#)
            #expect(read.json?["codeRetour"]?.int == 0)
            #expect(read.json?["informationGenerales"]?["dateExpirationMotPasseCompteTech"] == nil)
        case .siretUnknown:
            #expect(client.credentials.siret != supplier.siret && Siret.isValid(client.credentials.siret))
            let reply = try await call(search, siretQuery)
            #expect(reply.status == 200)
            #expect(reply.json?["codeRetour"]?.int == 20000)
            #expect(reply.json?["libelle"]?.string == "TRA_MSG_00.015")
        case .structureInactive:
            let list = try await call(actives)
            #expect(list.status == 200 && list.json?["codeRetour"]?.int == 20000)
            let found = try await call(search, siretQuery)
            #expect(found.json?["listeStructures"]?[0]?["statut"]?.string == "INACTIVE")
        case .passwordExpiringSoon:
            let read = try await call(
                "/cpro/structures/v1/consulter", #"{"idStructureCPP":\#(supplier.idStructureCPP)}"#)
            let text = try #require(read.json?["informationGenerales"]?["dateExpirationMotPasseCompteTech"]?.string)
            let expiry = try #require(ISO8601DateFormatter.withFraction.date(from: text))
            #expect(abs(expiry.timeIntervalSince(now) - 10 * 86_400) < 60)
        case .maintenance:
            for reply in [try await call(health, nil, method: "GET"), try await call(rates)] {
                #expect(reply.status == 500 && reply.body.isEmpty)
            }
        case .overloaded, .rateLimited:
            let reply = try await call(rates)
            #expect(reply.status == (scenario == .overloaded ? 503 : 429))
            #expect(reply.header("Retry-After") == (scenario == .overloaded ? "120" : "30"))
            #expect(reply.body.isEmpty)
        case .tokenTimeout:
            await #expect(throws: WireError.self) { try await client.requestToken(timeout: 0.3) }
        case .apiTimeout:
            let token = try await token()
            await #expect(throws: WireError.self) {
                try await client.call(health, body: nil, token: token, withAccount: false, method: "GET", timeout: 0.3)
            }
        case .malformedToken:
            let reply = try await client.requestToken()
            replies.append(reply)
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "text/html")
            #expect(reply.text.hasPrefix("<!DOCTYPE html>"))
        case .hugeAnswer:
            let reply = try await client.call(
                health, body: nil, token: try await token(), withAccount: true, method: "GET", timeout: 10,
                keepBytes: 4096
            )
            #expect(reply.status == 200)
            #expect(reply.header("Transfer-Encoding") == "chunked")
            #expect(reply.header("Content-Length") == nil)
            #expect(reply.rawBodyCount > 64 << 20)
            #expect(String(decoding: reply.rawTail, as: UTF8.self).hasSuffix("\"statusCodeValue\":200}\r\n0\r\n\r\n"))
        }
        return replies
    }
}

extension ISO8601DateFormatter {
    /// `2025-03-01T10:15:00.000+01:00`.
    static var withFraction: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
