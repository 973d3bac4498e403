import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusSimulator

/// Talks to a running simulator the way a billing package would, with the scenario's demo profile.
struct DemoClient {
    let simulator: RunningSimulator
    let credentials: DemoCredentials

    init(_ simulator: RunningSimulator, applyingDemoAdjustment: Bool = true) {
        self.simulator = simulator
        self.credentials = simulator.demoCredentials(applyingDemoAdjustment: applyingDemoAdjustment)
    }

    /// Starts a simulator for `scenario` on an ephemeral port, runs `body` with its demo client, and stops it,
    /// awaited, whatever `body` did. `time`: the simulator's world moves only as this virtual time is advanced (nil:
    /// on the real clock).
    @discardableResult
    static func with<Value>(
        _ scenario: Scenario, variants: [PlatformVariant] = [], now: Date = Date(), time: VirtualTime? = nil,
        state: SimulatorStateDirectory? = nil, _ body: (DemoClient) async throws -> Value
    ) async throws -> Value {
        var elapsed: (@Sendable () -> Duration)?
        if let time { elapsed = { time.elapsed() } }
        return try await withSimulator(scenario, variants: variants, now: now, state: state, elapsed: elapsed) {
            try await body(DemoClient($0))
        }
    }

    var port: Int { simulator.port }

    /// `POST` the client-credentials form to the profile's token URL.
    func requestToken(
        clientID: String? = nil, clientSecret: String? = nil, grantType: String = "client_credentials",
        timeout: Double = 5
    ) async throws -> Reply {
        let form =
            "grant_type=\(grantType)&client_id=\(clientID ?? credentials.clientID)"
            + "&client_secret=\(clientSecret ?? credentials.clientSecret)&scope=openid"
        return try await WireClient.send(
            "POST", port: port, path: credentials.tokenURL.path,
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(form.utf8), timeout: timeout
        )
    }

    /// A token, expecting the token endpoint to give one.
    func token() async throws -> String {
        let reply = try await requestToken()
        try #require(reply.status == 200, "token endpoint answered \(reply.status)")
        return try #require(reply.json?["access_token"]?.string)
    }

    /// The `cpro-account` value of the profile's technical account.
    var technicalAccountHeader: String {
        Data("\(credentials.technicalLogin):\(credentials.technicalPassword)".utf8).base64EncodedString()
    }

    /// Calls `/cpro/...` under the profile's API base with the usual two credentials.
    func call(
        _ operation: String, body: String? = "{}", token: String?, withAccount: Bool = true, method: String = "POST",
        timeout: Double = 5, keepBytes: Int = 4 << 20
    ) async throws -> Reply {
        var headers: [(String, String)] = [("Accept", "application/json;charset=utf-8")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if withAccount { headers.append(("cpro-account", technicalAccountHeader)) }
        if body != nil { headers.append(("Content-Type", "application/json;charset=utf-8")) }
        return try await WireClient.send(
            method, port: port, path: credentials.apiBaseURL.path + operation, headers: headers,
            body: body.map { Data($0.utf8) }, timeout: timeout, keepBytes: keepBytes
        )
    }
}

/// Words the real platform would never put in an answer: the simulator must not give its world away.
enum BareAnswer {
    static let telltales = [
        "scenario", "simulat", "because", "not attached", "attach", "cgu", "raccordement", "pending", "hint",
        "demo adjustment", "maintenance", "overload", "rate limit", "throttl", "wrong", "expected",
    ]

    /// The telltale words found in a reply's headers or kept body. An issued token's value is random letters and
    /// digits (it once held "PCGu"), so it is blanked before the search: it is not text the platform writes.
    static func telltalesIn(_ reply: Reply) -> [String] {
        let headerText = reply.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
        let body = String(decoding: reply.body.prefix(1 << 20), as: UTF8.self).replacingOccurrences(
            of: #""access_token"\s*:\s*"[^"]*""#, with: #""access_token":"""#, options: .regularExpression)
        let text = (headerText + "\n" + body).lowercased()
        return telltales.filter { text.contains($0) }
    }
}
