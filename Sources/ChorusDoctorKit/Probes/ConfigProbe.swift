import ChorusTransport
import Foundation

/// The values the network stages need, once the `config` stage found them present and well formed.
public struct ValidatedConfig: Sendable {
    public var environment: PlatformEnvironment
    public var tokenURL: URL
    public var apiBaseURL: URL
    public var clientID: String
    public var clientSecret: Secret
    public var technicalLogin: String
    public var technicalPassword: Secret
    public var siret: String
    public var technicalPasswordExpiry: Date?
    public var caBundlePath: String?
}

/// Stage 1, offline: everything needed is there and can be sent safely.
///
/// Only what cannot be sent at all or would be unsafe is an error (a missing value, no usable URL, plain http to
/// a host other than this machine, a CA bundle that cannot be read). A value that merely looks wrong (a retired
/// host, mixed environments, a secret with spaces, an odd SIRET) is a warning: the probe still asks the platform,
/// and a later refusal names the suspicious value first (`suspect_at` in rules.yaml).
public struct ConfigProbe: Sendable {
    public struct Problem: Sendable, Hashable {
        public var id: String
        public var isError: Bool
        public var values: [String: String]
    }

    public var profile: ResolvedProfile
    public var now: Date

    public init(profile: ResolvedProfile, now: Date) {
        self.profile = profile
        self.now = now
    }

    /// All problems found, errors first, and the validated values when there is no error.
    public func evaluate() -> (problems: [Problem], config: ValidatedConfig?, facts: [String: String]) {
        var problems: [Problem] = []
        var facts: [String: String] = ["environment": profile.environment.value.rawValue]
        func error(_ id: String, _ values: [String: String] = [:]) {
            problems.append(Problem(id: id, isError: true, values: values))
        }
        func warn(_ id: String, _ values: [String: String] = [:]) {
            problems.append(Problem(id: id, isError: false, values: values))
        }

        if let unknown = profile.unknownEnvironment { error("environment_unknown", ["value": unknown]) }
        let environment = profile.environment.value
        let tokenURL = checkURL(profile.tokenURL, field: "token_url", error: error, warn: warn)
        let apiURL = checkURL(profile.apiBaseURL, field: "api_base_url", error: error, warn: warn)
        if let tokenURL, let apiURL { checkHosts(tokenURL, apiURL, environment, error: error, warn: warn) }
        if let tokenURL { facts["token_host"] = tokenURL.host ?? "" }
        if let apiURL { facts["api_host"] = apiURL.host ?? "" }

        let clientID = required(profile.clientID?.value, "client_id", error)
        if let clientID, !FieldValidation.isUUID(clientID) { warn("client_id_format") }
        for (key, reason) in profile.secretCommandFailures.sorted(by: { $0.key < $1.key }) {
            error("secret_command_failed", ["field": key, "reason": reason])
        }
        let secret = profile.clientSecret?.value
        if secret == nil && profile.secretCommandFailures["client_secret"] == nil {
            error("missing", ["field": "client_secret"])
        }
        // Heuristics warn; the platform decides (a secret with spaces is still sent).
        if let secret, secret.value.contains(where: \.isWhitespace) { warn("client_secret_format") }
        for field in profile.trimmedSecrets { warn("secret_trimmed", ["field": field]) }
        if let secret, Redactor.isImplausiblyShort(secret.value) {
            warn("secret_too_short", ["field": "client_secret", "count": String(secret.value.count)])
        }

        let login = required(profile.technicalLogin?.value, "technical_login", error)
        if let login {
            if login.contains(":") {
                // `cpro-account` is base64 of `login:password`: a colon in the login cannot be sent.
                error("tech_login_format", ["value": login])
            } else if case .failure = FieldValidation.technicalLogin(login) {
                warn("tech_login_format", ["value": login])
            } else if FieldValidation.technicalLoginLooksUnusual(login) {
                warn("tech_login_unusual", ["value": login])
            }
        }
        let password = profile.technicalPassword?.value
        if password == nil && profile.secretCommandFailures["technical_password"] == nil {
            error("missing", ["field": "technical_password"])
        }
        if let password, Redactor.isImplausiblyShort(password.value) {
            warn("secret_too_short", ["field": "technical_password", "count": String(password.value.count)])
        }

        var siret: String?
        if let raw = required(profile.siret?.value, "siret", error) {
            switch FieldValidation.siret(raw) {
            case .success(let value):
                siret = value
                facts["siret"] = value
            case .failure:
                warn("siret_invalid", ["value": raw])
                siret = raw.filter { !$0.isWhitespace }
                facts["siret"] = siret
            }
        }
        let expiry = checkExpiry(error: error, warn: warn, facts: &facts)
        if let iban = profile.iban?.value, case .failure = FieldValidation.iban(iban) { warn("iban_invalid") }
        if let user = profile.userLogin?.value, case .failure = FieldValidation.userLogin(user) {
            warn("user_login_format", ["value": user])
        }
        if let bundle = profile.caBundle?.value, !FileManager.default.isReadableFile(atPath: bundle) {
            error("ca_bundle_missing", ["path": bundle])
        }
        if let path = profile.filePath, let mode = AtomicFile.permissions(of: URL(fileURLWithPath: path)),
            mode & 0o077 != 0
        {
            warn("file_permissions", ["path": path, "mode": String(mode, radix: 8)])
        }

        problems.sort { $0.isError && !$1.isError }
        if let first = problems.first {
            facts["config.problem"] = first.id
            for (key, value) in first.values { facts["config.\(key)"] = value }
        }
        guard !problems.contains(where: \.isError), let tokenURL, let apiURL, let clientID, let secret, let login,
            let password, let siret
        else { return (problems, nil, facts) }
        let config = ValidatedConfig(
            environment: environment, tokenURL: tokenURL, apiBaseURL: apiURL, clientID: clientID,
            clientSecret: secret, technicalLogin: login, technicalPassword: password, siret: siret,
            technicalPasswordExpiry: expiry, caBundlePath: profile.caBundle?.value)
        return (problems, config, facts)
    }

