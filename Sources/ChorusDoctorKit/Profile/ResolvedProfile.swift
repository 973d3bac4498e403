import Foundation

/// A profile with every value taken from where it wins: environment variables over the profile file over the
/// defaults of the chosen environment. Secrets are `Secret`s; values are raw text (the `config` probe validates).
public struct ResolvedProfile: Sendable {
    public var name: String
    /// The profile file, nil when running from environment variables alone.
    public var filePath: String?
    public var environment: Sourced<PlatformEnvironment>
    public var tokenURL: Sourced<String>
    public var apiBaseURL: Sourced<String>
    public var clientID: Sourced<String>?
    public var clientSecret: Sourced<Secret>?
    public var technicalLogin: Sourced<String>?
    public var technicalPassword: Sourced<Secret>?
    public var technicalPasswordExpiry: Sourced<String>?
    public var siret: Sourced<String>?
    public var userLogin: Sourced<String>?
    public var pisteApplication: Sourced<String>?
    public var iban: Sourced<String>?
    public var caBundle: Sourced<String>?
    /// The environment value as written when it is not a known environment (reported by the config probe).
    public var unknownEnvironment: String?
    /// Secret commands that failed: key → reason (reported by the config probe, never the output).
    public var secretCommandFailures: [String: String] = [:]
    /// Secrets given with spaces or line breaks around them (environment or file), trimmed before use.
    public var trimmedSecrets: [String] = []

    /// Every secret value this profile holds, with its redaction label.
    public var secrets: [(label: String, value: String)] {
        var list: [(String, String)] = []
        if let clientSecret { list.append(("client_secret", clientSecret.value.value)) }
        if let technicalPassword { list.append(("technical_password", technicalPassword.value.value)) }
        if let login = technicalLogin?.value, let password = technicalPassword?.value.value {
            list.append(("cpro-account", Data("\(login):\(password)".utf8).base64EncodedString()))
        }
        return list
    }
}

/// Environment variable names, for CI and scripts. With the first eight set, no profile file is needed.
public enum ProfileVariable {
    public static let byKey: [(key: String, variable: String)] = [
        ("environment", "CHORUS_ENV"),
        ("token_url", "CHORUS_TOKEN_URL"),
        ("api_base_url", "CHORUS_API_URL"),
        ("client_id", "CHORUS_CLIENT_ID"),
        ("client_secret", "CHORUS_CLIENT_SECRET"),
        ("technical_login", "CHORUS_TECH_LOGIN"),
        ("technical_password", "CHORUS_TECH_PASSWORD"),
        ("siret", "CHORUS_SIRET"),
        ("technical_password_expiry", "CHORUS_TECH_PASSWORD_EXPIRY"),
        ("user_login", "CHORUS_USER_LOGIN"),
        ("piste_application", "CHORUS_PISTE_APPLICATION"),
        ("iban", "CHORUS_IBAN"),
        ("ca_bundle", "CHORUS_CA_BUNDLE"),
    ]
}

/// Merges a profile file, the environment and secret commands into a `ResolvedProfile`.
public struct ProfileResolver: Sendable {
    public var environment: [String: String]
    public var secretCommand: SecretCommandRunner

    public init(environment: [String: String], secretCommand: SecretCommandRunner = SecretCommandRunner()) {
        self.environment = environment
        self.secretCommand = secretCommand
    }

    public func resolve(name: String, document: ProfileDocument?, filePath: String?) -> ResolvedProfile {
        let file = document ?? ProfileDocument()
        func pick(_ key: String) -> Sourced<String>? {
            if let variable = ProfileVariable.byKey.first(where: { $0.key == key })?.variable,
                let value = environment[variable], !value.isEmpty
            {
                return Sourced(value, .environment, from: variable)
            }
            if let value = file[key], !value.isEmpty { return Sourced(value, .file, from: filePath ?? "profile") }
            return nil
        }
        var failures: [String: String] = [:]
        var trimmed: [String] = []
        func secret(_ key: String) -> Sourced<Secret>? {
            if let direct = pick(key) {
                let value = FieldValidation.trimmedSecret(direct.value)
                if value.trimmed { trimmed.append(key) }
                return Sourced(Secret(value.value), direct.origin, from: direct.from)
            }
            guard let command = file["\(key)_command"], !command.isEmpty else { return nil }
            switch secretCommand.run(command) {
            case .success(let value):
                return Sourced(
                    Secret(FieldValidation.trimmedSecret(value).value), .command, from: "\(key)_command")
            case .failure(let reason):
                failures[key] = reason.description
                return nil
            }
        }

        let envText = pick("environment")
        let parsedEnv = envText.flatMap { PlatformEnvironment(userInput: $0.value) }
        let platform =
            parsedEnv.map { Sourced($0, envText!.origin, from: envText!.from) }
            ?? Sourced(.sandbox, .default, from: "default")
        var profile = ResolvedProfile(
            name: name, filePath: filePath, environment: platform,
            tokenURL: pick("token_url")
                ?? Sourced(platform.value.defaultTokenURL.absoluteString, .default, from: platform.value.rawValue),
            apiBaseURL: pick("api_base_url")
                ?? Sourced(platform.value.defaultAPIBaseURL.absoluteString, .default, from: platform.value.rawValue)
        )
        profile.unknownEnvironment = envText != nil && parsedEnv == nil ? envText?.value : nil
        profile.clientID = pick("client_id")
        profile.clientSecret = secret("client_secret")
        profile.technicalLogin = pick("technical_login")
        profile.technicalPassword = secret("technical_password")
        profile.technicalPasswordExpiry = pick("technical_password_expiry")
        profile.siret = pick("siret")
        profile.userLogin = pick("user_login")
        profile.pisteApplication = pick("piste_application")
        profile.iban = pick("iban")
        profile.caBundle = pick("ca_bundle")
        profile.secretCommandFailures = failures
        profile.trimmedSecrets = trimmed
        return profile
    }
}
