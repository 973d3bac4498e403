import ChorusTransport
import Foundation

/// The facts `checklists/explain.yaml` matches on, read from a message copied from anywhere (an ERP log, the
/// portal, an e-mail, a JSON answer) or from an answer the tool itself received.
///
/// Facts: `message` (as given), `text`, `text.2`, `text.3`, `text.4` (the same folded text: lower case, no accents,
/// plain quotes, single spaces), `http.status`, `code_retour`, `libelle`, `chorus.code` (both, space-separated),
/// `oauth.error`, `www_authenticate.realm` / `.error` / `.error_description`, `api`.
public enum MessageFacts {
    /// Longest message kept (a pasted log beyond this is cut).
    public static let maximumLength = 4000

    /// The folded form rules and messages are compared in.
    public static func fold(_ text: String) -> String {
        var folded = text.folding(
            options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive],
            locale: Locale(identifier: "en_US_POSIX"))
        for (from, to) in [
            ("’", "'"), ("‘", "'"), ("`", "'"), ("´", "'"), ("«", "\""), ("»", "\""), ("“", "\""), ("”", "\""),
        ] {
            folded = folded.replacingOccurrences(of: from, with: to)
        }
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Facts of a free-text message.
    public static func of(message raw: String) -> [String: String] {
        let message = String(raw.trimmingCharacters(in: .whitespacesAndNewlines).prefix(maximumLength))
        var facts: [String: String] = ["message": message]
        var searchable = message
        if let object = AnswerFacts.json(Data(message.utf8)) {
            for (key, value) in jsonFacts(object) { facts[key] = value }
            searchable += " " + jsonTexts(object).joined(separator: " ")
        }
        let text = fold(searchable)
        for name in textFacts { facts[name] = text }
        if facts["http.status"] == nil, let status = httpStatus(in: text) { facts["http.status"] = status }
        if facts["code_retour"] == nil, let code = codeRetour(in: text) { facts["code_retour"] = code }
        if facts["libelle"] == nil, let label = first(#"\b([a-z]{2,4}_msg_\d{2}[._]\d{2,3})\b"#, in: text) {
            facts["libelle"] = label.uppercased()
        }
        if facts["oauth.error"] == nil,
            let error = first(
                #"\b(invalid_client|invalid_grant|invalid_request|invalid_scope|unauthorized_client|unsupported_grant_type|invalid_token|access_denied)\b"#,
                in: text)
        {
            facts["oauth.error"] = error
        }
        if let realm = first(#"realm="?([a-z0-9_-]+)"#, in: text) {
            facts["www_authenticate.realm"] = realm == "defaultrealm" ? "DefaultRealm" : realm.uppercased()
        }
        if let description = first(#"error_description="([^"]*)""#, in: text) {
            facts["www_authenticate.error_description"] = description
        }
        if let api = first(#"/cpro/([a-z]+)/v\d"#, in: text) ?? first(#"chorus pro - ([a-z]+)"#, in: text) {
            facts["api"] = apiName(api)
        }
        combineCodes(&facts)
        return facts
    }

    /// Facts of an answer (or failure) met by the tool's own call to `api`: the HTTP facts plus a text made of
    /// what the answer said, so the same rules apply as for a pasted message.
    public static func of(reply: ChorusReply, api: String?) -> [String: String] {
        var facts = reply.facts
        var parts: [String] = []
        switch reply.outcome {
        case .failure(let failure): parts = [failure.kind.rawValue, failure.message]
        case .response(let response):
            parts = ["HTTP \(response.status)"]
            if let challenge = response.headers.value(for: "WWW-Authenticate") { parts.append(challenge) }
            if let object = reply.body { parts += jsonTexts(object) }
        }
        if let api { facts["api"] = apiName(api) }
        let text = fold(parts.joined(separator: " "))
        for name in textFacts { facts[name] = text }
        facts["message"] = parts.joined(separator: " ")
        combineCodes(&facts)
        return facts
    }

    /// The names the folded text is available under (one rule may need several fragments of it).
    static let textFacts = ["text", "text.2", "text.3", "text.4"]

    static func combineCodes(_ facts: inout [String: String]) {
        let codes = [facts["code_retour"], facts["libelle"]].compactMap { $0 }.filter { !$0.isEmpty }
        if !codes.isEmpty { facts["chorus.code"] = codes.joined(separator: " ") }
    }

    /// `Structures` for `structures`, as PISTE names the APIs.
    static func apiName(_ segment: String) -> String {
        switch segment.lowercased() {
        case "engagementsjuridiques", "engagementjuridique": "EngagementJuridique"
        case "facturestravaux": "FacturesTravaux"
        default: segment.prefix(1).uppercased() + segment.dropFirst().lowercased()
        }
    }

    // MARK: - JSON answers pasted whole

    static func jsonFacts(_ object: [String: Any]) -> [String: String] {
        var facts: [String: String] = [:]
        if let code = object["codeRetour"] { facts["code_retour"] = "\(code)" }
        if let label = object["libelle"] as? String { facts["libelle"] = label }
        if let error = object["error"] as? String { facts["oauth.error"] = error }
        return facts
    }

    /// Every text an answer holds that may explain it: labels, error descriptions, listed errors.
    static func jsonTexts(_ object: [String: Any]) -> [String] {
        var texts: [String] = []
        for key in ["libelle", "error", "error_description", "message", "etatCourantDepotFlux"] {
            if let value = object[key] as? String { texts.append(value) }
        }
        for list in ["listeErreurDP", "listeErreurTechnique"] {
            for entry in AnswerFacts.list(object[list]) {
                texts += ["libelleErreurDP", "libelleErreur"].compactMap { entry[$0] as? String }
            }
        }
        return texts
    }

    // MARK: - Numbers in free text

    static func httpStatus(in text: String) -> String? {
        if text.count == 3, let number = Int(text), (100...599).contains(number) { return text }
        let patterns = [
            #"\bhttp(?:/\d(?:\.\d)?)?\s*[:=]?\s*\(?([1-5]\d\d)\b"#,
            #"\b(?:status code|status|statut|code http|http status|response code|erreur|error)\s*[:=]?\s*\(?([1-5]\d\d)\b(?![.,]\d)"#,
            #"\b([1-5]\d\d)\s*[-:]?\s*(?:bad request|unauthori[sz]ed|forbidden|not found|method not allowed|unsupported media type|too many requests|internal server error|bad gateway|service unavailable|gateway time-?out)"#,
        ]
        for pattern in patterns {
            if let status = first(pattern, in: text) { return status }
        }
        return nil
    }

    static func codeRetour(in text: String) -> String? {
        if text.count == 5, Int(text) != nil { return text }
        return first(#"coderetour"?\s*[:=]?\s*"?(-?\d+)"#, in: text)
            ?? first(#"\b(?:code retour|code|erreur|error)\s*[:=]?\s*(2\d{4})\b"#, in: text)
    }

    /// The first capture group of `pattern` in `text`.
    static func first(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }
}
