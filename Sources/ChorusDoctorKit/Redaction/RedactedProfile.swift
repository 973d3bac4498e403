import Foundation

/// A profile as support may see it: every value as resolved (file, environment, defaults) with where it came from,
/// secrets replaced by placeholders, the client id and logins partly masked, the IBAN cut to its last four.
public enum RedactedProfile {
    /// YAML text, one `key: "value"  # origin` line per key.
    public static func yaml(_ profile: ResolvedProfile, strings: Strings) -> String {
        var lines = [
            "# " + strings("bundle.profile.header", ["profile": profile.name]),
            "# " + strings("bundle.profile.redaction"),
        ]
        func line(_ key: String, _ value: String?, _ origin: ValueOrigin?, _ from: String) {
            guard let value, let origin else {
                lines.append("# \(key): " + strings("profile.not_set"))
                return
            }
            let source = strings("profile.origin.\(origin.rawValue)", ["from": from])
            lines.append("\(key): \(ProfileDocument.quote(value))  # \(source)")
        }
        func plain(_ key: String, _ value: Sourced<String>?) {
            line(key, value?.value, value?.origin, value?.from ?? "")
        }
        func masked(_ key: String, _ value: Sourced<String>?) {
            line(key, value.map { Masking.partial($0.value) }, value?.origin, value?.from ?? "")
        }
        func secret(_ key: String, _ value: Sourced<Secret>?) {
            line(key, value.map { _ in Redactor.placeholder(key) }, value?.origin, value?.from ?? "")
        }
        line("environment", profile.environment.value.rawValue, profile.environment.origin, profile.environment.from)
        plain("token_url", profile.tokenURL)
        plain("api_base_url", profile.apiBaseURL)
        masked("client_id", profile.clientID)
        secret("client_secret", profile.clientSecret)
        masked("technical_login", profile.technicalLogin)
        secret("technical_password", profile.technicalPassword)
        plain("technical_password_expiry", profile.technicalPasswordExpiry)
        plain("siret", profile.siret)
        masked("user_login", profile.userLogin)
        plain("piste_application", profile.pisteApplication)
        line(
            "iban", profile.iban.map { Redactor.ibanReplacement($0.value) }, profile.iban?.origin,
            profile.iban?.from ?? "")
        plain("ca_bundle", profile.caBundle)
        for (key, reason) in profile.secretCommandFailures.sorted(by: { $0.key < $1.key }) {
            lines.append("# " + strings("config.problem.secret_command_failed", ["field": key, "reason": reason]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Teaches the redactor a profile's secrets and its IBAN, so nothing written afterwards shows them (its
    /// identifiers are masked by an `IdentifierMask` made from the same profile, except in the support ticket).
    public static func teach(_ redactor: Redactor, _ profile: ResolvedProfile) {
        for secret in profile.secrets { redactor.add(secret.value, label: secret.label) }
        if let iban = profile.iban?.value { redactor.addIBAN(iban) }
    }
}
