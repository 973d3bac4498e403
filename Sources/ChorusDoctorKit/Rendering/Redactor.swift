import ChorusTransport
import Foundation
import Synchronization

/// The one place secrets are removed from anything chorus-doctor shows or writes.
///
/// It knows the run's secret values (client secret, technical password, `cpro-account` value, tokens as they
/// are issued), identifiers to show partly masked (client id, technical login, IBAN), and the places secrets hide
/// by name or shape (`Authorization`, `cpro-account` headers, `access_token`, `client_secret`, `password` fields,
/// `scheme://user:password@` URLs, base64 of `login:password`, IBANs). Every writer (console, JSON, state,
/// report, bundle) goes through it.
public final class Redactor: Sendable {
    /// A known value and what replaces it (a placeholder, or a partial mask for identifiers).
    private struct Entry {
        var value: String
        var replacement: String
    }

    private let secrets = Mutex<[Entry]>([])

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
        var forms = Self.textForms(of: value)
        forms.insert(Data(value.utf8).base64EncodedString())
        insert(forms, replacement: Self.placeholder(label))
    }

    /// Adds an identifier that is not a secret but is shown partly masked (client id, technical login): every
    /// text form of `value` becomes `masked` (e.g. `Masking.partial(value)`).
    public func mask(_ value: String, as masked: String) {
        guard !value.isEmpty, value != masked else { return }
        insert(Self.textForms(of: value), replacement: masked)
    }

    /// Adds an IBAN: every form of it (as typed, compact, in groups of four) keeps only its last four characters.
    public func addIBAN(_ value: String) {
        let compact = value.filter { !$0.isWhitespace }.uppercased()
        guard compact.count > 4 else { return }
        var forms = Self.textForms(of: value)
        forms.insert(compact)
        forms.insert(Self.grouped(compact))
        forms.insert(compact.lowercased())
        insert(forms, replacement: Self.ibanReplacement(compact))
    }

    /// The value as typed, URL-encoded, and JSON- or YAML-escaped (with and without escaped slashes).
    private static func textForms(of value: String) -> Set<String> {
        var forms: Set<String> = [value]
        for allowed in [FormEncoding.allowed, .urlQueryAllowed] {
            if let encoded = value.addingPercentEncoding(withAllowedCharacters: allowed) { forms.insert(encoded) }
        }
        if let json = try? JSONSerialization.data(withJSONObject: [value], options: [.fragmentsAllowed]) {
            let text = String(decoding: json, as: UTF8.self)
            let escaped = String(text.dropFirst(2).dropLast(2))
            forms.insert(escaped)
            forms.insert(escaped.replacingOccurrences(of: "\\/", with: "/"))
        }
        forms.insert(value.replacingOccurrences(of: "/", with: "\\/"))
        return forms
    }

    private func insert(_ forms: Set<String>, replacement: String) {
        secrets.withLock { list in
            for form in forms where !form.isEmpty && !list.contains(where: { $0.value == form }) {
                list.append(Entry(value: form, replacement: replacement))
            }
            list.sort { $0.value.count > $1.value.count }
        }
    }

    public static func placeholder(_ label: String) -> String { "[REDACTED:\(label)]" }

    /// `[REDACTED:iban]…0189`: an IBAN with only its last four characters left.
    public static func ibanReplacement(_ iban: String) -> String {
        placeholder("iban") + "…" + String(iban.filter { !$0.isWhitespace }.suffix(4))
    }

    static func grouped(_ compact: String) -> String {
        var groups: [String] = []
        var rest = Substring(compact)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }

    /// Replaces every known secret value in `text`, then every value of a secret-named field, then what looks like
    /// a secret by its shape (URL passwords, base64 of `login:password`).
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets.withLock({ $0 }) where result.contains(secret.value) {
            result = result.replacingOccurrences(of: secret.value, with: secret.replacement)
        }
        return SecretShapes.redact(Self.redactFields(result))
    }

    /// `redact`, and every IBAN-shaped value cut to its last four characters: for what leaves the user's machine
    /// (reports, bundles). The terminal keeps showing the user their own IBAN (the wizard's recap needs it).
    public func redactForSharing(_ text: String) -> String {
        SecretShapes.redactIBANs(redact(text))
    }

    public func redact(_ headers: [HTTPHeader]) -> [HTTPHeader] {
        headers.map { header in
            if let label = Self.secretHeaders[header.name.lowercased()] {
                let scheme = header.value.split(separator: " ").first.map(String.init)
                let keepScheme = scheme.map { ["bearer", "basic"].contains($0.lowercased()) } ?? false
                let token =
                    keepScheme
                    ? "\(scheme!) \(Self.placeholder(label == "authorization" ? "token" : label))"
                    : Self.placeholder(label)
                return HTTPHeader(header.name, token)
            }
            return HTTPHeader(header.name, redact(header.value))
        }
    }

    /// `"access_token":"…"`, `access_token=…`, `password: …` and the like, whatever the value.
    static func redactFields(_ text: String) -> String {
        guard secretFields.contains(where: { text.localizedCaseInsensitiveContains($0) }) else { return text }
        var result = text
        for (regex, template) in fieldPatterns {
            let range = NSRange(result.startIndex..., in: result)
            result = regex.stringByReplacingMatches(in: result, range: range, withTemplate: template)
        }
        return result
    }

    /// Compiled once: JSON (`"field": "value"`) and form or query (`field=value`) shapes of each secret field.
    private static let fieldPatterns: [(NSRegularExpression, String)] = secretFields.flatMap { field in
        let label = field == "motDePasse" ? "password" : field
        let template = "$1\(NSRegularExpression.escapedTemplate(for: placeholder(label)))$3"
        return [
            "(\"\(field)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")",
            "((?:^|[?&\\s])\(field)=)([^&\\s]*)()",
        ].map { (try! NSRegularExpression(pattern: $0, options: [.caseInsensitive]), template) }
    }
}

