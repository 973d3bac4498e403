import ChorusTransport
import Foundation

/// Turns an HTTP answer or a transfer failure into the facts the diagnosis rules match on.
///
/// Facts: `http.status`, `body.kind` (`empty`, `json`, `html`, `text`), `oauth.error`, `oauth.error_description`,
/// `www_authenticate.realm`, `.error`, `.error_description`, `code_retour`, `libelle`, `retry_after`,
/// `transport.kind`, `transport.detail`. Values are whole: `StageEngine` redacts them, then cuts them to
/// `factLimit` (redacting first, so no cut leaves part of a secret).
public enum AnswerFacts {
    /// Bytes of a fact kept (server texts such as `error_description` can be long).
    public static let factLimit = 200

    public static func of(_ outcome: CallOutcome) -> [String: String] {
        switch outcome {
        case .response(let response): of(response)
        case .failure(let failure): of(failure)
        }
    }

    public static func of(_ failure: TransportFailure) -> [String: String] {
        var facts = ["transport.kind": failure.kind.rawValue, "transport.message": failure.message]
        if let detail = failure.detail { facts["transport.detail"] = detail }
        if let resource = exhaustedResource(failure) { facts["local.exhausted"] = resource }
        return facts
    }

    /// `descriptors` or `memory` when the failure is this machine running out (EMFILE, ENOMEM, no libcurl handle),
    /// not anything the platform did.
    public static func exhaustedResource(_ failure: TransportFailure) -> String? {
        let text = (failure.message + " " + (failure.detail ?? "")).lowercased()
        if text.contains("too many open files") || text.contains("could not create a transfer handle") {
            return "descriptors"
        }
        if text.contains("cannot allocate memory") || text.contains("out of memory") { return "memory" }
        return nil
    }

    public static func of(_ response: HTTPResponse) -> [String: String] { of(response, object: json(response.body)) }

    /// Facts of an answer whose body was already parsed (`object`: the body as a JSON object, if it is one).
    public static func of(_ response: HTTPResponse, object: [String: Any]?) -> [String: String] {
        var facts = ["http.status": String(response.status), "body.kind": bodyKind(response)]
        if let challenge = response.headers.value(for: "WWW-Authenticate") {
            for (key, value) in parseChallenge(challenge) { facts["www_authenticate.\(key)"] = value }
        }
        if let retry = response.headers.value(for: "Retry-After") {
            facts["retry_after"] = retry.trimmingCharacters(in: .whitespaces)
        }
        if let object {
            if let error = object["error"] as? String { facts["oauth.error"] = error }
            if let text = object["error_description"] as? String {
                facts["oauth.error_description"] = text
            }
            if let code = object["codeRetour"] {
                facts["code_retour"] = "\(code)"
            }
            if let libelle = object["libelle"] as? String { facts["libelle"] = libelle }
        }
        return facts
    }

    static func bodyKind(_ response: HTTPResponse) -> String {
        let trimmed = response.body.prefix(512).drop { [0x20, 0x0A, 0x0D, 0x09].contains($0) }
        if trimmed.isEmpty { return "empty" }
        let type = response.headers.value(for: "Content-Type")?.lowercased() ?? ""
        if json(response.body) != nil || type.contains("json") && trimmed.first == UInt8(ascii: "{") { return "json" }
        let start = String(decoding: trimmed.prefix(64), as: UTF8.self).lowercased()
        if type.contains("html") || start.hasPrefix("<!doctype html") || start.hasPrefix("<html") { return "html" }
        return "text"
    }

    /// A list of objects as the platform may send it: an array, or one bare object for a list of one
    /// (platform-evidence.md §8); anything else is an empty list.
    public static func list(_ value: Any?) -> [[String: Any]] {
        if let array = value as? [Any] { return array.compactMap { $0 as? [String: Any] } }
        if let object = value as? [String: Any] { return [object] }
        return []
    }

    /// A whole number sent as a JSON number or as text.
    public static func int(_ value: Any?) -> Int? {
        if let number = value as? NSNumber { return number.intValue }
        if let text = value as? String { return Int(text.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    /// A top-level JSON object, or nil.
    public static func json(_ body: Data) -> [String: Any]? {
        guard let first = body.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }), first == UInt8(ascii: "{")
        else {
            return nil
        }
        return (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }

    /// `Bearer realm="PISTE",error="x",error_description="y"` → ["scheme": "Bearer", "realm": "PISTE", …].
    public static func parseChallenge(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(header.trimmingCharacters(in: .whitespaces))
        if let space = rest.firstIndex(of: " "), !rest[..<space].contains("=") {
            result["scheme"] = String(rest[..<space])
            rest = rest[rest.index(after: space)...]
        }
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let char = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        value.append(char)
                        escaped = false
                    } else if char == "\\" {
                        escaped = true
                    } else if char == "\"" {
                        break
                    } else {
                        value.append(char)
                    }
                }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            if !key.isEmpty { result[key] = value }
        }
        return result
    }

    /// The answer's headers worth showing with a diagnosis (an answer of `PlatformClient.call`: already redacted).
    public static func relevantHeaders(_ response: HTTPResponse) -> [HTTPHeader] {
        let names: Set<String> = [
            "www-authenticate", "retry-after", "content-type", "content-length", "server", "via", "x-correlationid",
        ]
        return response.headers.filter { names.contains($0.name.lowercased()) }
    }
}
