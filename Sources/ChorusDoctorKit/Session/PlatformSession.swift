import ChorusTransport
import Foundation

/// A PISTE token and the technical account, ready for Chorus Pro calls outside `check` (`lookup`, `flow`).
///
/// Opening one runs the config and token stages through the same engine as `check` (`StagePlan.session`), so a
/// failure is judged and diagnosed the same way (`rules.yaml`, stage `config` or `token`).
/// Every exchange goes through `PlatformClient`: recorded redacted in `log`, secrets added to the run's `Redactor`.
public struct PlatformSession: Sendable {
    public let profile: ResolvedProfile
    public let config: ValidatedConfig
    public let client: PlatformClient
    public private(set) var token: Secret

    /// Why no session could be opened: the stage that failed, what it saw and its diagnosis.
    public struct Unavailable: Error, Sendable {
        public var stage: StageID
        public var result: StageResult
    }

    /// Every exchange so far, redacted.
    public var log: ExchangeLog { client.log }

    /// Evaluates the profile offline, then asks PISTE for a token: the stage engine's session plan.
    public static func open(
        _ ctx: DoctorContext, profile: ResolvedProfile, timeout: Duration, caBundle: String? = nil
    ) async -> Result<PlatformSession, Unavailable> {
        let engine = CheckFlow.engine(
            ctx, profile: profile,
            options: CheckFlow.Options(profile: profile.name, timeout: timeout, caBundle: caBundle))
        let outcome = await engine.run(.session).outcome()
        guard let config = outcome.config, let token = outcome.token, outcome.failure == nil else {
            let failed = outcome.failure ?? StageResult(id: .token, status: .fail)
            return .failure(Unavailable(stage: failed.id, result: failed))
        }
        return .success(PlatformSession(profile: profile, config: config, client: outcome.client, token: token))
    }

    /// A new token, after the gateway said the current one is no longer valid (tokens live one hour).
    public mutating func renewToken() async -> Bool {
        var result = StageResult(id: .token, status: .skip)
        guard let fresh = await TokenProbe(config: config, client: client).run(into: &result) else { return false }
        token = fresh
        return true
    }

    /// A Chorus Pro operation with both credentials (`PlatformClient.chorus`).
    public func post(_ path: String, _ body: [String: Any], stage: StageID, label: String) async -> ChorusReply {
        await client.chorus(path, body, config: config, token: token, stage: stage, label: label)
    }
}