/// Secrets recognised by their shape alone, whoever wrote them: passwords in URLs (`scheme://user:password@host`),
/// base64 of `login:password` (a `cpro-account` or `Basic` value anywhere), and, for what is shared, IBANs (last four
/// characters kept).
enum SecretShapes {
    private static let urlPassword = try! NSRegularExpression(
        pattern: #"([A-Za-z][A-Za-z0-9+.\-]*://[^\s/:@\[\]"'<>]*):([^\s@/"'<>]+)@"#)
    private static let iban = try! NSRegularExpression(
        pattern: #"\b[A-Z]{2}[0-9]{2}(?:(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?|[A-Z0-9]{11,30})\b"#)
    private static let base64 = try! NSRegularExpression(
        pattern: #"(?<![A-Za-z0-9+/=_\-])[A-Za-z0-9+/]{12,}={0,2}(?![A-Za-z0-9+/=_\-])"#)

    static func redact(_ text: String) -> String {
        var result = text
        if result.contains("://") {
            result = replace(urlPassword, in: result) { match, text in
                "\(text.substring(with: match.range(at: 1))):\(Redactor.placeholder("password"))@"
            }
        }
        return replace(base64, in: result) { match, text in
            let found = text.substring(with: match.range)
            return isCredentials(found) ? Redactor.placeholder("credentials") : found
        }
    }

    static func redactIBANs(_ text: String) -> String {
        replace(iban, in: text) { match, text in
            let found = text.substring(with: match.range)
            let compact = found.filter { !$0.isWhitespace }
            return (15...34).contains(compact.count) ? Redactor.ibanReplacement(compact) : found
        }
    }

    /// True when `token` is the base64 of `login:password` (a login-like name, a colon, printable text).
    static func isCredentials(_ token: String) -> Bool {
        var padded = token
        guard padded.count % 4 != 1 else { return false }
        while padded.count % 4 != 0 { padded += "=" }
        guard let data = Data(base64Encoded: padded), let decoded = String(data: data, encoding: .utf8),
            let colon = decoded.firstIndex(of: ":")
        else { return false }
        let login = decoded[..<colon]
        let password = decoded[decoded.index(after: colon)...]
        let loginCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._%+-@"))
        return login.count >= 3 && !password.isEmpty
            && login.unicodeScalars.allSatisfy { $0.isASCII && loginCharacters.contains($0) }
            && password.unicodeScalars.allSatisfy { !CharacterSet.controlCharacters.contains($0) }
    }

    private static func replace(
        _ regex: NSRegularExpression, in text: String, with replacement: (NSTextCheckingResult, NSString) -> String
    ) -> String {
        let source = text as NSString
        let matches = regex.matches(in: text, range: NSRange(location: 0, length: source.length))
        guard !matches.isEmpty else { return text }
        let result = NSMutableString(string: text)
        for match in matches.reversed() {
            result.replaceCharacters(in: match.range, with: replacement(match, source))
        }
        return result as String
    }
}

/// `application/x-www-form-urlencoded` as OAuth token endpoints expect it.
public enum FormEncoding {
    public static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
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
