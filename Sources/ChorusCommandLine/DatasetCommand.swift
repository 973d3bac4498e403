import ArgumentParser
import ChorusDoctorKit

struct DatasetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset", abstract: HelpText["help.dataset.abstract"],
        discussion: HelpText.discussion("help.dataset.discussion"), subcommands: [Import.self, List.self, Use.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: HelpText["help.dataset.import.abstract"])
        @OptionGroup var common: CommonOptions
        @Argument(help: ArgumentHelp(HelpText["help.option.dataset_file"], valueName: "file.csv")) var file: String
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.dataset_name"], valueName: "name"))
        var name = "qualification"

        func run() async throws {
            let status = DatasetFlow.importFile(try common.context(), path: file, name: name)
            if status != .ok { throw status.exitCode }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: HelpText["help.dataset.list.abstract"])
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.dataset"], valueName: "name")) var name: String?
        @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.json"])) var json = false

        func run() async throws {
            let status = DatasetFlow.list(try common.context(), name: name, json: json)
            if status != .ok { throw status.exitCode }
        }
    }

    struct Use: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "use", abstract: HelpText["help.dataset.use.abstract"])
        @OptionGroup var common: CommonOptions
        @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.profile"])) var profile = ProfileChoice
            .initial
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.dataset"], valueName: "name")) var name: String?
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.entity"], valueName: "entity"))
        var entity = "supplier"

        func run() async throws {
            let status = DatasetFlow.use(try common.context(), profile: profile, dataset: name, entity: entity)
            if status != .ok { throw status.exitCode }
        }
    }
}
