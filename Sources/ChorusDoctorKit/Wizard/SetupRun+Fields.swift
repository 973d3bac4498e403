import Foundation

/// What the user gave for one field.
enum FieldReply: Equatable {
    /// A validated value, or nil for an optional field left empty.
    case value(String?)
    /// Enter on a secret already known: it stays as it is.
    case keep
    case command(WizardCommand)
    case end
}

extension SetupRun {
    /// Asks one field until the answer validates; Enter takes the known value or the default.
    func ask(_ field: SetupField, in step: SetupStep) async -> FieldReply {
        let label = field.label.text(strings.language)
        let secretKnown = field.isSecret && (document[field.key] != nil || document["\(field.key)_command"] != nil)
        let known =
            field.isSecret
            ? nil : (answers[field.key] ?? field.defaultValue(environment: environment ?? .sandbox, now: now))
        let prompt: String
        if field.isSecret {
            prompt = strings(
                secretKnown ? "wizard.prompt.secret_known" : "wizard.prompt.secret",
                ["label": label, "mask": Secret.mask])
        } else if let known {
            prompt = strings("wizard.prompt.with_default", ["label": label, "default": known])
        } else {
            prompt = strings("wizard.prompt.bare", ["label": label])
        }
        let allowed = commands(for: step)
        let completions = (field.choices ?? []) + (field.suggest ?? [])
        while true {
            switch await questions.ask(prompt, choices: completions, allowed: allowed, secret: field.isSecret) {
            case .end: return .end
            case .command(.help): showHelp(step, field: field)
            case .command(let command): return .command(command)
            case .value(let typed):
                let text = field.isSecret ? typed : typed.trimmingCharacters(in: .whitespaces)
                if text.isEmpty {
                    if secretKnown { return .keep }
                    if field.isOptional && known == nil { return .value(nil) }
                    guard let known else {
                        questions.problem(strings("wizard.required"))
                        continue
                    }
                    if let accepted = validated(field, known) { return .value(accepted) }
                    continue
                }
                if let accepted = validated(field, text) { return .value(accepted) }
            }
        }
    }

    /// The value as stored, after printing why it is refused or what is unusual about it.
    private func validated(_ field: SetupField, _ text: String) -> String? {
        var text = text
        if field.isSecret, FieldValidation.trimmedSecret(text).trimmed {
            text = FieldValidation.trimmedSecret(text).value
            questions.say(style.yellow(strings("notice.secret_trimmed", ["field": field.key])))
        }
        switch field.validator.validate(text) {
        case .failure(let problem):
            questions.problem(strings(problem.key, problem.values))
            return nil
        case .success(let value):
            if field.validator == .technicalLogin, FieldValidation.technicalLoginLooksUnusual(value) {
                questions.say(style.yellow(strings("wizard.note.tech_login_unusual", ["value": value])))
            }
            if field.validator == .date, let date = CalendarDay.parse(value), CalendarDay.days(from: now, to: date) < 0
            {
                questions.say(style.yellow(strings("wizard.note.date_past", ["date": value])))
            }
            if field.isSecret {
                ctx.redactor.add(value, label: field.key)
            } else {
                questions.reader.remember(value)
            }
            return value
        }
    }

    /// Puts an accepted value in the profile document (secrets replace any secret command) and the progress.
    func apply(_ field: SetupField, _ value: String?) {
        let previous = document[field.key]
        document[field.key] = value
        if field.isSecret {
            document["\(field.key)_command"] = nil
        } else {
            progress.answers[field.key] = value
        }
        if field.key == "environment", let value, value != previous { environmentChanged(to: value) }
    }

    /// A URL left at the other environment's default follows the new environment (its default is proposed again).
    private func environmentChanged(to value: String) {
        for other in PlatformEnvironment.allCases where other.rawValue != value {
            if document.tokenURL == other.defaultTokenURL.absoluteString {
                document.tokenURL = nil
                progress.answers["token_url"] = nil
            }
            if document.apiBaseURL == other.defaultAPIBaseURL.absoluteString {
                document.apiBaseURL = nil
                progress.answers["api_base_url"] = nil
            }
        }
    }

    // MARK: - Probes

    /// Runs the step's probe; on failure shows the diagnosis and offers to edit, retry, wait or skip.
    func verify(_ step: SetupStep, _ kind: SetupProbeKind) async -> StepOutcome {
        while true {
            let resolved = ProfileResolver(environment: ctx.environment).resolve(
                name: profile, document: document, filePath: ctx.paths.profileFile(profile).path)
            let missing = SetupProbe.missing(kind, profile: resolved)
            if kind == .token, !missing.isEmpty {
                questions.say(
                    style.yellow(strings("wizard.probe.missing", ["fields": missing.joined(separator: ", ")])))
                mark(step, .done, probe: "not_run")
                return .next
            }
            // Saved before probing: the check reads the profile file, and Ctrl-C during a probe keeps the step.
            if let failure = checkpoint() { return .stop(failure) }
            questions.say(style.dim(strings("wizard.probe.running.\(kind.rawValue)")))
            var report: CheckReport?
            let passed = await SetupProbe.run(
                kind, ctx, profile: resolved, timeout: timeout, style: style, report: &report)
            if kind == .full { lastCheckPassed = passed }
            if let report { adoptPlatformData(report) }
            if passed {
                questions.say(style.green(strings("wizard.probe.pass.\(kind.rawValue)")))
                mark(step, .done, probe: "pass")
                return .next
            }
            questions.say(style.red(strings("wizard.probe.fail.\(kind.rawValue)")))
            mark(step, .pending, probe: "fail")
            var choices: [WizardCommand] = (step.fields ?? []).isEmpty ? [.retry] : [.edit, .retry]
            if step.mayWait { choices.append(.wait) }
            choices.append(.skip)
            let reply = await questions.choose(
                "wizard.prompt.after_failure", choices: choices, defaultChoice: choices[0],
                allowed: [.back, .help, .quit], help: { showHelp(step, field: nil) })
            switch reply {
            case .command(.edit): return await walk(step, showScreen: false)
            case .command(.retry): continue
            case .command(.wait): return await wait(step)
            case .command(.skip): return skip(step)
            case .command(.back): return .back
            case .command(.quit): return .quit
            default: return .end
            }
        }
    }
}

extension SetupRun {
    /// The platform's own data wins: its expiry date replaces the one noted, and an account stage that passed
    /// settles the raccordement step, even if it was left waiting.
    func adoptPlatformData(_ report: CheckReport) {
        if let platform = PlatformData.newerExpiry(report, noted: document.technicalPasswordExpiry) {
            let noted = document.technicalPasswordExpiry
            document.technicalPasswordExpiry = platform
            progress.answers["technical_password_expiry"] = platform
            questions.say(
                style.yellow(PlatformData.notice(strings, noted: noted, platform: platform, profile: profile)))
        }
        if PlatformData.accountAdmitted(report),
            progress.record(PlatformData.raccordementStep).status != .done
        {
            progress.mark(PlatformData.raccordementStep, .done, probe: "pass", now: ctx.clock.now())
        }
    }
}
