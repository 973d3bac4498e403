import ChorusTransport
import Foundation
import Synchronization

/// The one place secrets are removed from anything chorus-doctor shows or writes.
///
/// It knows the run's secret values (client secret, technical password, `cpro-account` value, tokens as they
/// are issued) and the places secrets hide by name (`Authorization`, `cpro-account` headers, `access_token`,
/// `client_secret`, `password` fields). Every writer (console, JSON, state, report, bundle) goes through it.
public final class Redactor: Sendable {
    private let secrets = Mutex<[(label: String, value: String)]>([])

    /// Headers whose values are always replaced.
    public static let secretHeaders: [String: String] = [
        "authorization": "authorization", "cpro-account": "cpro-account", "proxy-authorization": "authorization",
        "cookie": "cookie", "set-cookie": "cookie",
    ]
    /// JSON or form fields whose values are always replaced.
    public static let secretFields = [
        "access_token", "refresh_token", "id_token", "client_secret", "password", "motDePasse", "technical_password",
    ]

    public init(secrets: [(label: String, value: String)] = []) {
        for secret in secrets { add(secret.value, label: secret.label) }
    }

    /// Adds a secret value and the forms it takes on the wire (URL-encoded, JSON-escaped, base64).
    public func add(_ value: String, label: String) {
        guard !value.isEmpty else { return }
        var forms: Set<String> = [value, Data(value.utf8).base64EncodedString()]
        if let encoded = value.addingPercentEncoding(withAllowedCharacters: FormEncoding.allowed) { forms.insert(encoded) }
        if let json = try? JSONSerialization.data(withJSONObject: [value], options: [.fragmentsAllowed]) {
            let text = String(decoding: json, as: UTF8.self)
            forms.insert(String(text.dropFirst(2).dropLast(2)))
        }
        forms.insert(value.replacingOccurrences(of: "/", with: "\\/"))
        secrets.withLock { list in
            for form in forms where !list.contains(where: { $0.value == form }) {
                list.append((label, form))
            }
            list.sort { $0.value.count > $1.value.count }
        }
    }

    public static func placeholder(_ label: String) -> String { "[REDACTED:\(label)]" }

    /// Replaces every known secret value in `text`, then every value of a secret-named field.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets.withLock({ $0 }) where result.contains(secret.value) {
            result = result.replacingOccurrences(of: secret.value, with: Self.placeholder(secret.label))
        }
        return Self.redactFields(result)
    }

    public func redact(_ headers: [HTTPHeader]) -> [HTTPHeader] {
        headers.map { header in
            if let label = Self.secretHeaders[header.name.lowercased()] {
                let scheme = header.value.split(separator: " ").first.map(String.init)
                let keepScheme = scheme.map { ["bearer", "basic"].contains($0.lowercased()) } ?? false
                let token = keepScheme ? "\(scheme!) \(Self.placeholder(label == "authorization" ? "token" : label))" : Self.placeholder(label)
                return HTTPHeader(header.name, token)
            }
            return HTTPHeader(header.name, redact(header.value))
        }
    }

    /// `"access_token":"…"`, `access_token=…`, `password: …` and the like, whatever the value.
    static func redactFields(_ text: String) -> String {
        guard secretFields.contains(where: { text.localizedCaseInsensitiveContains($0) }) else { return text }
        var result = text
        for field in secretFields {
            let label = field == "motDePasse" ? "password" : field
            let patterns = [
                "(\"\(field)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")",
                "((?:^|[?&\\s])\(field)=)([^&\\s]*)()",
            ]
            for pattern in patterns {
                guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { continue }
                let range = NSRange(result.startIndex..., in: result)
                result = regex.stringByReplacingMatches(
                    in: result, range: range, withTemplate: "$1\(NSRegularExpression.escapedTemplate(for: placeholder(label)))$3")
            }
        }
        return result
    }
}

/// `application/x-www-form-urlencoded` as OAuth token endpoints expect it.
public enum FormEncoding {
    public static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-._*")
        return set
    }()

    public static func encode(_ fields: [(String, String)]) -> Data {
        let text = fields.map { name, value in
            let encoded = value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
            return "\(name)=\(encoded)"
        }.joined(separator: "&")
        return Data(text.utf8)
    }
}