    private func required(_ value: String?, _ field: String, _ error: (String, [String: String]) -> Void) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            error("missing", ["field": field])
            return nil
        }
        return value.trimmingCharacters(in: .whitespaces)
    }

    private func checkURL(
        _ value: Sourced<String>, field: String, error: (String, [String: String]) -> Void,
        warn: (String, [String: String]) -> Void
    ) -> URL? {
        switch FieldValidation.endpointURL(value.value) {
        case .failure(let problem):
            error(
                "url_invalid",
                ["field": field, "value": FieldValidation.hidingCredentials(value.value), "reason": problem.key])
            return nil
        case .success(let url):
            let host = url.host?.lowercased() ?? ""
            if let replacement = KnownHosts.retired[host] {
                warn("retired_host", ["field": field, "host": host, "replacement": replacement])
            }
            return url
        }
    }

    private func checkHosts(
        _ token: URL, _ api: URL, _ environment: PlatformEnvironment, error: (String, [String: String]) -> Void,
        warn: (String, [String: String]) -> Void
    ) {
        let tokenHost = token.host?.lowercased() ?? ""
        let apiHost = api.host?.lowercased() ?? ""
        if tokenHost.hasSuffix("piste.gouv.fr") && tokenHost.contains("api.") && !tokenHost.contains("oauth") {
            warn("token_on_api_host", ["host": tokenHost])
        }
        if apiHost.contains("oauth.piste.gouv.fr") { warn("api_on_oauth_host", ["host": apiHost]) }
        if api.path.lowercased().contains("/cpro") || api.path.lowercased().contains("/api/oauth") {
            warn("api_base_path", ["path": api.path])
        }
        if let tokenEnv = PlatformEnvironment.of(host: tokenHost), let apiEnv = PlatformEnvironment.of(host: apiHost),
            tokenEnv != apiEnv
        {
            warn("mixed_hosts", ["token_host": tokenHost, "api_host": apiHost])
        } else if let hostEnv = PlatformEnvironment.of(host: apiHost) ?? PlatformEnvironment.of(host: tokenHost),
            hostEnv != environment, profile.environment.origin != .default
        {
            warn("environment_mismatch", ["environment": environment.rawValue, "host_environment": hostEnv.rawValue])
        }
        if KnownHosts.current[tokenHost] != nil, token.path != PlatformEnvironment.tokenPath {
            warn("token_path", ["path": token.path])
        }
    }

    private func checkExpiry(
        error: (String, [String: String]) -> Void, warn: (String, [String: String]) -> Void,
        facts: inout [String: String]
    ) -> Date? {
        guard let raw = profile.technicalPasswordExpiry?.value else { return nil }
        guard let date = CalendarDay.parse(raw) else {
            warn("expiry_invalid", ["value": raw])
            return nil
        }
        let days = CalendarDay.days(from: now, to: date)
        facts["tech.expiry_days"] = String(days)
        facts["tech.expiry_date"] = CalendarDay.format(date)
        if days == 424 || days == 423 { facts["tech.created_recently"] = "true" }
        if days < 0 {
            facts["tech.password_expired"] = "true"
            warn("expiry_passed", ["date": CalendarDay.format(date), "days": String(-days)])
        } else if days <= 30 {
            warn("expiry_soon", ["date": CalendarDay.format(date), "days": String(days)])
        }
        return date
    }
}
