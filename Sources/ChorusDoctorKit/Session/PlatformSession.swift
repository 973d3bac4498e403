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

    /// POSTs a JSON body to a Chorus Pro operation with both credentials.
    public func post(_ path: String, _ body: [String: Any], stage: StageID, label: String) async -> CallOutcome {
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
        let request = HTTPRequest(
            method: "POST", url: PlatformClient.endpoint(config.apiBaseURL, path),
            headers: PlatformClient.chorusHeaders(
                token: token, login: config.technicalLogin, password: config.technicalPassword),
            body: data, timeout: client.timeout)
        return await client.call(request, stage: stage, label: label)
    }
}

/// A Chorus Pro answer read for what it means: a document (codeRetour 0), a business refusal, or a failed call.
public enum ChorusAnswer {
    /// HTTP 200 with `codeRetour` 0 (or none).
    case document([String: Any])
    /// HTTP 200 with a non-zero `codeRetour`.
    case refused(code: Int, libelle: String)
    /// Anything else: an HTTP error status, an unreadable body, or no answer.
    case failed

    public init(_ outcome: CallOutcome) {
        guard case .response(let response) = outcome, response.status == 200,
            let object = AnswerFacts.json(response.body)
        else {
            self = .failed
            return
        }
        let code = (object["codeRetour"] as? NSNumber)?.intValue ?? Int(object["codeRetour"] as? String ?? "") ?? 0
        self = code == 0 ? .document(object) : .refused(code: code, libelle: object["libelle"] as? String ?? "")
    }

    /// True for Chorus Pro's "the search returned nothing": 20000 `TRA_MSG_00.015`, or 20007 `GFT_MSG_01.075`
    /// (platform-evidence.md §4).
    public var isNothingFound: Bool {
        if case .refused(let code, _) = self { return code == 20000 || code == 20007 }
        return false
    }

    /// True for `consulterCRDetaille`'s unknown flow: 20001 `POQ_MSG_01.003 - Flux introuvable.` (§3).
    public var isUnknownFlow: Bool {
        if case .refused(let code, let libelle) = self {
            return code == 20001 && (libelle.contains("POQ_MSG_01.003") || libelle.lowercased().contains("introuvable"))
        }
        return false
    }
}
