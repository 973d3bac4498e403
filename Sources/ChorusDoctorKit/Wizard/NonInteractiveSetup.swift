import Foundation

extension SetupFlow {
    /// `setup --non-interactive`: every value the wizard would ask, from the profile file and the `CHORUS_*`
    /// variables (defaults as the wizard proposes them). Lists what is missing or invalid and exits 4 (2 when only
    /// invalid values stand in the way); otherwise saves the profile, runs the full check and records the steps.
    /// The first test invoice is sent only with `sendTestInvoice` (`--send-test-invoice`); without it that step is
    /// left for the wizard, and said so.
    public static func executeNonInteractive(_ ctx: DoctorContext, options: Options) async -> ExitStatus {
        let steps = ctx.library.setupSteps
        let name = options.profile ?? "default"
        if case .failure(let problem) = FieldValidation.profileName(name) {
            ctx.console.showError(ctx.strings(problem.key, problem.values) + "\n")
            return .usage
        }
        let profileStore = ProfileStore(paths: ctx.paths)
        let stored: ProfileDocument?
        do {
            stored = try profileStore.load(name)
        } catch {
            ctx.console.showError(ctx.strings("error.profile_corrupt", ["detail": ctx.strings.detail(error)]) + "\n")
            return .configFile
        }
        let path = ctx.paths.profileFile(name).path
        let resolved = ProfileResolver(environment: ctx.environment).resolve(
            name: name, document: stored, filePath: path)
        var document = stored ?? ProfileDocument()
        var missing: [String] = []
        var invalid: [String] = []
        for field in steps.fields {
            let found = value(field.key, in: resolved)
            guard
                let raw = found.value
                    ?? field.defaultValue(environment: resolved.environment.value, now: ctx.clock.now())
            else {
                if !field.isOptional { missing.append(field.key) }
                continue
            }
            switch field.validator.validate(raw) {
            case .success(let value): if !found.fromCommand { document[field.key] = value }
            case .failure(let problem): invalid.append("\(field.key): \(ctx.strings(problem.key, problem.values))")
            }
        }
        guard missing.isEmpty && invalid.isEmpty else {
            reportGaps(ctx, missing: missing, invalid: invalid)
            return missing.isEmpty ? .usage : .incomplete
        }
        do {
            try profileStore.save(document, as: name)
        } catch {
            ctx.console.showError(ctx.strings("error.profile_corrupt", ["detail": ctx.strings.detail(error)]) + "\n")
            return .configFile
        }
        ctx.console.show(ctx.strings("wizard.saved_profile", ["profile": name, "path": path]) + "\n")
        let profile = ProfileResolver(environment: ctx.environment).resolve(
            name: name, document: document, filePath: path)
        let report = await CheckFlow.run(
            ctx, profile: profile, options: CheckFlow.Options(profile: name, timeout: options.timeout))
        CheckFlow.print(ctx, report, options: CheckFlow.Options(profile: name))
        CheckFlow.persist(ctx, report)
        record(ctx, steps: steps, document: document, profile: name, passed: report.passed)
        guard report.passed else { return .checkFailed }
        return await nonInteractiveTestInvoice(
            ctx, steps: steps, options: options, profile: name, environment: profile.environment.value)
    }

    /// The value a profile gives for a key (environment variable, file or secret command).
    private static func value(_ key: String, in profile: ResolvedProfile) -> (value: String?, fromCommand: Bool) {
        switch key {
        case "environment": (profile.environment.origin == .default ? nil : profile.environment.value.rawValue, false)
        case "token_url": (profile.tokenURL.value, false)
        case "api_base_url": (profile.apiBaseURL.value, false)
        case "client_id": (profile.clientID?.value, false)
        case "client_secret": (profile.clientSecret?.value.value, profile.clientSecret?.origin == .command)
        case "technical_login": (profile.technicalLogin?.value, false)
        case "technical_password":
            (profile.technicalPassword?.value.value, profile.technicalPassword?.origin == .command)
        case "technical_password_expiry": (profile.technicalPasswordExpiry?.value, false)
        case "siret": (profile.siret?.value, false)
        case "user_login": (profile.userLogin?.value, false)
        case "piste_application": (profile.pisteApplication?.value, false)
        case "iban": (profile.iban?.value, false)
        default: (nil, false)
        }
    }

    private static func reportGaps(_ ctx: DoctorContext, missing: [String], invalid: [String]) {
        if !missing.isEmpty {
            ctx.console.showError(ctx.strings("wizard.noninteractive.missing") + "\n")
            for key in missing {
                let variable = ProfileVariable.byKey.first { $0.key == key }?.variable ?? "-"
                ctx.console.showError(
                    ctx.strings("wizard.noninteractive.missing_row", ["key": key, "variable": variable]) + "\n")
            }
        }
        if !invalid.isEmpty {
            ctx.console.showError(ctx.strings("wizard.noninteractive.invalid") + "\n")
            for line in invalid { ctx.console.showError("  " + line + "\n") }
        }
    }

    /// Marks every step done (the final one by the check's verdict), as if walked; the first-invoice step is the
    /// test invoice's to settle.
    private static func record(
        _ ctx: DoctorContext, steps: SetupSteps, document: ProfileDocument, profile: String, passed: Bool
    ) {
        let store = SetupProgressStore(paths: ctx.paths)
        let now = ctx.clock.now()
        var progress = SetupProgress(profile: profile, now: now)
        do {
            progress = try store.load(profile) ?? progress
        } catch {
            guard let moved = try? store.setAside(profile, now: now) else {
                ctx.console.showError(
                    ctx.strings(
                        "wizard.progress_unmovable", ["path": error.path, "reason": error.reason.worded(ctx.strings)])
                        + "\n")
                return
            }
            ctx.console.showError(
                ctx.strings(
                    "wizard.corrupt_progress",
                    ["path": error.path, "reason": error.reason.worded(ctx.strings), "moved": moved.path])
                    + "\n")
        }
        for step in steps.steps where step.action == nil {
            let probe = step.probe == .full ? (passed ? "pass" : "fail") : nil
            progress.mark(step.id, step.probe == .full && !passed ? .pending : .done, probe: probe, now: now)
        }
        progress.remember(document)
        progress.environment = document.environment
        do {
            try store.save(progress)
        } catch {
            ctx.console.showError(ctx.strings("error.state_write", ["detail": "\(error)"]) + "\n")
        }
    }
}
