import ChorusTransport
import Foundation
import Synchronization

/// The one place secrets are removed from anything chorus-doctor shows or writes.
///
/// It knows the run's secret values (client secret, technical password, `cpro-account` value, tokens as they
/// are issued), the IBAN to show by its last four characters, and the places secrets hide
/// by name or shape (`Authorization`, `cpro-account` headers, `access_token`, `client_secret`, `password` fields,
/// `scheme://user:password@` URLs, base64 of `login:password`, IBANs). Every writer (console, JSON, state,
/// report, bundle) goes through it. Identifiers that are not secrets (client id, logins) are not its business: the
/// support ticket shows them, the rest of a report masks them (`IdentifierMask`).
public final class Redactor: Sendable {
    /// A known value and what replaces it (a placeholder, or a partial mask for identifiers).
    private struct Entry {
        var value: String
        var replacement: String
        /// Short values are replaced only where they stand whole (see `SecretForms.shortLength`).
        var whole: Bool
        /// `value`'s scalars, for the head of it a cut may leave at the end of a text (`maskCutEnd`).
        var scalars: [Unicode.Scalar]

        init(value: String, replacement: String, whole: Bool) {
            self.value = value
            self.replacement = replacement
            self.whole = whole
            scalars = Array(value.unicodeScalars)
        }
    }

    /// A secret searched for in the text with its escapes undone (`DecodedText`).
    private struct Decoded {
        var scalars: [Unicode.Scalar]
        var replacement: String
    }

    private struct Known {
        var entries: [Entry] = []
        var decoded: [Decoded] = []
        /// `entries`, ready to be found in one pass; rebuilt when they change.
        var matcher = KnownValueMatcher([])
    }

    private let known = Mutex<Known>(Known())
    /// Counts the scanners' steps when given (tests of linear work); nil in the tool.
    public let work: RedactionWork?

    /// Headers whose values are always replaced.
    public static let secretHeaders: [String: String] = [
        "authorization": "authorization", "cpro-account": "cpro-account", "proxy-authorization": "authorization",
        "cookie": "cookie", "set-cookie": "cookie",
    ]
    /// JSON or form fields whose values are always replaced.
    public static let secretFields = [
        "access_token", "refresh_token", "id_token", "client_secret", "password", "motDePasse", "technical_password",
    ]

    public init(secrets: [(label: String, value: String)] = [], work: RedactionWork? = nil) {
        self.work = work
        for secret in secrets { add(secret.value, label: secret.label) }
    }

    /// True when a secret this short cannot be a real one (it is redacted only where it stands whole).
    public static func isImplausiblyShort(_ value: String) -> Bool { value.count < SecretForms.shortLength }

    /// Adds a secret value and the forms it takes on the wire (URL-, form- or JSON-encoded, base64, and any mix of
    /// escapes undone by `DecodedText`).
    public func add(_ value: String, label: String) {
        guard !value.isEmpty else { return }
        var forms = SecretForms.text(value)
        if !Self.isImplausiblyShort(value) { forms.formUnion(SecretForms.base64(value)) }
        let replacement = Self.placeholder(label)
        insert(forms, replacement: replacement)
        guard !Self.isImplausiblyShort(value) else { return }
        let scalars = Array(value.unicodeScalars)
        known.withLock { known in
            guard !known.decoded.contains(where: { $0.scalars == scalars }) else { return }
            known.decoded.append(Decoded(scalars: scalars, replacement: replacement))
            known.decoded.sort { $0.scalars.count > $1.scalars.count }
        }
    }

    /// Adds an IBAN: every form of it (as typed, compact, in groups of four) keeps only its last four characters.
    public func addIBAN(_ value: String) {
        let compact = value.filter { !$0.isWhitespace }.uppercased()
        guard compact.count > 4 else { return }
        var forms = SecretForms.text(value)
        forms.insert(compact)
        forms.insert(Self.grouped(compact))
        forms.insert(compact.lowercased())
        insert(forms, replacement: Self.ibanReplacement(compact))
    }

    private func insert(_ forms: Set<String>, replacement: String) {
        known.withLock { known in
            for form in forms where !form.isEmpty && !known.entries.contains(where: { $0.value == form }) {
                known.entries.append(
                    Entry(value: form, replacement: replacement, whole: Self.isImplausiblyShort(form)))
            }
            known.entries.sort { $0.value.count > $1.value.count }
            known.matcher = KnownValueMatcher(
                known.entries.map { .init(bytes: Array($0.value.utf8), replacement: $0.replacement, whole: $0.whole) })
        }
    }

    /// The version of what `redact` removes. A kept run records it (`CheckReport.redactionRules`); one kept under
    /// other rules is redacted again when loaded. Raise it when a rule changes what is redacted.
    public static let rulesVersion = 1

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

    /// Replaces every known secret value in `text` (in every form, and under any mix of escapes), then every value
    /// of a secret-named field, then what looks like a secret by its shape (URL passwords, base64 of
    /// `login:password`).
    public func redact(_ text: String) -> String {
        let (matcher, decoded) = known.withLock { ($0.matcher, $0.decoded) }
        var steps = 0
        var result = matcher.replace(in: text, steps: &steps)
        result = Self.replaceDecoded(decoded, in: result, steps: &steps)
        result = SecretShapes.redact(SecretFields.redact(result, steps: &steps), steps: &steps)
        work?.add(steps)
        return result
    }

