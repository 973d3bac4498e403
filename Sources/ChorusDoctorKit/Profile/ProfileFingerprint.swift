import Foundation

/// Non-secret facts about a profile, kept with each run so a report can say what changed since it last worked.
public enum ProfileFingerprint {
    public static func of(_ profile: ResolvedProfile) -> [String: String] {
        var facts: [String: String] = [
            "environment": profile.environment.value.rawValue,
            "token_url": FieldValidation.hidingCredentials(profile.tokenURL.value),
            "api_base_url": FieldValidation.hidingCredentials(profile.apiBaseURL.value),
            "tool_version": ToolVersion.current,
        ]
        if let id = profile.clientID?.value { facts["client_id"] = Masking.partial(id) }
        if let login = profile.technicalLogin?.value { facts["technical_login"] = Masking.partial(login) }
        if let expiry = profile.technicalPasswordExpiry?.value { facts["technical_password_expiry"] = expiry }
        if let siret = profile.siret?.value { facts["siret"] = siret }
        if let app = profile.pisteApplication?.value { facts["piste_application"] = app }
        if let secret = profile.clientSecret { facts["client_secret_set"] = "yes (\(secret.origin.rawValue))" }
        if let password = profile.technicalPassword {
            facts["technical_password_set"] = "yes (\(password.origin.rawValue))"
        }
        return facts
    }
}

/// Partial masks for identifiers that are not secrets but are not for everyone's eyes either.
public enum Masking {
    /// `739d71f6-…-fd73255afa33` → `739d…afa33`; `TECH_1_0000123@cpro.fr` → `TECH…@cpro.fr`.
    public static func partial(_ value: String) -> String {
        if let at = value.firstIndex(of: "@") {
            let local = value[..<at]
            return String(local.prefix(4)) + "…" + value[at...]
        }
        guard value.count > 8 else { return String(repeating: "•", count: value.count) }
        return String(value.prefix(4)) + "…" + String(value.suffix(4))
    }

    /// All but the last four characters of an IBAN.
    public static func iban(_ value: String) -> String {
        let compact = value.filter { !$0.isWhitespace }
        return String(repeating: "•", count: max(0, compact.count - 4)) + String(compact.suffix(4))
    }
}
