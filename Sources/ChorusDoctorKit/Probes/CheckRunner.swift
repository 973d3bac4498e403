import ChorusTransport
import Foundation

/// Runs the stages in order, stops probing at the first failure, diagnoses what failed or warned.
public struct CheckRunner: Sendable {
    public var profile: ResolvedProfile
    public var transport: any HTTPTransport
    public var rules: RuleBook
    public var strings: Strings
    public var clock: any TimeSource
    public var environment: [String: String]
    public var redactor: Redactor
    /// The time the whole check may wait for the platform (`--timeout`): each call ends at that deadline, and a
    /// stage that would start after it fails as a timeout of the run.
    public var timeout: Duration
    /// Called as each stage ends (skipped ones included), with that stage's exchanges, so a terminal can show
    /// progress while later stages run.
    public var onStageFinished: (@Sendable (StageResult, [RecordedExchange]) -> Void)?
    /// Called as a stage starts probing (not for a skipped one).
    public var onStageStarted: (@Sendable (StageID) -> Void)?

    public init(
        profile: ResolvedProfile, transport: any HTTPTransport, rules: RuleBook, strings: Strings,
        clock: any TimeSource = SystemTime(), environment: [String: String], redactor: Redactor,
        timeout: Duration = .seconds(15)
    ) {
        self.profile = profile
        self.transport = transport
        self.rules = rules
        self.strings = strings
        self.clock = clock
        self.environment = environment
        self.redactor = redactor
        self.timeout = timeout
    }

    public func run() async -> CheckReport {
        for secret in profile.secrets { redactor.add(secret.value, label: secret.label) }
        let started = clock.now()
        let stopwatch = clock.elapsed()
        let log = ExchangeLog()
        let deadline = RunDeadline(limit: timeout, clock: clock)
        var client = PlatformClient(transport: transport, redactor: redactor, log: log, timeout: timeout, clock: clock)
        client.deadline = deadline
        var shared = FixCommand.contextFacts(profile: profile, environment: environment, now: started)
        var stages: [StageResult] = []
        var blocker: StageID?
        /// The config stage's warnings, each as its own facts: a later refusal names them first.
        var suspicions: [[String: String]] = []

        func stage(_ id: StageID, _ body: (inout StageResult) async -> Void) async {
            var result = StageResult(id: id, status: .skip)
            if let blocker {
                result.skipReason = Finding("skip.after_failure", ["stage": blocker.rawValue])
                stages.append(result)
                onStageFinished?(result, [])
                return
            }
            let start = clock.elapsed()
            onStageStarted?(id)
            await body(&result)
            if result.status == .fail, result.facts["transport.kind"] == "timeout", deadline.hasPassed,
                deadline.cutACallShort
            {
                // The run's time was up: said as such, not taken for one slow answer.
                result.facts.merge(deadline.facts) { $1 }
            }
            // Facts hold server texts: redacted whole, then cut (see `AnswerFacts.factLimit`).
            result.facts = result.facts.mapValues { redactor.cut(redactor.redact($0), limit: AnswerFacts.factLimit) }
            if let resource = result.facts["local.exhausted"] {
                // This machine ran out (descriptors, memory): said first, so it is not taken for a platform fault.
                result.findings.insert(Finding("local.exhausted.\(resource)"), at: 0)
            }
            result.durationMs = Self.milliseconds(clock.elapsed() - start)
            shared.merge(result.facts) { $1 }
            result.diagnosis = rules.diagnosis(
                for: id, status: result.status, facts: shared, language: strings.language)
            if result.status == .fail, id != .config, !suspicions.isEmpty {
                let suspects = rules.suspects(suspicions, at: id, facts: shared, language: strings.language)
                result.diagnosis?.candidates.insert(contentsOf: suspects, at: 0)
            }
            if result.status == .fail { blocker = id }
            stages.append(result)
            onStageFinished?(result, log.all.filter { $0.stage == id })
        }

        var config: ValidatedConfig?
        await stage(.config) { result in
            let evaluation = ConfigProbe(profile: profile, now: clock.now()).evaluate()
            config = evaluation.config
            result.facts = evaluation.facts
            suspicions = evaluation.problems.filter { !$0.isError }.map { problem in
                problem.values.reduce(into: ["config.problem": problem.id]) { $0["config.\($1.key)"] = $1.value }
            }
            for problem in evaluation.problems {
                result.findings.append(Finding("config.problem.\(problem.id)", problem.values))
            }
            result.status = config == nil ? .fail : (evaluation.problems.isEmpty ? .pass : .warn)
        }
        await stage(.network) { result in
            await NetworkProbe(
                config: config!, transport: transport, environment: environment, timeout: timeout, deadline: deadline
            ).run(into: &result)
        }
        var token: Secret?
        await stage(.token) { result in token = await TokenProbe(config: config!, client: client).run(into: &result) }
        await stage(.gateway) { result in
            await GatewayProbe(config: config!, client: client, token: token!).run(into: &result)
        }
        var lookup: StructureLookup?
        await stage(.account) { result in
            lookup = await AccountProbe(config: config!, client: client, token: token!).run(into: &result)
        }
        await stage(.structure) { result in
            guard let lookup else {
                result.status = .fail
                result.facts["structure.lookup"] = shared["structure.lookup"] ?? "unknown"
                return
            }
            let open = !["unauthorized", "refused"].contains(shared["api.structures"] ?? "")
            await StructureProbe(
                config: config!, client: client, token: token!, lookup: lookup, now: clock.now(), structuresOpen: open
            ).run(into: &result)
        }
        return report(
            stages: stages, log: log, started: started, duration: clock.elapsed() - stopwatch, shared: shared,
            config: config)
    }

    private func report(
        stages: [StageResult], log: ExchangeLog, started: Date, duration: Duration, shared: [String: String],
        config: ValidatedConfig?
    ) -> CheckReport {
        let worst = stages.map(\.status).max() ?? .pass
        let failed = stages.first { $0.status == .fail }
        let status: StageStatus = worst == .skip ? .pass : worst
        let message: String
        switch status {
        case .fail:
            message = strings(
                "summary.fail",
                ["stage": failed.map { strings.stageName($0.id.rawValue) } ?? "?", "id": failed?.diagnosis?.id ?? "?"])
        case .warn:
            message = strings("summary.warn", ["count": String(stages.filter { $0.status == .warn }.count)])
        default:
            message = strings("summary.pass")
        }
        return CheckReport(
            profile: profile.name, environment: profile.environment.value.rawValue, language: strings.language.rawValue,
            tokenHost: config?.tokenURL.host ?? URL(string: profile.tokenURL.value)?.host,
            apiHost: config?.apiBaseURL.host ?? URL(string: profile.apiBaseURL.value)?.host,
            proxy: shared["proxy.host"], startedAt: started, durationMs: Self.milliseconds(duration), stages: stages,
            summary: .init(
                status: status, firstFailure: failed?.id, diagnosisId: failed?.diagnosis?.id, message: message),
            fingerprint: ProfileFingerprint.of(profile), exchanges: log.all)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return (Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded(toPlaces: 1)
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let factor = pow(10, Double(places))
        return (self * factor).rounded() / factor
    }
}
