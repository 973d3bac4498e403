import ArgumentParser
import ChorusDoctorKit
import Foundation

@main
struct ChorusDoctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chorus-doctor",
        abstract: HelpText["help.root.abstract"],
        discussion: HelpText["help.root.discussion"],
        version: ToolVersion.current,
        subcommands: [
            CheckCommand.self, DemoCommand.self, SimCommand.self, ProfileCommand.self,
            ReportCommand.self, BundleCommand.self,
            LookupCommand.self, FlowCommand.self, ExplainCommand.self, DatasetCommand.self,
            SetupCommand.self, ChecklistCommand.self, InvoiceCommand.self,
        ]
    )

    /// Like argument-parser's, but a usage error exits with 2 (the documented code), not 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.usage.rawValue)
        }
    }
}
