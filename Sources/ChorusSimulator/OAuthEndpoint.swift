import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// PISTE's OAuth 2 token endpoint, client-credentials grant only.
extension SimulatedPlatform {
    func tokenEndpoint(_ request: Request, channel: any Channel) async throws -> Response {
        switch world.condition {
        case .tokenServerUnresponsive:
            return try await holdUnanswered(channel: channel)
        case .tokenServerAnswersHTML:
            return WireAnswer.html(Self.portalPage, status: .ok)
        default:
            break
        }
        guard request.method == .post else { return WireAnswer.methodNotAllowed(allowed: .post) }
        guard let body = await collectBody(request, limit: 64 * 1024) else { return invalidRequest("grant_type") }
        let isForm = request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
        let form = isForm ? Self.formFields(String(buffer: body)) : [:]
        let basic = Self.basicCredentials(request.headers[.authorization])

        guard let grantType = form["grant_type"], !grantType.isEmpty else { return invalidRequest("grant_type") }
        guard grantType == "client_credentials" else {
            return WireAnswer.json(OAuthError(error: "unsupported_grant_type"), status: .badRequest)
        }
        guard let clientID = nonEmpty(form["client_id"]) ?? basic?.id else { return invalidRequest("client_id") }
        guard let secret = nonEmpty(form["client_secret"]) ?? basic?.secret else {
            return invalidRequest("client_secret")
        }
        guard clientID == world.application.clientID, secret == world.application.clientSecret else {
            var headers: HTTPFields = [:]
            if basic != nil { headers[.wwwAuthenticate] = "Basic realm=\"PISTE\"" }
            let error = OAuthError(
                error: "invalid_client", errorDescription: "Invalid client or Invalid client credentials")
            let status: HTTPResponse.Status = world.behaviours.plays(.secret400) ? .badRequest : .unauthorized
            return WireAnswer.json(error, status: status, headers: headers)
        }
        if let scope = form["scope"], !scope.split(separator: " ").contains("openid") {
            return WireAnswer.json(OAuthError(error: "invalid_scope"), status: .badRequest)
        }
        let token = tokens.issue(to: clientID, now: now, lifetime: world.tokenLifetime)
        return WireAnswer.json(
            IssuedToken(accessToken: token, expiresIn: world.tokenLifetime),
            headers: [.cacheControl: "no-store", .pragma: "no-cache"]
        )
    }

    private func invalidRequest(_ field: String) -> Response {
        WireAnswer.json(
            OAuthError(error: "invalid_request", errorDescription: "Missing form parameter: \(field)"),
            status: .badRequest
        )
    }

    private func nonEmpty(_ value: String?) -> String? {
        value.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `application/x-www-form-urlencoded` fields; the first occurrence of a name wins.
    static func formFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = formDecode(parts[0])
            if fields[name] == nil {
                fields[name] = parts.count > 1 ? formDecode(parts[1]) : ""
            }
        }
        return fields
    }

    private static func formDecode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Client id and secret from `Authorization: Basic` (each form-encoded, RFC 6749 §2.3.1).
    static func basicCredentials(_ header: String?) -> (id: String, secret: String)? {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
        let encoded = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard let data = Data(base64Encoded: encoded), let decoded = String(data: data, encoding: .utf8),
            let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (formDecode(decoded[..<colon]), formDecode(decoded[decoded.index(after: colon)...]))
    }

    /// What a captive proxy in front of the OAuth server sends instead of a token.
    static let portalPage = """
        <!DOCTYPE html>
        <html lang="fr"><head><meta charset="utf-8"><title>PISTE</title></head>
        <body><div id="app"></div><noscript>JavaScript est requis.</noscript></body></html>

        """
}

/// A successful token answer.
struct IssuedToken: Encodable {
    var accessToken: String
    var tokenType = "Bearer"
    var expiresIn: Int
    var scope = "openid"

    init(accessToken: String, expiresIn: Int) {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case scope
    }
}
