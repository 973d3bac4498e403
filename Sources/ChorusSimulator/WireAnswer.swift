import Foundation
import HTTPTypes
import Hummingbird

/// Builders for the answers the simulated gateway and Chorus Pro put on the wire.
enum WireAnswer {
    static let jsonContentType = "application/json;charset=utf-8"

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A value as the platform's JSON (keys sorted).
    static func encoded(_ value: some Encodable) -> Data {
        (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// Whether a list of one element is written as the element itself (variant `lists-of-one-as-object`).
    @TaskLocal static var listsOfOneAsObject = false

    /// A JSON document with the platform's content type.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response
    {
        var data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        if listsOfOneAsObject { data = unwrappingListsOfOne(data) }
        var fields = headers
        fields[.contentType] = jsonContentType
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The same document with every one-element array of objects replaced by its element.
    static func unwrappingListsOfOne(_ data: Data) -> Data {
        func unwrap(_ value: Any) -> Any {
            if let list = value as? [Any] {
                if list.count == 1, list[0] is [String: Any] { return unwrap(list[0]) }
                return list.map(unwrap)
            }
            if let object = value as? [String: Any] { return object.mapValues(unwrap) }
            return value
        }
        guard let object = try? JSONSerialization.jsonObject(with: data),
            let rewritten = try? JSONSerialization.data(
                withJSONObject: unwrap(object), options: [.sortedKeys, .withoutEscapingSlashes])
        else { return data }
        return rewritten
    }

    /// A status with no body at all (`Content-Length: 0`).
    static func empty(_ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        Response(status: status, headers: headers, body: ResponseBody())
    }

    /// An HTML page, as web servers and proxies answer when no API is behind a path.
    static func html(_ page: String, status: HTTPResponse.Status) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/html"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    /// The gateway's answer to a path that matches none of its APIs.
    static func gatewayNotFound(_ behaviours: PlatformBehaviours) -> Response {
        behaviours.plays(.unknownPathBare)
            ? empty(.notFound) : empty(.notFound, headers: [.wwwAuthenticate: "Bearer realm=\"DefaultRealm\""])
    }

    /// The OAuth server's answer to a path it does not serve.
    static var oauthNotFound: Response {
        html("<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>", status: .notFound)
    }

    /// A gateway refusal with `Retry-After` and no body.
    static func retryLater(_ status: HTTPResponse.Status, after seconds: Int, _ behaviours: PlatformBehaviours)
        -> Response
    {
        behaviours.plays(.retryAfterAbsent) ? empty(status) : empty(status, headers: [.retryAfter: String(seconds)])
    }

    /// A call with a bearer token the gateway does not know or that has expired.
    static func invalidToken(_ behaviours: PlatformBehaviours) -> Response {
        if behaviours.plays(.expiredTokenBare) {
            return empty(.unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"PISTE\""])
        }
        return empty(
            .unauthorized,
            headers: [
                .wwwAuthenticate: "Bearer realm=\"PISTE\",error=\"invalid_token\","
                    + "error_description=\"The access token is invalid or has expired\""
            ]
        )
    }

    /// A call without any bearer token.
    static var missingToken: Response {
        json(
            OAuthError(error: "invalid_request", errorDescription: "Unable to find token in the message"),
            status: .badRequest
        )
    }

    /// Chorus Pro refusing the technical account, whatever the reason.
    static var technicalAccountRefused: Response {
        empty(
            .unauthorized,
            headers: [
                .wwwAuthenticate: "Bearer realm=\"PISTE\",error=\"Unauthorized\","
                    + "error_description=\"login or password incorrects\""
            ]
        )
    }

    /// A method the operation does not take.
    static func methodNotAllowed(allowed: HTTPRequest.Method) -> Response {
        empty(.methodNotAllowed, headers: [.allow: allowed.rawValue])
    }
}

/// An OAuth 2 error document (RFC 6749 §5.2).
struct OAuthError: Encodable {
    var error: String
    var errorDescription: String?

    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
    }
}

/// The business envelope every Chorus Pro answer starts with.
struct ReturnCode: Encodable, Sendable {
    var codeRetour: Int
    var libelle: String

    static let success = ReturnCode(codeRetour: 0, libelle: "TRA_MSG_00.000")
    static let invoicesSuccess = ReturnCode(codeRetour: 0, libelle: "GCU_MSG_01_000")
    /// The search returned nothing.
    static let nothingFound = ReturnCode(codeRetour: 20000, libelle: "TRA_MSG_00.015")
    /// The identifier given matches no object the account may see (code and label are a likely guess).
    static let unknownIdentifier = ReturnCode(codeRetour: 20001, libelle: "GCU_MSG_03_000")
    /// `consulterCRDetaille` for a flow number the platform does not know (K; weak source).
    static let unknownFlow = ReturnCode(codeRetour: 20001, libelle: "POQ_MSG_01.003 - Flux introuvable.")
}

extension HTTPField.Name {
    static let pragma = HTTPField.Name("Pragma")!
    static let cproAccount = HTTPField.Name("cpro-account")!
}
