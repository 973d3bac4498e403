import Foundation

/// A state of the simulated world, chosen per run with `--scenario NAME`.
///
/// Each scenario changes what the simulated PISTE / Chorus Pro *is* (a secret regenerated, an API not attached,
/// a raccordement not validated…), never what it *says*: answers stay as bare as the real platform's, so the
/// doctor has to work from what reality gives. A few scenarios also change the demo profile (a mistyped URL or
/// SIRET), because that is where the fault lives; `sim` ignores those adjustments.
///
/// User-facing descriptions live in `checklists/strings/*.yaml` under `scenario.<rawValue>`.
public enum Scenario: String, CaseIterable, Sendable, Codable {
    /// Everything configured; every probe passes.
    case healthy
    /// The PISTE application's secret was regenerated: the token endpoint refuses the old one.
    case wrongSecret = "wrong-secret"
    /// The client id belongs to no application of this environment (e.g. production credentials on the sandbox).
    case unknownClient = "unknown-client"
    /// Demo profile: the token URL has a wrong path.
    case tokenURLWrong = "token-url-wrong"
    /// Demo profile: the API base URL has a wrong path.
    case apiBaseWrong = "api-base-wrong"
    /// The Transverses API is not attached to the PISTE application.
    case transversesNotAttached = "transverses-not-attached"
    /// The Structures API is not attached to the PISTE application.
    case structuresNotAttached = "structures-not-attached"
    /// The CGU of the Factures API were not accepted in this environment.
    case cguFacturesNotAccepted = "cgu-factures-not-accepted"
    /// The Chorus Pro API raccordement does not name the PISTE application.
    case raccordementMissing = "raccordement-missing"
    /// The raccordement exists but is still waiting for validation.
    case raccordementPending = "raccordement-pending"
    /// The technical account's password was changed on the portal.
    case technicalWrongPassword = "tech-wrong-password"
    /// The technical account's password is past its expiry date (424 days).
    case technicalPasswordExpired = "tech-password-expired"
    /// The technical account was created minutes ago and is not active yet.
    case technicalNotActive = "tech-not-active"
    /// The technical account belongs to another structure than the configured SIRET.
    case technicalNotAttached = "tech-not-attached"
    /// Demo profile: the SIRET is valid but unknown to Chorus Pro in this environment.
    case siretUnknown = "siret-unknown"
    /// The company's structure is inactive on Chorus Pro.
    case structureInactive = "structure-inactive"
    /// The technical account's password expires in 10 days.
    case passwordExpiringSoon = "password-expiring"
    /// Chorus Pro is in maintenance: every API call answers 500.
    case maintenance
    /// The gateway is overloaded: 503 with `Retry-After`.
    case overloaded
    /// The gateway throttles the application: 429 with `Retry-After`.
    case rateLimited = "rate-limited"
    /// The token endpoint accepts the connection and never answers.
    case tokenTimeout = "token-timeout"
    /// The API accepts the connection and never answers.
    case apiTimeout = "api-timeout"
    /// The token endpoint answers 200 with an HTML page instead of JSON.
    case malformedToken = "malformed-token"
    /// The health check answers with an endless body.
    case hugeAnswer = "huge-answer"
}
