import ArgumentParser
import ChorusDoctorKit

/// `chorus-doctor checklist [--format md|text] [--environment sandbox|production] [--profile NAME]`.
struct ChecklistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist", abstract: HelpText["help.checklist.abstract"])

    @OptionGroup var common: CommonOptions
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.format"], valueName: "md|text")) var format = "text"
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.environment"], valueName: "sandbox|production"))
    var environment: String?
    @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.checklist_profile"])) var profile: String?

    func validate() throws {
        guard ChecklistFlow.Format(rawValue: format) != nil else { throw ValidationError("--format: md, text") }
        if let environment, PlatformEnvironment(userInput: environment) == nil {
            throw ValidationError("--environment: sandbox, production")
        }
    }

    func run() async throws {
        let status = ChecklistFlow.execute(
            try common.context(), format: ChecklistFlow.Format(rawValue: format)!,
            environment: environment.flatMap(PlatformEnvironment.init(userInput:)),
            profile: profile ?? ProfileChoice.chosen)
        if status != .ok { throw status.exitCode }
    }
}
