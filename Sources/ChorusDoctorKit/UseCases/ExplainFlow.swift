import Foundation

/// `chorus-doctor explain "MESSAGE"` (or the message on standard input): what a rejection message, a Chorus Pro
/// return code or an HTTP error means, and how to fix it. Offline: nothing is sent anywhere.
///
/// Several lines on standard input (a pasted log) are explained line by line; a JSON answer pasted whole is one
/// message. `--json` prints:
///
/// ```
/// { "schema": "chorus-doctor.explain/1", "tool_version": "…", "language": "en",
///   "results": [ { "input": "…", "recognised": true,
///                  "diagnosis": { "id": "rejection.duplicate-number", "cause": "…", "fixes": ["…"], "link": null,
///                                 "candidates": [] },
///                  "found": { "http.status": "403", "code_retour": "20000", "libelle": "…", "api": "Structures" } } ] }
/// ```
///
/// `diagnosis` is absent when `recognised` is false. A flow state (`IN_REJETE`…) is explained from
/// `flow-states.yaml` (id `flow-state.<STATE>`). Exit status 0 when at least one message was recognised, 1 when none
/// was, 2 when there is no message at all.
public enum ExplainFlow {
    public static let schemaName = "chorus-doctor.explain/1"
    /// Lines of a pasted log looked at, at most.
    public static let maximumMessages = 200

    public struct Options: Sendable {
        public var json: Bool
        public init(json: Bool = false) { self.json = json }
    }

    /// The messages in `input`: the whole text when it is one line or one JSON document, else each distinct line.
    public static func messages(in input: String) -> [String] {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return [] }
        if AnswerFacts.json(Data(trimmed.utf8)) != nil { return [trimmed] }
        var seen = Set<String>()
        var lines: [String] = []
        for line in trimmed.split(whereSeparator: \.isNewline) {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, seen.insert(text).inserted else { continue }
            lines.append(text)
            if lines.count == maximumMessages { break }
        }
        return lines
    }

    public static func execute(_ ctx: DoctorContext, input: String, options: Options) -> ExitStatus {
        let messages = messages(in: input)
        guard !messages.isEmpty else {
            ctx.console.showError(ctx.strings("explain.empty") + "\n")
            return .usage
        }
        let explainer = ctx.library.explainer
        let states = ctx.library.depositStates
        var results = messages.map { message in
            let explained = explainer.explain(message: message, language: ctx.language)
            guard !explained.recognised else { return explained }
            return flowState(in: message, states: states, language: ctx.language, facts: explained) ?? explained
        }
        // In a pasted log, lines nothing recognises are noise: keep them only when nothing at all is recognised.
        if results.count > 1, results.contains(where: \.recognised) { results.removeAll { !$0.recognised } }
        if options.json {
            ctx.console.out(ExplainReport(language: ctx.language.rawValue, results: results).json() + "\n")
        } else {
            ctx.console.show(render(ctx, results, skipped: messages.count - results.count))
        }
        return results.contains(where: \.recognised) ? .ok : .checkFailed
    }

    /// A flow state named in the message (`IN_REJETE`, `IN_INTEGRE_PARTIEL`…), explained from
    /// `checklists/flow-states.yaml`, when no message rule knew it.
    static func flowState(in message: String, states: DepositStates, language: Language, facts: Explanation)
        -> Explanation?
    {
        let words = message.uppercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
        guard let code = words.first(where: { states.states[$0] != nil }), let state = states.states[code] else {
            return nil
        }
        let diagnosis = Diagnosis(
            id: "flow-state.\(code)", cause: code + " · " + state.meaning.text(language),
            fixes: [state.action.text(language)], link: nil)
        var found = facts.found
        found["flow.state"] = code
        return Explanation(input: facts.input, diagnosis: diagnosis, facts: found)
    }

    static func render(_ ctx: DoctorContext, _ results: [Explanation], skipped: Int) -> String {
        let renderer = CheckTextRenderer(strings: ctx.strings, style: ctx.style, verbose: false)
        var lines: [String] = []
        for (index, result) in results.enumerated() {
            if index > 0 { lines.append("") }
            let quoted = result.input.count > 160 ? String(result.input.prefix(157)) + "…" : result.input
            lines.append(ctx.style.dim("« \(quoted) »"))
            guard let diagnosis = result.diagnosis else {
                lines.append(ctx.style.yellow(ctx.style.bold(ctx.strings("explain.unknown"))))
                lines += ["explain.unknown.step1", "explain.unknown.step2", "explain.unknown.step3"].enumerated().map {
                    "  \($0.offset + 1). " + ctx.strings($0.element)
                }
                continue
            }
            lines.append(ctx.style.bold(ctx.strings("explain.recognised", ["id": diagnosis.id])))
            lines += renderer.render(diagnosis)
        }
        if skipped > 0 { lines += ["", ctx.style.dim(ctx.strings("explain.skipped", ["count": String(skipped)]))] }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// What `explain --json` prints (see `ExplainFlow`).
public struct ExplainReport: Sendable, Codable {
    public var schema = ExplainFlow.schemaName
    public var toolVersion = ToolVersion.current
    public var language: String
    public var results: [Explanation]

    public init(language: String, results: [Explanation]) {
        self.language = language
        self.results = results
    }

    public func json() -> String {
        let encoder = CheckReport.encoder()
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
