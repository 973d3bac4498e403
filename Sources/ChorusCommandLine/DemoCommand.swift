import ArgumentParser
import ChorusDemo
import ChorusDoctorKit
import ChorusSimulatorCatalogue
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: HelpText["help.demo.abstract"])

    @OptionGroup var common: CommonOptions
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.scenario"], valueName: "name"))
    var scenario = Scenario.healthy.rawValue
    @Flag(name: .customLong("list-scenarios"), help: ArgumentHelp(HelpText["help.option.list_scenarios"]))
    var listScenarios = false
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.variant"], valueName: "name"))
    var variant: [String] = []
    @Flag(name: .customLong("list-variants"), help: ArgumentHelp(HelpText["help.option.list_variants"]))
    var listVariants = false
    @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.json"])) var json = false
    @Flag(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.verbose"])) var verbose = false
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.check_timeout"])) var timeout: Int = 3

    func validate() throws {
        try ScenarioList.validate(scenario)
        _ = try VariantList.parse(variant)
        guard (1...600).contains(timeout) else { throw ValidationError("--timeout: 1…600") }
    }

    func run() async throws {
        let ctx = try common.context()
        if listScenarios {
            ctx.console.show(ScenarioList.text(ctx.strings))
            return
        }
        if listVariants {
            ctx.console.show(VariantList.text(ctx.strings))
            return
        }
        let variants = try VariantList.parse(variant)
        let scenario = Scenario(rawValue: scenario)!
        // The simulator runs in a program of its own (chorus-doctor-sim): the check runs here, against it.
        let report = try await DemoSimulator.with(ctx, scenario: scenario, variants: variants) { credentials in
            if !json {
                ctx.console.show(ctx.style.dim(ctx.strings("demo.header", ["scenario": scenario.rawValue])) + "\n\n")
            }
            let profile = DemoProfile.resolve(credentials, name: "demo")
            let options = CheckFlow.Options(profile: "demo", json: json, verbose: verbose, timeout: .seconds(timeout))
            return await CheckFlow.runShowingProgress(ctx, profile: profile, options: options)
        }
        CheckFlow.persist(ctx, report)
        if !report.passed { throw ExitStatus.checkFailed.exitCode }
    }
}

package enum ScenarioList {
    /// A usage error naming every scenario when `name` is none of them.
    package static func validate(_ name: String) throws {
        guard Scenario(rawValue: name) == nil else { return }
        let list = Scenario.allCases.map(\.rawValue).joined(separator: ", ")
        throw ValidationError(HelpText.strings("error.unknown_scenario", ["name": name, "list": list]))
    }

    package static func text(_ strings: Strings) -> String {
        var text = strings("demo.scenarios") + "\n"
        for scenario in Scenario.allCases {
            text += "  " + scenario.rawValue.padding(toLength: 27, withPad: " ", startingAt: 0)
            text += strings("scenario.\(scenario.rawValue)") + "\n"
        }
        return text
    }
}
