import ChorusTransport
import Foundation

/// What one run has gathered so far, and the probing of each stage: the engine's rules in one place.
struct StageRunState: Sendable {
    let engine: StageEngine
    let plan: StagePlan
    var started = Date(timeIntervalSince1970: 0)
    var stopwatch: Duration = .zero
    let log = ExchangeLog()
    var deadline: RunDeadline?
    var client: PlatformClient
    /// Every fact seen so far, over the context's (profile, PISTE application, renewal date): what rules match.
    var shared: [String: String] = [:]
    var stages: [StageResult] = []
    var blocker: StageID?
    /// The config stage's warnings, each as its own facts: a later refusal names them first.
    var suspicions: [[String: String]] = []
    var config: ValidatedConfig?
    var token: Secret?
    var lookup: StructureLookup?

    init(engine: StageEngine, plan: StagePlan) {
        self.engine = engine
        self.plan = plan
        client = PlatformClient(
            transport: engine.transport, redactor: engine.redactor, log: log, timeout: engine.timeout,
            clock: engine.clock)
    }

    /// The run starts: its secrets taught to the redactor, its clock read, its deadline set.
    mutating func begin() {
        for secret in engine.profile.secrets { engine.redactor.add(secret.value, label: secret.label) }
        started = engine.clock.now()
        stopwatch = engine.clock.elapsed()
        if plan.runDeadline {
            let deadline = RunDeadline(limit: engine.timeout, clock: engine.clock)
            self.deadline = deadline
            client.deadline = deadline
        }
        shared = FixCommand.contextFacts(profile: engine.profile, environment: engine.environment, now: started)
    }

    /// The skipped result of `id` when an earlier stage failed, else nil.
    mutating func skip(_ id: StageID) -> StageResult? {
        guard let blocker else { return nil }
        var result = StageResult(id: id, status: .skip)
        result.skipReason = Finding("skip.after_failure", ["stage": blocker.rawValue])
        stages.append(result)
        return result
    }

    func exchanges(of id: StageID) -> [RecordedExchange] { log.all.filter { $0.stage == id } }

    /// Probes one stage, then judges what it saw.
    mutating func probe(_ id: StageID) async -> StageResult {
        var result = StageResult(id: id, status: .skip)
        let start = engine.clock.elapsed()
        await body(id, &result)
        if result.status == .fail, result.facts["transport.kind"] == "timeout", let deadline, deadline.hasPassed,
            deadline.cutACallShort
        {
            // The run's time was up: said as such, not taken for one slow answer.
            result.facts.merge(deadline.facts) { $1 }
        }
        // Facts hold server texts: redacted whole, then cut (see `AnswerFacts.factLimit`).
        let redactor = engine.redactor
        result.facts = result.facts.mapValues { redactor.cut(redactor.redact($0), limit: AnswerFacts.factLimit) }
        if let resource = result.facts["local.exhausted"] {
            // This machine ran out (descriptors, memory): said first, so it is not taken for a platform fault.
            result.findings.insert(Finding("local.exhausted.\(resource)"), at: 0)
        }
        result.durationMs = StageEngine.milliseconds(engine.clock.elapsed() - start)
        shared.merge(result.facts) { $1 }
        // Kept in no language: worded at output.
        result.diagnosis = engine.rules.match(for: id, status: result.status, facts: shared)
        if result.status == .fail, id != .config, !suspicions.isEmpty {
            result.diagnosis?.candidates.insert(
                contentsOf: engine.rules.suspects(suspicions, at: id, facts: shared), at: 0)
        }
        if result.status == .fail { blocker = id }
        // The token probe's config stage is kept only when it stops the probe.
        if !(id == .config && plan.configuration == .endpoints && result.status != .fail) { stages.append(result) }
        return result
    }

    private mutating func body(_ id: StageID, _ result: inout StageResult) async {
        switch id {
        case .config:
            switch plan.configuration {
            case .profile: judgeProfile(&result)
            case .endpoints: judgeEndpoints(&result)
            }
        case .network:
            await NetworkProbe(
                config: config!, transport: engine.transport, environment: engine.environment,
                timeout: engine.timeout, deadline: deadline
            ).run(into: &result)
        case .token:
            token = await TokenProbe(config: config!, client: client).run(into: &result)
        case .gateway:
            await GatewayProbe(config: config!, client: client, token: token!).run(into: &result)
        case .account:
            lookup = await AccountProbe(config: config!, client: client, token: token!).run(into: &result)
        case .structure:
            guard let lookup else {
                result.status = .fail
                result.facts["structure.lookup"] = shared["structure.lookup"] ?? "unknown"
                return
            }
            let open = !["unauthorized", "refused"].contains(shared["api.structures"] ?? "")
            await StructureProbe(
                config: config!, client: client, token: token!, lookup: lookup, now: engine.clock.now(),
                structuresOpen: open
            ).run(into: &result)
        }
    }

    /// Every value the check needs: errors stop it, warnings are kept as suspicions.
    private mutating func judgeProfile(_ result: inout StageResult) {
        let evaluation = ConfigProbe(profile: engine.profile, now: engine.clock.now()).evaluate()
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

    /// The URLs, the client id and the secret only. The wizard validated what was typed: only a `CHORUS_*`
    /// variable can bring an invalid URL here.
    private mutating func judgeEndpoints(_ result: inout StageResult) {
        let profile = engine.profile
        var urls: [URL] = []
        for (field, value) in [("token_url", profile.tokenURL), ("api_base_url", profile.apiBaseURL)] {
            switch FieldValidation.endpointURL(value.value) {
            case .success(let url): urls.append(url)
            case .failure(let problem):
                result.status = .fail
                result.facts = [
                    "config.problem": "url_invalid", "config.field": field, "config.value": value.value,
                    "config.reason": problem.key,
                ]
                result.findings = [Finding("config.problem.url_invalid", ["field": field, "value": value.value])]
                return
            }
        }
        guard let clientID = profile.clientID?.value, let secret = profile.clientSecret?.value else {
            result.status = .fail
            let field = profile.clientID == nil ? "client_id" : "client_secret"
            result.facts = ["config.problem": "missing", "config.field": field]
            result.findings = [Finding("config.problem.missing", ["field": field])]
            return
        }
        let (tokenURL, apiURL) = (urls[0], urls[1])
        config = ValidatedConfig(
            environment: profile.environment.value, tokenURL: tokenURL, apiBaseURL: apiURL, clientID: clientID,
            clientSecret: secret, technicalLogin: "", technicalPassword: Secret(""), siret: "",
            technicalPasswordExpiry: nil, caBundlePath: profile.caBundle?.value)
        result.facts = [
            "environment": profile.environment.value.rawValue, "token_host": tokenURL.host ?? "",
            "api_host": apiURL.host ?? "",
        ]
        result.status = .pass
    }

    /// The report of the run so far, and what later calls need.
    func outcome() -> CheckRun.Outcome {
        CheckRun.Outcome(
            report: report(duration: engine.clock.elapsed() - stopwatch), config: config, token: token, client: client)
    }

    private func report(duration: Duration) -> CheckReport {
        let strings = engine.strings
        let profile = engine.profile
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
            proxy: shared["proxy.host"], startedAt: started, durationMs: StageEngine.milliseconds(duration),
            stages: stages,
            summary: .init(
                status: status, firstFailure: failed?.id, diagnosisId: failed?.diagnosis?.id, message: message),
            fingerprint: ProfileFingerprint.of(profile), exchanges: log.all)
    }
}
