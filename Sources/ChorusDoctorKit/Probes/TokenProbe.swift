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
        result.headers = AnswerFacts.relevantHeaders(response)
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

/// Stage 4: the Transverses health check, which proves the PISTE side (application, APIs, CGU).
///
/// It carries the technical account, as every independent client sends it (platform-evidence.md §1): a platform
/// whose health check demands the account then answers 200 when all is well. A refusal of the technical account
/// (401 `login or password incorrects`) shows the token was accepted: the stage passes and the account stage tells
/// why. Another refusal is asked again with the token alone: if that passes (or only the account is refused), the
/// PISTE side works and the account stage diagnoses; otherwise the first answer decides.
struct GatewayProbe {
    var config: ValidatedConfig
    var client: PlatformClient
    var token: Secret

    func healthCheck(withAccount: Bool) async -> CallOutcome {
        var headers = [HTTPHeader("Authorization", "Bearer \(token.value)"), HTTPHeader("Accept", "application/json")]
        if withAccount {
            headers = PlatformClient.chorusHeaders(
                token: token, login: config.technicalLogin, password: config.technicalPassword
            ).filter { $0.name != "Content-Type" }
        }
        let request = HTTPRequest(
            method: "GET", url: PlatformClient.endpoint(config.apiBaseURL, "/cpro/transverses/v1/health-check"),
            headers: headers, timeout: client.timeout)
        return await client.call(request, stage: .gateway, label: withAccount ? "health-check" : "health-check-token")
    }

    static func healthy(_ response: HTTPResponse) -> Bool {
        guard response.status == 200 else { return false }
        return (AnswerFacts.of(response)["code_retour"] ?? "0") == "0"
    }

    /// A 401 whose `WWW-Authenticate` says the technical login or password is wrong.
    static func refusesTechnicalAccount(_ response: HTTPResponse) -> Bool {
        guard response.status == 401 else { return false }
        return AnswerFacts.of(response)["www_authenticate.error_description"]?.lowercased().contains(
            "login or password") ?? false
    }

    func run(into result: inout StageResult) async {
        let outcome = await healthCheck(withAccount: true)
        result.facts.merge(AnswerFacts.of(outcome)) { $1 }
        guard case .response(let response) = outcome else {
            result.status = .fail
            return
        }
        result.httpStatus = response.status
        result.headers = AnswerFacts.relevantHeaders(response)
        if Self.healthy(response) {
            result.status = .pass
            result.findings.append(Finding("gateway.healthy"))
            return
        }
        if Self.refusesTechnicalAccount(response) {
            result.status = .pass
            result.facts["gateway.account"] = "refused"
            result.findings.append(Finding("gateway.account_refused"))
            return
        }
        if [400, 403].contains(response.status), case .response(let alone) = await healthCheck(withAccount: false),
            Self.healthy(alone) || Self.refusesTechnicalAccount(alone)
        {
            result.status = .pass
            result.facts["gateway.account"] = "refused"
            result.findings.append(Finding("gateway.token_alone"))
            return
        }
        result.status = .fail
        result.bodyExcerpt = client.redactor.excerpt(response.body, limit: 512)
    }
}