    /// `redact`, and every IBAN-shaped value cut to its last four characters: for what leaves the user's machine
    /// (reports, bundles). The terminal keeps showing the user their own IBAN (the wizard's recap needs it).
    public func redactForSharing(_ text: String) -> String {
        SecretShapes.redactIBANs(redact(text))
    }

    /// Headers with secret-named ones replaced and the others' values redacted. The values are redacted as one
    /// text (one pass, however many headers a server sends).
    public func redact(_ headers: [HTTPHeader]) -> [HTTPHeader] {
        let plain = headers.filter { Self.secretHeaders[$0.name.lowercased()] == nil && !$0.value.contains("\n") }
        var cleaned: [String] = []
        if !plain.isEmpty {
            cleaned = redact(plain.map(\.value).joined(separator: "\n")).components(separatedBy: "\n")
            if cleaned.count != plain.count { cleaned = plain.map { redact($0.value) } }
        }
        var next = cleaned.makeIterator()
        return headers.map { header in
            if let label = Self.secretHeaders[header.name.lowercased()] {
                let scheme = header.value.split(separator: " ").first.map(String.init)
                let keepScheme = scheme.map { ["bearer", "basic"].contains($0.lowercased()) } ?? false
                let token =
                    keepScheme
                    ? "\(scheme!) \(Self.placeholder(label == "authorization" ? "token" : label))"
                    : Self.placeholder(label)
                return HTTPHeader(header.name, token)
            }
            if header.value.contains("\n") { return HTTPHeader(header.name, redact(header.value)) }
            return HTTPHeader(header.name, next.next() ?? redact(header.value))
        }
    }

    /// The start of a body, at most `limit` bytes of text, redacted **before** it is cut: a secret across the cut
    /// is gone whole, and what is left at the cut of one (its first characters) is masked too. Binary or invalid
    /// UTF-8 is shown as a byte count.
    public func excerpt(_ body: Data, limit: Int) -> String {
        guard let text = Self.text(body) else { return "<\(body.count) bytes, not UTF-8 text>" }
        let clean = redact(text)
        guard clean.utf8.count > limit else { return clean }
        return cut(clean, limit: limit)
    }

    /// The first `limit` bytes of an already redacted text, on a character boundary, with any head of a known
    /// secret left at the end masked.
    public func cut(_ text: String, limit: Int) -> String {
        let scalars = text.unicodeScalars
        var bytes = 0
        var end = scalars.startIndex
        while end < scalars.endIndex, bytes + scalars[end].utf8.count <= limit {
            bytes += scalars[end].utf8.count
            end = scalars.index(after: end)
        }
        work?.add(bytes)
        return maskCutEnd(String(scalars[..<end]))
    }

    /// Masks a trailing piece (three characters or more) that is the beginning of a known secret form, and an
    /// unterminated secret field (`"client_secret":"abc` at the end).
    ///
    /// Compared scalar by scalar on the text's last scalars, read once per secret form: no string is made per
    /// length tried (this runs on every fact of every stage).
    func maskCutEnd(_ text: String) -> String {
        var steps = 0
        defer { work?.add(steps) }
        var result = SecretFields.redact(text, atEnd: true, steps: &steps)
        for secret in known.withLock({ $0.entries }) where !secret.whole {
            let form = secret.scalars
            let tail = Array(result.unicodeScalars.suffix(form.count - 1))
            var length = tail.count
            while length >= 3 {
                steps += length
                if tail[(tail.count - length)...].elementsEqual(form[..<length]) {
                    var kept = String.UnicodeScalarView(result.unicodeScalars.dropLast(length))
                    kept.append(contentsOf: secret.replacement.unicodeScalars)
                    result = String(kept)
                    break
                }
                length -= 1
            }
        }
        return result
    }

    /// A body as text: valid UTF-8, or valid once the last bytes of a character cut by a size limit are dropped.
    static func text(_ body: Data) -> String? {
        if let text = String(data: body, encoding: .utf8) { return text }
        for drop in 1...3 where body.count > drop {
            if let text = String(data: body.dropLast(drop), encoding: .utf8) { return text }
        }
        return nil
    }

    /// Known secrets written with escapes (`\u0070`, `&#112;`, `&amp;`, `%70`, `+`): searched in the text with its
    /// escapes undone, replaced in the original.
    private static func replaceDecoded(_ secrets: [Decoded], in text: String, steps: inout Int) -> String {
        guard !secrets.isEmpty else { return text }
        steps += text.utf8.count
        guard text.contains(where: { "\\&%+".contains($0) }) else { return text }
        var source = Array(text.unicodeScalars)
        for plusAsSpace in [false, true] {
            let view = DecodedText(source, plusAsSpace: plusAsSpace, steps: &steps)
            guard view.changed else { continue }
            var replacements: [(Range<Int>, String)] = []
            for secret in secrets {
                for range in view.ranges(of: secret.scalars, steps: &steps) {
                    steps += replacements.count
                    if !replacements.contains(where: { $0.0.overlaps(range) }) {
                        replacements.append((range, secret.replacement))
                    }
                }
            }
            steps += source.count
            source = source.splicing(
                replacements.sorted { $0.0.lowerBound < $1.0.lowerBound }.map { ($0.0, Array($0.1.unicodeScalars)) })
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: source)
        return String(result)
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
