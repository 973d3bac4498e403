import Foundation

/// `chorus-doctor profile …`: list, show, set and unset values without the wizard.
public enum ProfileFlow {
    public static func list(_ ctx: DoctorContext) -> ExitStatus {
        let names = ProfileStore(paths: ctx.paths).list()
        if names.isEmpty {
            ctx.console.showError(ctx.strings("profile.none", ["path": ctx.paths.profiles.path]) + "\n")
        }
        for name in names { ctx.console.show(name + "\n") }
        return .ok
    }

    /// One line per value: key, value (secrets masked, identifiers in full), origin.
    public static func show(_ ctx: DoctorContext, name: String, json: Bool) -> ExitStatus {
        let profile: ResolvedProfile
        do {
            profile = try CheckFlow.loadProfile(ctx, name: name)
        } catch {
            ctx.console.showError(error.message + "\n")
            return error.status
        }
        for secret in profile.secrets { ctx.redactor.add(secret.value, label: secret.label) }
        let rows = self.rows(profile)
        if json {
            let object: [String: Any] = [
                "schema": "chorus-doctor.profile/1", "profile": profile.name, "path": profile.filePath ?? NSNull(),
                "values": rows.map {
                    ["key": $0.key, "value": $0.value ?? NSNull(), "origin": $0.origin ?? NSNull()] as [String: Any]
                },
            ]
            let data = try! JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            ctx.console.out(String(decoding: data, as: UTF8.self) + "\n")
            return .ok
        }
        if let path = profile.filePath {
            ctx.console.show(
                ctx.style.bold(ctx.strings("profile.show.header", ["profile": profile.name, "path": path])) + "\n")
        } else {
            ctx.console.show(ctx.style.bold(ctx.strings("profile.show.env_only", ["profile": profile.name])) + "\n")
        }
        for row in rows {
            let value = row.value ?? ctx.style.dim(ctx.strings("profile.not_set"))
            let origin = row.origin.map { "  " + ctx.style.dim("(\(originText(ctx, $0, row.from)))") } ?? ""
            ctx.console.show("  \(row.key.padding(toLength: 26, withPad: " ", startingAt: 0)) \(value)\(origin)\n")
        }
        return .ok
    }

    struct Row {
        var key: String
        var value: String?
        var origin: String?
        var from: String
    }

    static func rows(_ p: ResolvedProfile) -> [Row] {
        func row(_ key: String, _ value: Sourced<String>?) -> Row {
            Row(key: key, value: value?.value, origin: value?.origin.rawValue, from: value?.from ?? "")
        }
        func secret(_ key: String, _ value: Sourced<Secret>?) -> Row {
            Row(
                key: key, value: value.map { _ in Secret.mask }, origin: value?.origin.rawValue, from: value?.from ?? ""
            )
        }
        func url(_ key: String, _ value: Sourced<String>) -> Row {
            Row(
                key: key, value: FieldValidation.hidingCredentials(value.value), origin: value.origin.rawValue,
                from: value.from)
        }
        return [
            Row(
                key: "environment", value: p.environment.value.rawValue, origin: p.environment.origin.rawValue,
                from: p.environment.from),
            url("token_url", p.tokenURL), url("api_base_url", p.apiBaseURL), row("client_id", p.clientID),
            secret("client_secret", p.clientSecret), row("technical_login", p.technicalLogin),
            secret("technical_password", p.technicalPassword),
            row("technical_password_expiry", p.technicalPasswordExpiry),
            row("siret", p.siret), row("user_login", p.userLogin), row("piste_application", p.pisteApplication),
            Row(
                key: "iban", value: p.iban.map { Masking.iban($0.value) }, origin: p.iban?.origin.rawValue,
                from: p.iban?.from ?? ""),
            row("ca_bundle", p.caBundle),
        ]
    }

    static func originText(_ ctx: DoctorContext, _ origin: String, _ from: String) -> String {
        ctx.strings("profile.origin.\(origin)", ["from": from])
    }

    /// Checks a value for a key; returns the normalised value or the reason it is refused.
    public static func validate(key: String, value: String) -> Result<String, ValidationProblem> {
        switch key {
        case "environment":
            return PlatformEnvironment(userInput: value).map { .success($0.rawValue) }
                ?? .failure(ValidationProblem("validation.environment", ["value": value]))
        case "token_url", "api_base_url": return FieldValidation.endpointURL(value).map(\.absoluteString)
        case "client_id": return FieldValidation.clientID(value)
        case "client_secret": return FieldValidation.clientSecret(value)
        case "technical_login": return FieldValidation.technicalLogin(value)
        case "technical_password":
            let trimmed = FieldValidation.trimmedSecret(value).value
            return trimmed.isEmpty ? .failure(ValidationProblem("error.stdin_empty")) : .success(trimmed)
        case "technical_password_expiry": return FieldValidation.date(value).map(CalendarDay.format)
        case "siret": return FieldValidation.siret(value)
        case "user_login": return FieldValidation.userLogin(value)
        case "piste_application": return FieldValidation.applicationName(value)
        case "iban": return FieldValidation.iban(value)
        case "ca_bundle":
            return FileManager.default.isReadableFile(atPath: value)
                ? .success(value) : .failure(ValidationProblem("validation.path", ["value": value]))
        default: return value.isEmpty ? .failure(ValidationProblem("error.stdin_empty")) : .success(value)
        }
    }

