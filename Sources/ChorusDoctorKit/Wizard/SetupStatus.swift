import Foundation

extension SetupFlow {
    /// `chorus-doctor setup status`: the checklist of one setup (or of every setup) with each step's state.
    /// A corrupt progress file is reported (exit 3) and left where it is.
    public static func status(_ ctx: DoctorContext, profile: String?) -> ExitStatus {
        let steps = ctx.library.setupSteps
        let store = SetupProgressStore(paths: ctx.paths)
        var shown: [SetupProgress]
        if let profile {
            if case .failure(let problem) = FieldValidation.profileName(profile) {
                ctx.console.showError(ctx.strings(problem.key, problem.values) + "\n")
                return .usage
            }
            do {
                guard let progress = try store.load(profile) else {
                    ctx.console.show(ctx.strings("wizard.status.none", ["profile": profile]) + "\n")
                    return .ok
                }
                shown = [progress]
            } catch {
                ctx.console.showError(
                    ctx.strings(
                        "wizard.status.corrupt", ["path": error.path, "reason": error.reason.worded(ctx.strings)])
                        + "\n")
                return .configFile
            }
        } else {
            let read = store.readAll()
            shown = read.progresses
            for error in read.corrupt {
                ctx.console.showError(
                    ctx.strings(
                        "wizard.status.corrupt", ["path": error.path, "reason": error.reason.worded(ctx.strings)])
                        + "\n")
            }
            if shown.isEmpty && !read.corrupt.isEmpty { return .configFile }
            if shown.isEmpty {
                ctx.console.show(ctx.strings("wizard.status.none_at_all") + "\n")
                return .ok
            }
        }
        let text = shown.map { SetupStatusText(strings: ctx.strings, style: ctx.style).render($0, steps: steps) }
        ctx.console.show(text.joined(separator: "\n"))
        return .ok
    }
}

/// One setup's checklist: a line per step with its state, the waiting note and the probe's verdict.
struct SetupStatusText {
    var strings: Strings
    var style: TerminalStyle

    func render(_ progress: SetupProgress, steps: SetupSteps) -> String {
        let environment = progress.environment.map { strings("environment.\($0)") } ?? "?"
        var lines = [
            style.bold(strings("wizard.status.heading", ["profile": progress.profile, "environment": environment])),
            style.dim(
                strings(
                    "wizard.status.dates",
                    [
                        "started": CalendarDay.format(progress.startedAt),
                        "updated": CalendarDay.format(progress.updatedAt),
                    ])),
        ]
        let marks = [StepStatus.done, .skipped, .waiting, .pending].map { strings("wizard.status.mark.\($0.rawValue)") }
        let markWidth = marks.map(\.count).max() ?? 6
        let titleWidth = steps.steps.map { $0.title.text(strings.language).count }.max() ?? 30
        for step in steps.steps {
            let record = progress.record(step.id)
            let mark = strings("wizard.status.mark.\(record.status.rawValue)").padding(
                toLength: markWidth, withPad: " ", startingAt: 0)
            let title = step.title.text(strings.language).padding(toLength: titleWidth, withPad: " ", startingAt: 0)
            let line = "  \(colour(record.status, mark)) \(String(step.number).leftPadded(to: 2)). \(title)"
            lines.append((line + "  " + detail(record)).trimmingTrailingSpaces())
            // The test invoice's flow number on a line of its own: a 26-character number does not fit beside the title.
            if let flow = record.flow {
                lines.append("      " + style.dim(strings("wizard.status.flow", ["number": flow])))
            }
        }
        let complete = progress.isComplete(steps)
        lines.append(
            strings(complete ? "wizard.status.complete" : "wizard.status.resume", ["profile": progress.profile]))
        return lines.joined(separator: "\n") + "\n"
    }

    private func detail(_ record: StepRecord) -> String {
        if record.status == .waiting {
            let since = record.since.map(CalendarDay.format) ?? "?"
            return style.yellow(strings("wizard.status.waiting_detail", ["note": record.note ?? "", "since": since]))
        }
        switch record.probe {
        case "pass": return style.dim(strings("wizard.status.probe_pass"))
        case "fail": return style.red(strings("wizard.status.probe_fail"))
        case "not_applicable": return style.dim(strings("wizard.status.not_applicable"))
        default: return ""
        }
    }

    private func colour(_ status: StepStatus, _ text: String) -> String {
        switch status {
        case .done: style.green(text)
        case .waiting: style.yellow(text)
        case .skipped, .pending: style.dim(text)
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
