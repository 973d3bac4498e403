import Foundation

/// PISTE's two environments. The sandbox serves Chorus Pro's *qualification* data.
public enum PlatformEnvironment: String, Sendable, Codable, CaseIterable {
    case sandbox
    case production

    public static let tokenPath = "/api/oauth/token"

    public var defaultTokenURL: URL {
        switch self {
        case .sandbox: URL(string: "https://sandbox-oauth.piste.gouv.fr/api/oauth/token")!
        case .production: URL(string: "https://oauth.piste.gouv.fr/api/oauth/token")!
        }
    }

    public var defaultAPIBaseURL: URL {
        switch self {
        case .sandbox: URL(string: "https://sandbox-api.piste.gouv.fr")!
        case .production: URL(string: "https://api.piste.gouv.fr")!
        }
    }

    /// Accepts the names users type: `sandbox`, `qualification`, `qualif`, `prod`, `production`.
    public init?(userInput: String) {
        switch userInput.lowercased().trimmingCharacters(in: .whitespaces) {
        case "sandbox", "qualification", "qualif", "test": self = .sandbox
        case "production", "prod": self = .production
        default: return nil
        }
    }

    /// Which environment a PISTE host belongs to, when it is one of the known ones (current or retired).
    public static func of(host: String) -> PlatformEnvironment? {
        let host = host.lowercased()
        if KnownHosts.current[host] != nil { return KnownHosts.current[host] }
        if let replacement = KnownHosts.retired[host] { return KnownHosts.current[replacement] }
        return nil
    }
}

/// The platform's host names, and the ones retired in autumn 2023 without redirection.
public enum KnownHosts {
    public static let current: [String: PlatformEnvironment] = [
        "oauth.piste.gouv.fr": .production,
        "api.piste.gouv.fr": .production,
        "sandbox-oauth.piste.gouv.fr": .sandbox,
        "sandbox-api.piste.gouv.fr": .sandbox,
    ]

    /// Retired host → its replacement.
    public static let retired: [String: String] = [
        "oauth.aife.economie.gouv.fr": "oauth.piste.gouv.fr",
        "api.aife.economie.gouv.fr": "api.piste.gouv.fr",
        "sandbox-oauth.aife.economie.gouv.fr": "sandbox-oauth.piste.gouv.fr",
        "sandbox-api.aife.economie.gouv.fr": "sandbox-api.piste.gouv.fr",
    ]
}
