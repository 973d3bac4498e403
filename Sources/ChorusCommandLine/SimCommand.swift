import ArgumentParser
import ChorusDoctorKit
import ChorusSimulatorCatalogue
import Foundation

/// `sim`'s options. `chorus-doctor sim` parses them (its help, its usage errors) and then becomes
/// `chorus-doctor-sim`, which parses the same ones: the server stack lives in that program alone.
package struct SimOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.port"])) package var port = 8787
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.host"])) package var host = "127.0.0.1"
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.scenario"], valueName: "name"))
    package var scenario = Scenario.healthy.rawValue
    @Flag(name: .customLong("list-scenarios"), help: ArgumentHelp(HelpText["help.option.list_scenarios"]))
    package var listScenarios = false
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.variant"], valueName: "name"))
    package var variant: [String] = []
    @Flag(name: .customLong("list-variants"), help: ArgumentHelp(HelpText["help.option.list_variants"]))
    package var listVariants = false
    @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.log"])) package var log = false
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.replay"], valueName: "file"))
    package var replay: String?
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.sim_state"], valueName: "dir"))
    package var state: String?
    @Option(
        name: .customLong("save-profile"), help: ArgumentHelp(HelpText["help.option.save_profile"], valueName: "name"))
    package var saveProfile: String?

    package init() {}

    package func validate() throws {
        try ScenarioList.validate(scenario)
        _ = try VariantList.parse(variant)
        if let saveProfile, !ProfileStore.isValid(saveProfile) {
            throw ValidationError(HelpText.strings("validation.profile_name", ["value": saveProfile]))
        }
        if let state,
            state.isEmpty || state.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
            throw ValidationError(HelpText.strings("sim.state_invalid"))
        }
        if state != nil, replay != nil {
            throw ValidationError(HelpText.strings("sim.state_with_replay"))
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port: 0…65535") }
        guard ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.") else {
            throw ValidationError("--host: loopback only (127.0.0.1, ::1)")
        }
    }

    /// `--list-scenarios` and `--list-variants`, which need no server: true when one was answered.
    package func answeredList(_ ctx: DoctorContext) -> Bool {
        if listScenarios {
            ctx.console.show(ScenarioList.text(ctx.strings))
            return true
        }
        if listVariants {
            ctx.console.show(VariantList.text(ctx.strings))
            return true
        }
        return false
    }
}

struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sim", abstract: HelpText["help.sim.abstract"])

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: SimOptions

    func run() async throws {
        let ctx = try common.context()
        if options.answeredList(ctx) { return }
        // This process becomes chorus-doctor-sim, with the arguments given after `sim` (a `--lang` written before
        // `sim` was moved after it): same process, terminal, signals and exit status.
        let arguments = LeadingLanguage.moved(Array(CommandLine.arguments.dropFirst()))
        // (Only `--lang`, which moved, may come before a command: its name is the first word left.)
        let after = arguments.firstIndex(of: "sim").map { arguments.index(after: $0) } ?? arguments.endIndex
        try SimulatorProgram.become(ctx, arguments: Array(arguments[after...]))
    }
}
