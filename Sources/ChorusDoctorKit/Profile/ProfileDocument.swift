import Foundation

/// A profile as stored in `profiles/<name>.yaml` (0600). Every field is optional: the environment and the
/// profile file fill in each other, and the `config` probe says what is missing.
public struct ProfileDocument: Sendable, Codable, Equatable {
    public var environment: String?
    public var tokenURL: String?
    public var apiBaseURL: String?
    public var clientID: String?
    public var clientSecret: String?
    /// A shell command printing the client secret (like git credential helpers), e.g. `pass show chorus/secret`.
    public var clientSecretCommand: String?
    public var technicalLogin: String?
    public var technicalPassword: String?
    public var technicalPasswordCommand: String?
    /// `YYYY-MM-DD`: creation date + 424 days unless the portal says otherwise.
    public var technicalPasswordExpiry: String?
    public var siret: String?
    public var userLogin: String?
    public var pisteApplication: String?
    public var iban: String?
    /// Extra trusted CA bundle (PEM), for networks that intercept TLS.
    public var caBundle: String?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case environment
        case tokenURL = "token_url"
        case apiBaseURL = "api_base_url"
        case clientID = "client_id"
        case clientSecret = "client_secret"
        case clientSecretCommand = "client_secret_command"
        case technicalLogin = "technical_login"
        case technicalPassword = "technical_password"
        case technicalPasswordCommand = "technical_password_command"
        case technicalPasswordExpiry = "technical_password_expiry"
        case siret
        case userLogin = "user_login"
        case pisteApplication = "piste_application"
        case iban
        case caBundle = "ca_bundle"
    }

    /// The stored key names, in file order (`profile set KEY`).
    public static let keys: [String] = CodingKeys.allCases.map(\.rawValue)

    /// Keys whose values are secrets: never given on a command line, never shown.
    public static let secretKeys: Set<String> = ["client_secret", "technical_password"]

    public subscript(key: String) -> String? {
        get { storage[key] ?? nil }
        set {
            switch key {
            case "environment": environment = newValue
            case "token_url": tokenURL = newValue
            case "api_base_url": apiBaseURL = newValue
            case "client_id": clientID = newValue
            case "client_secret": clientSecret = newValue
            case "client_secret_command": clientSecretCommand = newValue
            case "technical_login": technicalLogin = newValue
            case "technical_password": technicalPassword = newValue
            case "technical_password_command": technicalPasswordCommand = newValue
            case "technical_password_expiry": technicalPasswordExpiry = newValue
            case "siret": siret = newValue
            case "user_login": userLogin = newValue
            case "piste_application": pisteApplication = newValue
            case "iban": iban = newValue
            case "ca_bundle": caBundle = newValue
            default: break
            }
        }
    }

    private var storage: [String: String?] {
        [
            "environment": environment, "token_url": tokenURL, "api_base_url": apiBaseURL, "client_id": clientID,
            "client_secret": clientSecret, "client_secret_command": clientSecretCommand,
            "technical_login": technicalLogin, "technical_password": technicalPassword,
            "technical_password_command": technicalPasswordCommand,
            "technical_password_expiry": technicalPasswordExpiry, "siret": siret, "user_login": userLogin,
            "piste_application": pisteApplication, "iban": iban, "ca_bundle": caBundle,
        ]
    }

    /// The YAML text written to disk: fixed key order, every value double-quoted (JSON escapes are valid YAML).
    public func yaml() -> String {
        var text = "# chorus-doctor profile. Holds secrets: keep this file private (mode 0600).\n"
        for key in Self.keys {
            guard let value = self[key] else { continue }
            text += "\(key): \(Self.quote(value))\n"
        }
        return text
    }

    static func quote(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
