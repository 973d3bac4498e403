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
                ctx.console.showError(
                    ctx.strings("error.profile_corrupt", ["detail": ctx.strings.detail(error)]) + "\n")
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
