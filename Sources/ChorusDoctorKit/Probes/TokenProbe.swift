import ChorusTransport
import Foundation

/// Stage 3: the OAuth2 client-credentials request. The token it gets is reused by every later stage.
struct TokenProbe {
    var config: ValidatedConfig
    var client: PlatformClient

    func run(into result: inout StageResult) async -> Secret? {
        let body = FormEncoding.encode([
            ("grant_type", "client_credentials"), ("client_id", config.clientID),
            ("client_secret", config.clientSecret.value), ("scope", "openid"),
        ])
        let request = HTTPRequest(
            method: "POST", url: config.tokenURL,
            headers: [
                HTTPHeader("Content-Type", "application/x-www-form-urlencoded"),
                HTTPHeader("Accept", "application/json"),
            ],
            body: body, timeout: client.timeout)
        let outcome = await client.call(request, stage: .token, label: "oauth-token")
        result.facts.merge(AnswerFacts.of(outcome)) { $1 }
        guard case .response(let response) = outcome else {
            result.status = .fail
            return nil
        }
        result.httpStatus = response.status
        result.headers = client.redactor.redact(AnswerFacts.relevantHeaders(response))
        guard response.status == 200 else {
            result.status = .fail
            result.bodyExcerpt = client.redactor.excerpt(response.body, limit: 512)
            return nil
        }
        guard let object = AnswerFacts.json(response.body) else {
            result.status = .fail
            result.facts["token.problem"] = "not_json"
            result.bodyExcerpt = client.redactor.excerpt(response.body, limit: 256)
            return nil
        }
        guard let token = object["access_token"] as? String, !token.isEmpty else {
            result.status = .fail
            result.facts["token.problem"] = "no_token"
            return nil
        }
        client.redactor.add(token, label: "token")
        let expiresIn = (object["expires_in"] as? NSNumber)?.intValue ?? Int(object["expires_in"] as? String ?? "")
        guard let expiresIn, expiresIn > 0 else {
            result.status = .fail
            result.facts["token.problem"] = "bad_expiry"
            return nil
        }
        result.findings.append(Finding("token.obtained", ["seconds": String(expiresIn)]))
        if let type = object["token_type"] as? String, type.lowercased() != "bearer" {
            result.status = .warn
            result.facts["token.problem"] = "token_type"
            result.facts["token.type"] = type
        } else {
            result.status = .pass
        }
        return Secret(token)
    }
}

/// Stage 4: the Transverses health check with the token alone: proves the PISTE side (application, APIs, CGU).
struct GatewayProbe {
    var config: ValidatedConfig
    var client: PlatformClient
    var token: Secret

    func run(into result: inout StageResult) async {
        let request = HTTPRequest(
            method: "GET", url: PlatformClient.endpoint(config.apiBaseURL, "/cpro/transverses/v1/health-check"),
            headers: [HTTPHeader("Authorization", "Bearer \(token.value)"), HTTPHeader("Accept", "application/json")],
            timeout: client.timeout)
        let outcome = await client.call(request, stage: .gateway, label: "health-check")
        result.facts.merge(AnswerFacts.of(outcome)) { $1 }
        guard case .response(let response) = outcome else {
            result.status = .fail
            return
        }
        result.httpStatus = response.status
        result.headers = client.redactor.redact(AnswerFacts.relevantHeaders(response))
        if response.status == 200, (result.facts["code_retour"] ?? "0") == "0" {
            result.status = .pass
            result.findings.append(Finding("gateway.healthy"))
        } else {
            result.status = .fail
            result.bodyExcerpt = client.redactor.excerpt(response.body, limit: 512)
        }
    }
}
