import Foundation

/// `chorus-doctor check --all` and `check --profiles a,b,c`: the check of many profiles (an integrator's or an
/// accounting firm's clients), a bounded number at a time, each with its own transport, token and redactor.
public enum FleetFlow {
    public struct Options: Sendable {
        /// The profiles to check; nil for every stored profile.
        public var profiles: [String]?
        /// Checks in flight at most.
        public var jobs: Int
        public var json: Bool
        /// Nagios or Prometheus output instead of the table (or `json`).
        public var format: CheckOutputFormat
        public var timeout: Duration
        public var caBundle: String?
        public var save: Bool

        public init(
            profiles: [String]?, jobs: Int = 8, json: Bool = false, format: CheckOutputFormat = .text,
            timeout: Duration = .seconds(15), caBundle: String? = nil, save: Bool = true
        ) {
            self.profiles = profiles
            self.jobs = jobs
            self.json = json
            self.format = format
            self.timeout = timeout
            self.caBundle = caBundle
            self.save = save
        }
    }

    /// Exit 0 every profile passed (warnings allowed), 1 one failed or could not be checked, 2 no profile to check.
    /// With `--format nagios` the plugin's codes instead (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN); with
    /// `--format prometheus` 0 once the metrics are written.
    public static func execute(_ ctx: DoctorContext, options: Options) async -> ExitStatus {
        let names = options.profiles ?? ProfileStore(paths: ctx.paths).list()
        let monitored = options.format == .nagios || options.format == .prometheus
        guard !names.isEmpty else {
            ctx.console.showError(ctx.strings("fleet.no_profiles", ["path": ctx.paths.profiles.path]) + "\n")
            guard monitored else { return .usage }
            return monitoring(
                ctx, FleetReport(startedAt: ctx.clock.now(), durationMs: 0, jobs: 1, profiles: []), options)
        }
        let machine = options.json || monitored
        let progress = ctx.console.outputIsTerminal && !machine
        var options = options
        let fitting = LocalResources.parallelChecks(wanted: options.jobs)
        if fitting < options.jobs && fitting < names.count {
            // A low `ulimit -n`: fewer checks at once, said so, rather than healthy profiles failing.
            ctx.console.showError(
                ctx.strings(
                    "fleet.jobs_reduced",
                    [
                        "wanted": String(options.jobs), "jobs": String(fitting),
                        "limit": String(LocalResources.descriptorLimit() ?? 0),
                    ]) + "\n")
            options.jobs = fitting
        }
        // The counter reads how many checks have ended as they end, while the checks run.
        let (ended, counter) = AsyncStream.makeStream(of: Int.self)
        async let checked = run(ctx, names: names, options: options, ended: counter)
        for await done in ended where progress {
            InPlaceLine.draw(
                ctx.strings("fleet.progress", ["done": String(done), "total": String(names.count)]), on: ctx.console)
        }
        let report = await checked
        if progress { InPlaceLine.wipe(on: ctx.console) }
        if monitored { return monitoring(ctx, report, options) }
        if options.json {
            ctx.console.out(
                (try? CheckReport.encoder().encode(report)).map { String(decoding: $0, as: UTF8.self) } ?? "{}")
            ctx.console.out("\n")
        } else {
            ctx.console.show(FleetText(ctx: ctx).render(report))
        }
        return report.passed ? .ok : .checkFailed
    }

    /// Nagios: the plugin line and its exit code. Prometheus: the exposition, exit 0 (the results are in it).
    static func monitoring(_ ctx: DoctorContext, _ report: FleetReport, _ options: Options) -> ExitStatus {
        if options.format == .nagios {
            ctx.console.out(NagiosOutput(strings: ctx.strings).render(report))
            return ExitStatus(rawValue: NagiosOutput.state(of: report).rawValue) ?? .failure
        }
        ctx.console.out(PrometheusOutput(strings: ctx.strings).render(report))
        return .ok
    }

