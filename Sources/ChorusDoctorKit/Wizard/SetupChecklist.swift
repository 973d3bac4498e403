import Foundation

/// `chorus-doctor checklist`: the whole setup procedure as a printable checklist, for a wiki or a colleague.
public enum ChecklistFlow {
    public enum Format: String, CaseIterable, Sendable {
        case md, text
    }

    /// Prints the checklist in the context's language, for one environment or both (lines tagged). With a profile:
    /// its environment unless one is given, its answers filled in, and the values for the billing software at the end.
    public static func execute(
        _ ctx: DoctorContext, format: Format, environment: PlatformEnvironment?, profile: String? = nil
    ) -> ExitStatus {
        var document: ProfileDocument?
        if let profile {
            do {
                document = try ProfileStore(paths: ctx.paths).load(profile)
            } catch {
                ctx.console.showError(ctx.strings("error.profile_corrupt", ["detail": "\(error)"]) + "\n")
                return .configFile
            }
            guard document != nil else {
                let path = ctx.paths.profileFile(profile).path
                ctx.console.showError(ctx.strings("error.profile_missing", ["profile": profile, "path": path]) + "\n")
                return .configFile
            }
        }
        let chosen = environment ?? document?.environment.flatMap(PlatformEnvironment.init(userInput:))
        let steps = ctx.library.setupSteps
        var answers: [String: String] = [:]
        for key in ProfileDocument.keys where !ProfileDocument.secretKeys.contains(key) {
            if let value = document?[key] { answers[key] = value }
        }
        var text = SetupChecklist(
            strings: ctx.strings, format: format, environment: chosen, width: ctx.console.width, answers: answers
        ).render(steps)
        if let document, let profile {
            let screen = SetupScreen(strings: ctx.strings, style: TerminalStyle(enabled: false), decorated: false)
            text += "\n" + screen.recap(document, steps: steps, environment: chosen ?? .sandbox, profile: profile)
        }
        ctx.console.show(text)
        return .ok
    }
}

/// The rendering of the steps as a checklist with boxes to tick.
struct SetupChecklist {
    var strings: Strings
    var format: ChecklistFlow.Format
    var environment: PlatformEnvironment?
    var width = 80
    /// The profile's answers, when the checklist is for one profile; placeholders describe the others.
    var answers: [String: String] = [:]

    var language: Language { strings.language }
    private var markdown: Bool { format == .md }

    func render(_ steps: SetupSteps) -> String {
        let title = strings("checklist.title")
        let scope =
            environment.map { strings("checklist.scope.one", ["environment": strings("environment.\($0.rawValue)")]) }
            ?? strings("checklist.scope.both")
        var lines = markdown ? ["# " + title, ""] : [title, String(repeating: "=", count: title.count), ""]
        lines += paragraph(scope + " " + strings("checklist.intro"), indent: "")
        for step in steps.steps {
            if lines.last != "" { lines.append("") }
            lines += section(step)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func section(_ step: SetupStep) -> [String] {
        let heading = "\(step.number). " + step.title.text(language)
        var lines = markdown ? ["## " + heading, ""] : ["[ ] " + heading]
        let indent = markdown ? "" : "    "
        lines += labelled("wizard.label.why", step.why.text(language), indent)
        if let place = step.where {
            var text = place.portal.text(language) + " · " + fill(place.menu.text(language))
            if let url = place.url(for: environment) {
                text += " · " + link(url)
            } else if environment == nil, let urls = place.url {
                text +=
                    " · "
                    + urls.sorted { $0.key > $1.key }.map { "\(link($0.value)) (\($0.key))" }.joined(separator: " · ")
            }
            if let documentation = place.link {
                text += " · " + strings("wizard.label.link") + " " + link(documentation)
            }
            lines += labelled("wizard.label.where", text, indent)
        }
        lines += labelled("wizard.label.do", "", indent)
        for (index, action) in step.actions(for: environment).enumerated() {
            let tag = environment == nil && action.only != nil ? "(\(action.only!.rawValue)) " : ""
            let box = markdown ? "- [ ] " : indent + "[ ] "
            lines += TextWrap.wrap(
                "\(index + 1). " + tag + fill(action.text.text(language)), width: width, first: box,
                rest: String(repeating: " ", count: box.count + 3))
        }
        if markdown { lines.append("") }
        var copy = step.copy.text(language)
        let keys = (step.fields ?? []).map(\.key)
        if !keys.isEmpty {
            copy +=
                " "
                + strings(
                    "checklist.profile_keys", ["keys": keys.map { markdown ? "`\($0)`" : $0 }.joined(separator: ", ")])
        }
        lines += labelled("wizard.label.copy", copy, indent)
        lines += labelled("wizard.label.verify", step.verify.text(language), indent)
        return lines
    }

    private func labelled(_ key: String, _ text: String, _ indent: String) -> [String] {
        let label = markdown ? "**\(strings(key))**" : strings(key)
        let body = paragraph(text.isEmpty ? label : label + " " + text, indent: indent)
        return markdown ? body + [""] : body
    }

    private func paragraph(_ text: String, indent: String) -> [String] {
        TextWrap.wrap(text, width: width, first: indent, rest: indent + (markdown ? "" : "  "))
    }

    private func link(_ url: String) -> String { markdown ? "<\(url)>" : url }

    /// Each placeholder becomes the profile's answer, or what it stands for.
    private func fill(_ text: String) -> String {
        SetupScreen.fill(text, answers: answers, strings: strings)
    }
}
