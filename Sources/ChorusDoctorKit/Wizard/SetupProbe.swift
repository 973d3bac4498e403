import ChorusTransport
import Foundation

/// The checks the wizard runs after a step: the token alone (step 4), up to the account stage (step 7), all of it.
/// Each stage is printed as soon as it ends, as `check` does.
enum SetupProbe {
    /// Runs the probe, printing its stages; true when none of the stages it looks at failed. `report` gets the
    /// check's report when the probe ran one (account and full probes), so the platform's own data can be kept.
    static func run(
        _ kind: SetupProbeKind, _ ctx: DoctorContext, profile: ResolvedProfile, timeout: Duration, style: TerminalStyle,
        report kept: inout CheckReport?
    ) async -> Bool {
        let renderer = CheckTextRenderer(strings: ctx.strings, style: style, verbose: false)
        let console = ctx.console
        switch kind {
        case .token:
            let stages = await tokenStages(ctx, profile: profile, timeout: timeout)
            for stage in stages { console.show(renderer.stage(stage, exchanges: [])) }
            return !stages.contains { $0.status == .fail }
        case .account:
            let report = await CheckFlow.run(ctx, profile: profile, options: options(profile, timeout)) {
                stage, _ in
                if stage.id != .structure { console.show(renderer.stage(stage, exchanges: [])) }
            }
            kept = report
            return !report.stages.contains { $0.id != .structure && $0.status == .fail }
        case .full:
            console.show(
                renderer.header(
                    profile: profile.name, environment: profile.environment.value.rawValue,
                    tokenHost: URL(string: profile.tokenURL.value)?.host,
                    apiHost: URL(string: profile.apiBaseURL.value)?.host))
            let report = await CheckFlow.run(ctx, profile: profile, options: options(profile, timeout)) {
                stage, _ in
                console.show(renderer.stage(stage, exchanges: []))
            }
            console.show(renderer.footer(report))
            CheckFlow.persist(ctx, report)
            kept = report
            return report.passed
        }
    }

    /// Profile keys a probe cannot do without, among those the profile lacks.
    static func missing(_ kind: SetupProbeKind, profile: ResolvedProfile) -> [String] {
        var missing: [String] = []
        if profile.clientID == nil { missing.append("client_id") }
        if profile.clientSecret == nil { missing.append("client_secret") }
        guard kind != .token else { return missing }
        if profile.technicalLogin == nil { missing.append("technical_login") }
        if profile.technicalPassword == nil { missing.append("technical_password") }
        if profile.siret == nil { missing.append("siret") }
        return missing
    }

    private static func options(_ profile: ResolvedProfile, _ timeout: Duration) -> CheckFlow.Options {
        CheckFlow.Options(profile: profile.name, timeout: timeout)
    }

    /// The network and token stages alone. The check's `config` stage would stop here for want of the technical
    /// account, which comes at step 7: the two probes only need the URLs, the client id and the secret.
    static func tokenStages(_ ctx: DoctorContext, profile: ResolvedProfile, timeout: Duration) async
        -> [StageResult]
    {
        let rules = ctx.library.rules
        for secret in profile.secrets { ctx.redactor.add(secret.value, label: secret.label) }
        var urls: [URL] = []
        for (field, value) in [("token_url", profile.tokenURL), ("api_base_url", profile.apiBaseURL)] {
            switch FieldValidation.endpointURL(value.value) {
            case .success(let url): urls.append(url)
            case .failure(let problem):
                // Only a CHORUS_* variable can bring an invalid URL here: the wizard validated what was typed.
                var config = StageResult(id: .config, status: .fail)
                config.facts = [
                    "config.problem": "url_invalid", "config.field": field, "config.value": value.value,
                    "config.reason": problem.key,
                ]
                config.findings = [Finding("config.problem.url_invalid", ["field": field, "value": value.value])]
                var facts = FixCommand.contextFacts(
                    profile: profile, environment: ctx.environment, now: ctx.clock.now())
                diagnose(&config, facts: &facts, rules: rules, language: ctx.language)
                return [config]
            }
        }
        guard let clientID = profile.clientID?.value, let secret = profile.clientSecret?.value else { return [] }
        let (tokenURL, apiURL) = (urls[0], urls[1])
        let validated = ValidatedConfig(
            environment: profile.environment.value, tokenURL: tokenURL, apiBaseURL: apiURL, clientID: clientID,
            clientSecret: secret, technicalLogin: "", technicalPassword: Secret(""), siret: "",
            technicalPasswordExpiry: nil, caBundlePath: profile.caBundle?.value)
        let transport = ctx.makeTransport(TransportOptions(caBundlePath: profile.caBundle?.value))
        let client = PlatformClient(
            transport: transport, redactor: ctx.redactor, log: ExchangeLog(), timeout: timeout, clock: ctx.clock)
        var facts = FixCommand.contextFacts(profile: profile, environment: ctx.environment, now: ctx.clock.now())
        facts.merge([
            "environment": profile.environment.value.rawValue, "token_host": tokenURL.host ?? "",
            "api_host": apiURL.host ?? "",
        ]) { $1 }
        var network = StageResult(id: .network, status: .skip)
        await NetworkProbe(config: validated, transport: transport, environment: ctx.environment, timeout: timeout)
            .run(into: &network)
        diagnose(&network, facts: &facts, rules: rules, language: ctx.language)
        guard network.status != .fail else { return [network] }
        var token = StageResult(id: .token, status: .skip)
        _ = await TokenProbe(config: validated, client: client).run(into: &token)
        diagnose(&token, facts: &facts, rules: rules, language: ctx.language)
        return [network, token]
    }

    /// As the check does: the first matching rule, else the last-resort one for a failure.
    private static func diagnose(
        _ stage: inout StageResult, facts: inout [String: String], rules: RuleBook, language: Language
    ) {
        facts.merge(stage.facts) { $1 }
        stage.diagnosis = rules.diagnosis(for: stage.id, status: stage.status, facts: facts, language: language)
    }
}
