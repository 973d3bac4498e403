import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusSimulator

@Suite("Gateway and OAuth edge cases")
struct GatewayTests {
    static let rates = "/cpro/transverses/v1/recuperer/tauxtva"

    @Test("a call without a bearer token is refused with 400, even with the account in Authorization")
    func missingToken() async throws {
        try await DemoClient.with(.healthy) { client in
            let bare = try await client.call(Self.rates, token: nil)
            let basic = try await WireClient.send(
                "POST", port: client.port, path: Self.rates,
                headers: [("Authorization", "Basic \(client.technicalAccountHeader)")], body: Data("{}".utf8)
            )
            for reply in [bare, basic] {
                #expect(reply.status == 400)
                #expect(reply.json?["error"]?.string == "invalid_request")
                #expect(reply.json?["error_description"]?.string == "Unable to find token in the message")
            }
        }
    }

    @Test("an unknown or expired token is refused with 401 and a PISTE challenge")
    func invalidToken() async throws {
        try await DemoClient.with(.healthy) { client in
            let unknown = try await client.call(Self.rates, token: "not-a-token")
            let token = try await client.token()
            #expect(try await client.call(Self.rates, token: token).status == 200)
            client.simulator.expireIssuedTokens()
            let expired = try await client.call(Self.rates, token: token)
            for reply in [unknown, expired] {
                #expect(reply.status == 401)
                #expect(
                    reply.header("WWW-Authenticate")?.hasPrefix(#"Bearer realm="PISTE",error="invalid_token""#) == true)
                #expect(reply.body.isEmpty)
            }
        }
    }

    @Test(
        "paths the gateway does not know answer 404 DefaultRealm with no body",
        arguments: [
            "/", "/piste/cpro/transverses/v1/recuperer/tauxtva", "/cpro/transverses/v2/recuperer/tauxtva",
            "/cpro/structures/v1/inconnu", "/cpro/factures/v1/deposer/pdf",
        ])
    func unknownPath(path: String) async throws {
        try await DemoClient.with(.healthy) { client in
            let token = try await client.token()
            let withToken = try await WireClient.send(
                "POST", port: client.port, path: path, headers: [("Authorization", "Bearer \(token)")],
                body: Data("{}".utf8)
            )
            let without = try await WireClient.send("GET", port: client.port, path: path)
            for reply in [withToken, without] {
                #expect(BareAnswer.telltalesIn(reply).isEmpty)
                #expect(reply.status == 404)
                #expect(reply.header("WWW-Authenticate") == #"Bearer realm="DefaultRealm""#)
                #expect(reply.body.isEmpty)
            }
        }
    }

    @Test("wrong method 405, non-JSON body 400, form body 415, missing or garbled cpro-account 401")
    func chorusProChecks() async throws {
        try await DemoClient.with(.healthy) { client in
            let token = try await client.token()
            let wrongMethod = try await client.call(Self.rates, body: nil, token: token, method: "GET")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.header("Allow") == "POST")
            let getOnly = try await client.call("/cpro/transverses/v1/health-check", token: token, method: "POST")
            #expect(getOnly.status == 405)
            for body in ["not json", "", "[1]", #"{"idStructureCPP":"abc"}"#] {
                let reply = try await client.call("/cpro/structures/v1/consulter", body: body, token: token)
                #expect(reply.status == 400, "body \(body)")
                #expect(reply.body.isEmpty)
            }
            let noAccount = try await client.call(Self.rates, token: token, withAccount: false)
            let garbled = try await WireClient.send(
                "POST", port: client.port, path: Self.rates,
                headers: [("Authorization", "Bearer \(token)"), ("cpro-account", "%%%")], body: Data("{}".utf8)
            )
            let trailingSlash = try await client.call(Self.rates + "/", token: token)
            let form = try await WireClient.send(
                "POST", port: client.port, path: Self.rates,
                headers: [
                    ("Authorization", "Bearer \(token)"), ("cpro-account", client.technicalAccountHeader),
                    ("Content-Type", "application/x-www-form-urlencoded"),
                ],
                body: Data("{}".utf8)
            )
            #expect(form.status == 415 && form.body.isEmpty)
            for reply in [noAccount, garbled] {
                #expect(reply.status == 401)
                #expect(reply.header("WWW-Authenticate") == ScenarioWireTests.technicalAccountRefusal)
            }
            #expect(trailingSlash.status == 200)
        }
    }

    @Test("token endpoint: grant type, missing fields, Basic client authentication, method")
    func tokenEndpoint() async throws {
        try await DemoClient.with(.healthy) { client in
            let credentials = client.credentials
            let path = credentials.tokenURL.path
            let form = [("Content-Type", "application/x-www-form-urlencoded")]
            func post(_ body: String, _ headers: [(String, String)] = form) async throws -> Reply {
                try await WireClient.send(
                    "POST", port: client.port, path: path, headers: headers, body: Data(body.utf8))
            }
            let password = try await client.requestToken(grantType: "password")
            #expect(password.status == 400)
            #expect(password.json?["error"]?.string == "unsupported_grant_type")

            for body in [
                "client_id=x&client_secret=y", "grant_type=client_credentials&client_secret=y",
                "grant_type=client_credentials&client_id=\(credentials.clientID)",
            ] {
                let reply = try await post(body)
                #expect(reply.status == 400)
                #expect(reply.json?["error"]?.string == "invalid_request")
            }
            let basic = Data("\(credentials.clientID):\(credentials.clientSecret)".utf8).base64EncodedString()
            let viaBasic = try await post(
                "grant_type=client_credentials&scope=openid", form + [("Authorization", "Basic \(basic)")])
            #expect(viaBasic.status == 200)
            #expect(viaBasic.header("Cache-Control") == "no-store")
            let badBasic = Data("\(credentials.clientID):nope".utf8).base64EncodedString()
            let refused = try await post(
                "grant_type=client_credentials", form + [("Authorization", "Basic \(badBasic)")])
            #expect(refused.status == 401)
            #expect(refused.json?["error"]?.string == "invalid_client")
            let get = try await WireClient.send("GET", port: client.port, path: path)
            #expect(get.status == 405)
            let wrongHost = try await WireClient.send("POST", port: client.port, path: "/oauth/token", headers: form)
            #expect(wrongHost.status == 404 && wrongHost.header("Content-Type") == "text/html")
        }
    }

    @Test("request logging stays off the answers")
    func logging() async throws {
        try await withSimulator(.healthy, logRequests: true) { simulator in
            let reply = try await WireClient.send("GET", port: simulator.port, path: "/")
            #expect(reply.status == 404)
        }
    }
}
