import ArgumentParser
import ChorusDoctorKit

@main
struct ChorusDoctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chorus-doctor",
        abstract: HelpText["help.root.abstract"],
        discussion: HelpText["help.root.discussion"],
        version: ToolVersion.current,
        subcommands: [CheckCommand.self, DemoCommand.self, SimCommand.self, ProfileCommand.self]
    )
}