    /// Sets one key. `value` is nil for secrets (read by the caller from the prompt or stdin and passed in `read`).
    public static func set(_ ctx: DoctorContext, name: String, key: String, value: String?, read: () -> String?)
        -> ExitStatus
    {
        guard ProfileDocument.keys.contains(key) else {
            ctx.console.showError(
                ctx.strings("error.unknown_key", ["key": key, "keys": ProfileDocument.keys.joined(separator: ", ")])
                    + "\n")
            return .usage
        }
        if ProfileDocument.secretKeys.contains(key), value != nil {
            ctx.console.showError(ctx.strings("error.secret_on_command_line", ["key": key]) + "\n")
            return .usage
        }
        guard let raw = value ?? read() else {
            ctx.console.showError(ctx.strings("error.stdin_closed") + "\n")
            return .incomplete
        }
        if ProfileDocument.secretKeys.contains(key), FieldValidation.trimmedSecret(raw).trimmed {
            ctx.console.showError(ctx.strings("notice.secret_trimmed", ["field": key]) + "\n")
        }
        let normalised: String
        switch validate(key: key, value: raw) {
        case .success(let value): normalised = value
        case .failure(let problem):
            ctx.console.showError(
                ctx.strings("error.invalid_value", ["key": key, "reason": ctx.strings(problem.key, problem.values)])
                    + "\n")
            return .usage
        }
        return update(ctx, name: name) { document in
            document[key] = normalised
            if key == "client_secret" || key == "technical_password" { document["\(key)_command"] = nil }
            return ctx.strings(
                "profile.saved", ["key": key, "profile": name, "path": ctx.paths.profileFile(name).path])
        }
    }

    public static func unset(_ ctx: DoctorContext, name: String, keys: [String]) -> ExitStatus {
        for key in keys where !ProfileDocument.keys.contains(key) {
            ctx.console.showError(
                ctx.strings("error.unknown_key", ["key": key, "keys": ProfileDocument.keys.joined(separator: ", ")])
                    + "\n")
            return .usage
        }
        return update(ctx, name: name) { document in
            for key in keys { document[key] = nil }
            return keys.map { ctx.strings("profile.unset_done", ["key": $0, "profile": name]) }.joined(separator: "\n")
        }
    }

    /// Loads (refusing corrupt files), changes and atomically saves a profile, under the profile's lock.
    static func update(_ ctx: DoctorContext, name: String, _ change: (inout ProfileDocument) -> String) -> ExitStatus {
        if case .failure(let problem) = FieldValidation.profileName(name) {
            ctx.console.showError(ctx.strings(problem.key, problem.values) + "\n")
            return .usage
        }
        let store = ProfileStore(paths: ctx.paths)
        do {
            var message = ""
            try store.update(name) { message = change(&$0) }
            ctx.console.show(message + "\n")
            return .ok
        } catch let error as ProfileFileError {
            ctx.console.showError(ctx.strings("error.profile_corrupt", ["detail": ctx.strings.detail(error)]) + "\n")
            return .configFile
        } catch {
            ctx.console.showError(profileWriteError(ctx, name: name, error) + "\n")
            return .failure
        }
    }

    /// Why a profile file could not be written or removed: the path and the system's reason.
    static func profileWriteError(_ ctx: DoctorContext, name: String, _ error: any Error) -> String {
        let detail = (error as? AtomicFile.WriteError)?.description ?? "\(error)"
        return ctx.strings("error.profile_write", ["profile": name, "detail": detail])
    }

    /// What is kept for a profile besides its file: the number of saved runs, and whether setup progress exists.
    public static func keptState(_ ctx: DoctorContext, name: String) -> (runs: Int, progress: Bool) {
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: ctx.paths.runs(profile: name).path))?.count
        let progress = FileManager.default.fileExists(atPath: SetupProgressStore(paths: ctx.paths).file(name).path)
        return (runs ?? 0, progress)
    }

    /// Deletes the profile file; with `removeState`, also its kept runs and setup progress.
    public static func delete(_ ctx: DoctorContext, name: String, removeState: Bool = false) -> ExitStatus {
        if case .failure(let problem) = FieldValidation.profileName(name) {
            ctx.console.showError(ctx.strings(problem.key, problem.values) + "\n")
            return .usage
        }
        do {
            guard try ProfileStore(paths: ctx.paths).delete(name) else {
                ctx.console.showError(ctx.strings("error.profile_exists_not", ["profile": name]) + "\n")
                return .usage
            }
            ctx.console.show(ctx.strings("profile.deleted", ["profile": name]) + "\n")
            guard removeState else { return .ok }
            let manager = FileManager.default
            let runs = ctx.paths.runs(profile: name)
            if manager.fileExists(atPath: runs.path) { try manager.removeItem(at: runs) }
            let progress = SetupProgressStore(paths: ctx.paths).file(name)
            if manager.fileExists(atPath: progress.path) { try manager.removeItem(at: progress) }
            ctx.console.show(ctx.strings("profile.deleted_state", ["profile": name]) + "\n")
            return .ok
        } catch {
            ctx.console.showError(profileWriteError(ctx, name: name, error) + "\n")
            return .failure
        }
    }
}
