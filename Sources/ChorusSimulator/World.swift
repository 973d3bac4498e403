import Foundation

/// An API product of PISTE, as the gateway names it in paths (`/cpro/<pathSegment>/v1/...`).
public enum PisteAPI: String, Sendable, CaseIterable, Codable {
    case factures
    case transverses
    case structures
    case utilisateurs
    case engagementsJuridiques
    case facturesTravaux
}

/// The PISTE application the OAuth client belongs to.
public struct PisteApplication: Sendable, Equatable {
    public var name: String
    public var clientID: String
    public var clientSecret: String
    /// APIs subscribed by the application.
    public var attachedAPIs: Set<PisteAPI>
    /// APIs whose terms of use were accepted in this environment.
    public var acceptedCGU: Set<PisteAPI>

    /// Whether the gateway lets this application call `api` (both conditions answer the same 403).
    public func mayCall(_ api: PisteAPI) -> Bool {
        attachedAPIs.contains(api) && acceptedCGU.contains(api)
    }
}

/// The "API" raccordement on Chorus Pro, in OAuth2 mode.
public struct APIRaccordement: Sendable, Equatable {
    /// The PISTE application name entered in the raccordement, if any.
    public var pisteApplicationName: String?
    public var isValidated: Bool

    /// Whether Chorus Pro accepts calls coming through `application`.
    public func admits(_ application: PisteApplication) -> Bool {
        isValidated && pisteApplicationName == application.name
    }
}

/// The Chorus Pro technical account sent in `cpro-account`.
public struct TechnicalAccount: Sendable, Equatable {
    public var login: String
    public var password: String
    public var createdAt: Date
    /// A new account becomes usable after this delay.
    public var activationDelay: TimeInterval = 30 * 60
    /// `dateExpirationMotPasseCompteTech`.
    public var passwordExpiry: Date
    /// The structure the account acts for.
    public var idStructureCPP: Int64
    /// Other structures the account also acts for (listed before its own by `actives/fournisseur`).
    public var otherStructures: [Int64] = []

    /// Every structure the account acts for.
    public var structures: [Int64] { otherStructures + [idStructureCPP] }

    /// Whether `login:password` opens a session at `date`.
    public func accepts(login: String, password: String, at date: Date) -> Bool {
        login == self.login && password == self.password && date >= createdAt.addingTimeInterval(activationDelay)
            && date < passwordExpiry
    }
}

/// The state of the platform's infrastructure, beyond anyone's configuration.
public enum PlatformCondition: Sendable, Equatable {
    case nominal
    /// Chorus Pro is down for maintenance: the backend answers 500.
    case maintenance
    /// The gateway sheds load: 503 with `Retry-After`.
    case overloaded(retryAfterSeconds: Int)
    /// The gateway throttles the application: 429 with `Retry-After`.
    case throttling(retryAfterSeconds: Int)
    /// The OAuth server accepts connections and never answers.
    case tokenServerUnresponsive
    /// The API gateway accepts connections and never answers.
    case gatewayUnresponsive
    /// A proxy in front of the OAuth server answers its own HTML page with status 200.
    case tokenServerAnswersHTML
    /// The health check streams an enormous body.
    case healthCheckFlood(bytes: Int)
}

/// Everything the simulator's answers are computed from.
public struct SimulatedWorld: Sendable {
    public var dataset: SimulatorDataset
    public var application: PisteApplication
    public var raccordement: APIRaccordement
    public var technicalAccount: TechnicalAccount
    public var condition: PlatformCondition
    /// Token lifetime in seconds.
    public var tokenLifetime: Int = 3600
    /// How the platform behaves where no public source settles it.
    public var behaviours = PlatformBehaviours()

    /// The configuration a careful user ends up with: everything attached, accepted, validated, active.
    public static func configured(now: Date) -> SimulatedWorld {
        let dataset = SimulatorDataset.qualification(now: now)
        let day: TimeInterval = 86_400
        let application = PisteApplication(
            name: "APP_SANDBOX_demo@example.test",
            clientID: "4f6d2c1a-8b3e-4a5f-9c7d-1e2f3a4b5c6d",
            clientSecret: "9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4",
            attachedAPIs: [.factures, .transverses, .structures, .utilisateurs],
            acceptedCGU: [.factures, .transverses, .structures, .utilisateurs]
        )
        return SimulatedWorld(
            dataset: dataset, application: application,
            raccordement: APIRaccordement(pisteApplicationName: application.name, isValidated: true),
            technicalAccount: TechnicalAccount(
                login: "TECH_1_00000000012345@cpp2017.fr", password: "Qualif-Demo-2024!",
                createdAt: now.addingTimeInterval(-224 * day), passwordExpiry: now.addingTimeInterval(200 * day),
                idStructureCPP: dataset.supplier.idStructureCPP
            ),
            condition: .nominal
        )
    }
}
