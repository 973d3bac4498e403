import Foundation

/// A platform behaviour no public source settles (see SIMULATOR-LEDGER.md at the root of the repository), and the ways the real platform may
/// behave. The simulator plays the first alternative unless a `PlatformVariant` picks another one.
public enum UnverifiedBehaviour: String, CaseIterable, Sendable {
    /// Whether `health-check` refuses a call that carries no (valid) `cpro-account`.
    case healthCheck = "health-check"
    /// The HTTP status of the token endpoint for a wrong client secret.
    case wrongSecretStatus = "wrong-secret-status"
    /// Whether 429 and 503 answers carry `Retry-After`.
    case retryAfter = "retry-after"
    /// The `WWW-Authenticate` text of a 401 for an expired token.
    case expiredToken = "expired-token"
    /// Whether a search may answer 202 with no body.
    case accepted = "accepted"
    /// The gateway's 404 for a path none of its APIs serves.
    case unknownPath = "unknown-path"
    /// Whether a list of one comes back as a bare object (`listeStructures: {…}`).
    case singleObjectLists = "single-object-lists"
    /// The page size of `recuperer/structures/actives/fournisseur`, with an account attached to several structures.
    case activeStructuresPaging = "active-structures-paging"
    /// What `consulter/information/siret` answers in qualification, where it is said not to work.
    case siretInformation = "siret-information"
    /// The name of the MOA flag in `structures/v1/consulter` `parametres`.
    case moaField = "moa-field"

    /// Every variant of this behaviour, the default one first.
    public var variants: [PlatformVariant] { PlatformVariant.allCases.filter { $0.behaviour == self } }
}

/// One way the real platform may behave where the evidence does not settle it: `sim --variant NAME`, and in tests.
///
/// User-facing descriptions live in `checklists/strings/*.yaml` under `variant.<rawValue>`.
public enum PlatformVariant: String, CaseIterable, Sendable, Codable {
    /// health-check demands a valid technical account: 401 `login or password incorrects` without one.
    case healthCheckStrict = "healthcheck-strict"
    /// health-check accepts the token alone; a `cpro-account` that is sent is still checked (T2's 401).
    case healthCheckLenient = "healthcheck-lenient"
    /// health-check ignores `cpro-account` entirely.
    case healthCheckTokenOnly = "healthcheck-token-only"
    /// health-check is answered by Chorus Pro itself: the technical account (401 without a valid one) and the
    /// raccordement (403) are checked, as for any other call.
    case healthCheckChorus = "healthcheck-chorus"
    /// A wrong client secret: 401 `invalid_client`.
    case secret401 = "secret-401"
    /// A wrong client secret: 400 `invalid_client`.
    case secret400 = "secret-400"
    /// 429 and 503 carry `Retry-After` in seconds.
    case retryAfterSeconds = "retry-after-seconds"
    /// 429 and 503 come bare.
    case retryAfterAbsent = "retry-after-absent"
    /// An expired token: `error="invalid_token"` with a description.
    case expiredTokenDescribed = "expired-token-described"
    /// An expired token: `Bearer realm="PISTE"` and nothing else.
    case expiredTokenBare = "expired-token-bare"
    /// Searches answer 200 with a document.
    case searchAnswers200 = "search-200"
    /// The invoice search answers 202 with an empty body.
    case searchAnswers202 = "search-202"
    /// Unknown path: 404 with `WWW-Authenticate: Bearer realm="DefaultRealm"`.
    case unknownPathDefaultRealm = "unknown-path-defaultrealm"
    /// Unknown path: a bare 404.
    case unknownPathBare = "unknown-path-bare"
    /// Lists are always JSON arrays.
    case listsAsArrays = "lists-as-arrays"
    /// A list of one element is sent as the element itself.
    case listsOfOneAsObject = "lists-of-one-as-object"
    /// The technical account acts for one structure; one page.
    case activeStructuresOnePage = "active-structures-one-page"
    /// The technical account acts for several structures, listed two per page, the configured one last.
    case activeStructuresManyPages = "active-structures-many-pages"
    /// `consulter/information/siret` refuses every SIRET (`codeRetour` 20001), as in qualification.
    case siretInformationRefused = "siret-information-refused"
    /// `consulter/information/siret` answers the INSEE record of the dataset's structures.
    case siretInformationServed = "siret-information-served"
    /// The MOA flag is `getaMoa`, as the official Swagger names it.
    case moaFieldSwagger = "moa-field-getamoa"
    /// The MOA flag is `aMoa`, as one public client reads it.
    case moaFieldShort = "moa-field-amoa"

    public var behaviour: UnverifiedBehaviour {
        switch self {
        case .healthCheckStrict, .healthCheckLenient, .healthCheckTokenOnly, .healthCheckChorus: .healthCheck
        case .secret401, .secret400: .wrongSecretStatus
        case .retryAfterSeconds, .retryAfterAbsent: .retryAfter
        case .expiredTokenDescribed, .expiredTokenBare: .expiredToken
        case .searchAnswers200, .searchAnswers202: .accepted
        case .unknownPathDefaultRealm, .unknownPathBare: .unknownPath
        case .listsAsArrays, .listsOfOneAsObject: .singleObjectLists
        case .activeStructuresOnePage, .activeStructuresManyPages: .activeStructuresPaging
        case .siretInformationRefused, .siretInformationServed: .siretInformation
        case .moaFieldSwagger, .moaFieldShort: .moaField
        }
    }

    /// Whether the simulator plays this variant when none is asked for.
    public var isDefault: Bool { behaviour.variants.first == self }

    /// The variants that differ from the default behaviour (what tests run every scenario under).
    public static var alternatives: [PlatformVariant] { allCases.filter { !$0.isDefault } }
}

/// The behaviours the simulator plays: one variant per unverified behaviour.
public struct PlatformBehaviours: Sendable, Equatable, CustomStringConvertible {
    private var chosen: [UnverifiedBehaviour: PlatformVariant]

    /// The defaults, with `variants` replacing them (a later variant of the same behaviour wins).
    public init(_ variants: [PlatformVariant] = []) {
        chosen = [:]
        for behaviour in UnverifiedBehaviour.allCases { chosen[behaviour] = behaviour.variants.first }
        for variant in variants { chosen[variant.behaviour] = variant }
    }

    /// The variant played for `behaviour`.
    public subscript(_ behaviour: UnverifiedBehaviour) -> PlatformVariant { chosen[behaviour]! }

    /// Whether `variant` is played.
    public func plays(_ variant: PlatformVariant) -> Bool { chosen[variant.behaviour] == variant }

    /// The variants that are not defaults, in declaration order.
    public var nonDefault: [PlatformVariant] { PlatformVariant.alternatives.filter(plays) }

    public var description: String {
        nonDefault.isEmpty ? "defaults" : nonDefault.map(\.rawValue).joined(separator: ",")
    }
}
