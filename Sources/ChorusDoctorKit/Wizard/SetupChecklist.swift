import Foundation

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