    /// Checks `names` with at most `options.jobs` in flight. `ended`, when given, gets the number of checks ended
    /// after each one, and is finished when all have.
    public static func run(
        _ ctx: DoctorContext, names: [String], options: Options, ended: AsyncStream<Int>.Continuation? = nil
    ) async -> FleetReport {
        defer { ended?.finish() }
        let started = ctx.clock.now()
        let stopwatch = ctx.clock.elapsed()
        let jobs = LocalResources.parallelChecks(wanted: max(1, options.jobs))
        var rows: [FleetReport.Row?] = Array(repeating: nil, count: names.count)
        await withTaskGroup(of: (Int, FleetReport.Row).self) { group in
            var next = 0
            var done = 0
            while next < min(jobs, names.count) {
                let index = next
                group.addTask { (index, await check(ctx, name: names[index], options: options)) }
                next += 1
            }
            while let (index, row) = await group.next() {
                rows[index] = row
                done += 1
                ended?.yield(done)
                if next < names.count {
                    let index = next
                    group.addTask { (index, await check(ctx, name: names[index], options: options)) }
                    next += 1
                }
            }
        }
        return FleetReport(
            startedAt: started, durationMs: StageEngine.milliseconds(ctx.clock.elapsed() - stopwatch), jobs: jobs,
            profiles: rows.compactMap { $0 })
    }

    /// One profile's check, in a context of its own: its secrets go to its own redactor, never to the others'.
    /// The `CHORUS_*` profile variables are left out: they would override every profile of the fleet at once.
    static func check(_ ctx: DoctorContext, name: String, options: Options) async -> FleetReport.Row {
        var own = ctx
        own.redactor = Redactor()
        let overrides = Set(ProfileVariable.byKey.map(\.variable))
        own.environment = ctx.environment.filter { !overrides.contains($0.key) }
        let stopwatch = ctx.clock.elapsed()
        func unavailable(_ message: String) -> FleetReport.Row {
            FleetReport.Row(
                profile: name, status: .unavailable, message: own.redactor.redact(message),
                durationMs: StageEngine.milliseconds(ctx.clock.elapsed() - stopwatch),
                error: own.redactor.redact(message))
        }
        let profile: ResolvedProfile
        do {
            profile = try CheckFlow.loadProfile(own, name: name)
        } catch {
            return unavailable(error.message)
        }
        let checkOptions = CheckFlow.Options(
            profile: name, timeout: options.timeout, caBundle: options.caBundle, save: options.save)
        let report = await CheckFlow.run(own, profile: profile, options: checkOptions)
        if options.save { _ = try? RunStore(paths: own.paths, redactor: own.redactor).save(report) }
        let status: FleetReport.Status =
            switch report.summary.status {
            case .fail: .fail
            case .warn: .warn
            default: .pass
            }
        return FleetReport.Row(
            profile: name, environment: report.environment, status: status, firstFailure: report.summary.firstFailure,
            diagnosisId: report.summary.diagnosisId, message: own.redactor.redact(report.summary.message),
            durationMs: report.durationMs, expiry: expiry(report),
            stages: report.stages.map { FleetReport.Stage(id: $0.id, status: $0.status, durationMs: $0.durationMs) })
    }

    /// The password expiry the check saw: the platform's, else the one noted in the profile.
    static func expiry(_ report: CheckReport) -> FleetReport.Expiry? {
        for (dateKey, daysKey, source) in [
            ("tech.platform_expiry_date", "tech.platform_expiry_days", ExpiryWatch.Source.platform),
            ("tech.expiry_date", "tech.expiry_days", .profile),
        ] {
            for stage in report.stages {
                if let date = stage.facts[dateKey], let days = stage.facts[daysKey].flatMap({ Int($0) }) {
                    return FleetReport.Expiry(date: date, days: days, source: source)
                }
            }
        }
        return nil
    }
}
