import Foundation

/// The text of the wizard's screens: a step, the values to copy into the billing software, the equivalent commands.
struct SetupScreen {
    var strings: Strings
    var style: TerminalStyle
    /// A person at a terminal: rules between steps. Piped runs get the plain text only.
    var decorated = true
    var width = 80

    var language: Language { strings.language }

    /// Heading, why, where, what to do, what to copy, how it is checked.
    func step(_ step: SetupStep, of steps: SetupSteps, environment: PlatformEnvironment?, answers: [String: String])
        -> String
    {
        let fill = { (text: String) in fillAnswers(text, answers: answers) }
        let total = steps.steps.map(\.number).max() ?? 0
        let title = step.title.text(language)
        let heading =
            step.number == 0
            ? strings("wizard.step.heading_start", ["title": title])
            : strings("wizard.step.heading", ["number": String(step.number), "total": String(total), "title": title])
        var lines = decorated ? ["", style.dim(String(repeating: "─", count: min(width, 72)))] : [""]
        lines.append(style.bold(heading))
        lines += labelled("wizard.label.why", step.why.text(language))
        if let place = step.where {
            var whereText = place.portal.text(language) + " · " + fill(place.menu.text(language))
            if let url = place.url(for: environment) { whereText += " · " + url }
            lines += labelled("wizard.label.where", whereText)
            if let link = place.link { lines += labelled("wizard.label.link", link) }
        }
        lines.append(style.bold(strings("wizard.label.do")))
        for (index, action) in step.actions(for: environment).enumerated() {
            let tag = environment == nil && action.only != nil ? "(\(action.only!.rawValue)) " : ""
            lines += TextWrap.wrap(
                tag + fill(action.text.text(language)), width: width, first: "  \(index + 1). ", rest: "     ")
        }
        lines += labelled("wizard.label.copy", step.copy.text(language))
        lines += labelled("wizard.label.verify", step.verify.text(language))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `Label: text`, wrapped under the label.
    func labelled(_ key: String, _ text: String) -> [String] {
        let label = strings(key)
        let wrapped = TextWrap.wrap(label + " " + text, width: width, first: "", rest: "  ")
        guard let first = wrapped.first, first.hasPrefix(label) else { return wrapped }
        return [style.bold(label) + first.dropFirst(label.count)] + wrapped.dropFirst()
    }

    func fillAnswers(_ text: String, answers: [String: String]) -> String {
        Self.fill(text, answers: answers, strings: strings)
    }

    /// `{piste_application}`, `{siret}`… replaced by the answer, or by a description while it is not known.
    static func fill(_ text: String, answers: [String: String], strings: Strings) -> String {
        guard text.contains("{") else { return text }
        var result = text
        for key in ["piste_application", "siret", "user_login", "environment"] where result.contains("{\(key)}") {
            let value = answers[key] ?? strings("wizard.placeholder.\(key)")
            result = result.replacingOccurrences(of: "{\(key)}", with: value)
        }
        return result
    }

    /// The values the billing software's Chorus Pro preferences ask for, always all of them (a missing one says how
    /// to set it), secrets masked. The URLs left to the environment's defaults are shown as such.
    static let billingKeys = [
        "client_id", "client_secret", "token_url", "api_base_url", "technical_login", "technical_password",
        "user_login", "siret", "piste_application", "iban", "technical_password_expiry",
    ]

    /// What the billing software's Chorus Pro settings need, secrets masked.
    func recap(_ document: ProfileDocument, steps: SetupSteps, environment: PlatformEnvironment, profile: String)
        -> String
    {
        var rows: [(String, String)] = [
            (
                strings("wizard.recap.qualification"),
                strings(environment == .sandbox ? "wizard.recap.on" : "wizard.recap.off")
            )
        ]
        let labels = Dictionary(steps.fields.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for key in Self.billingKeys {
            let label = labels[key]?.label.text(language) ?? key
            var value = document[key]
            if value == nil, key == "token_url" { value = environment.defaultTokenURL.absoluteString }
            if value == nil, key == "api_base_url" { value = environment.defaultAPIBaseURL.absoluteString }
            guard let value, !value.isEmpty else {
                let command = FixCommand.command("chorus-doctor profile set \(key)", profile: profile)
                rows.append((label, style.dim(strings("wizard.recap.missing", ["command": command]))))
                continue
            }
            let shown =
                ProfileDocument.secretKeys.contains(key) ? Secret.mask : key == "iban" ? Masking.iban(value) : value
            rows.append((label, shown))
        }
        let width = rows.map { TextWrap.displayWidth($0.0) }.max() ?? 0
        var lines = [style.bold(strings("wizard.recap.heading"))]
        lines += rows.map { "  " + TextWrap.pad($0.0, to: width) + "  " + $0.1 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `profile set` commands that give the same profile; secrets are left to the hidden prompt.
    func equivalentCommands(_ document: ProfileDocument, profile: String) -> String {
        var lines = [style.bold(strings("wizard.commands.heading"))]
        for key in ProfileDocument.keys {
            guard let value = document[key] else { continue }
            let command = "chorus-doctor profile set --profile \(ShellWord.quote(profile)) \(key)"
            if ProfileDocument.secretKeys.contains(key) {
                lines.append("  " + command + "    " + style.dim(strings("wizard.commands.secret_note")))
            } else {
                lines.append("  " + command + " " + ShellWord.quote(value))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A word as a POSIX shell reads it back: bare when safe, else single-quoted.
enum ShellWord {
    static func quote(_ value: String) -> String {
        let safe = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-")
        if !value.isEmpty, value.unicodeScalars.allSatisfy({ safe.contains($0) }) { return value }
        return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
