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
        let engine = CheckFlow.engine(ctx, profile: profile, options: options(profile, timeout))
        switch kind {
        case .token:
            // The network and token stages alone: the check's config stage would stop here for want of the
            // technical account, which comes at step 7.
            var failed = false
            for await case .finished(let stage, _) in engine.run(.token) where stage.status != .skip {
                console.show(renderer.stage(stage, exchanges: []))
                failed = failed || stage.status == .fail
            }
            return !failed
        case .account:
            var report: CheckReport?
            for await event in engine.run(.check) {
                switch event {
                case .started: break
                case .finished(let stage, _):
                    if stage.id != .structure { console.show(renderer.stage(stage, exchanges: [])) }
                case .completed(let outcome): report = outcome.report
                }
            }
            kept = report
            return !(report?.stages ?? []).contains { $0.id != .structure && $0.status == .fail }
        case .full:
            console.show(
                renderer.header(
                    profile: profile.name, environment: profile.environment.value.rawValue,
                    tokenHost: URL(string: profile.tokenURL.value)?.host,
                    apiHost: URL(string: profile.apiBaseURL.value)?.host))
            var report: CheckReport?
            for await event in engine.run(.check) {
                switch event {
                case .started: break
                case .finished(let stage, _): console.show(renderer.stage(stage, exchanges: []))
                case .completed(let outcome): report = outcome.report
                }
            }
            guard let report else { return false }
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
}
