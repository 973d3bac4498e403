import ArgumentParser
import ChorusDoctorKit

struct DepositCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow", abstract: HelpText["help.flow.abstract"],
        discussion: HelpText.discussion("help.flow.discussion"),
        subcommands: [Status.self, Watch.self])

    /// Options both subcommands share.
    struct DepositOptions: ParsableArguments {
        @Argument(help: ArgumentHelp(HelpText["help.option.flow_number"], valueName: "numeroFluxDepot")) var number:
            String
        @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.profile"])) var profile = ProfileChoice
            .initial
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.syntax"], valueName: "syntaxeFlux")) var syntax:
            String?
        @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.json"])) var json = false
        @Flag(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.verbose"])) var verbose = false
        // `--timeout` means the same in every command: seconds for each HTTP call (`--request-timeout` still read).
        @Option(
            name: [.customLong("timeout"), .customLong("request-timeout")],
            help: ArgumentHelp(HelpText["help.option.request_timeout"]))
        var requestTimeout: Int = 15
        @Option(name: .customLong("ca-bundle"), help: ArgumentHelp(HelpText["help.option.ca_bundle"])) var caBundle:
            String?

        func validate() throws {
            guard (1...600).contains(requestTimeout) else { throw ValidationError("--timeout: 1…600") }
        }

        func options() -> DepositStatusFlow.Options {
            DepositStatusFlow.Options(
                profile: profile, number: number, syntax: syntax, json: json, verbose: verbose,
                requestTimeout: .seconds(requestTimeout), caBundle: caBundle)
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: HelpText["help.flow.status.abstract"])
        @OptionGroup var common: CommonOptions
        @OptionGroup var flow: DepositOptions

        func run() async throws {
            let status = await DepositStatusFlow.status(try common.context(), options: flow.options())
            if status != .ok { throw status.exitCode }
        }
    }

    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch", abstract: HelpText["help.flow.watch.abstract"],
            discussion: HelpText.discussion("help.flow.watch.discussion"))
        @OptionGroup var common: CommonOptions
        @OptionGroup var flow: DepositOptions
        @Option(
            name: .customLong("for"), help: ArgumentHelp(HelpText["help.option.watch_timeout"], valueName: "seconds"))
        var duration: Double = 900
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.interval"])) var interval: Double = 5
        @Option(name: .customLong("max-interval"), help: ArgumentHelp(HelpText["help.option.max_interval"]))
        var maxInterval: Double = 60

        func validate() throws {
            guard (1...86_400).contains(duration) else { throw ValidationError("--for: 1…86400") }
            guard interval >= 0.1, maxInterval >= interval, maxInterval <= 3600 else {
                throw ValidationError("--interval ≥ 0.1, --interval ≤ --max-interval ≤ 3600")
            }
        }

        func run() async throws {
            var options = flow.options()
            options.timeout = .milliseconds(Int(duration * 1000))
            options.interval = .milliseconds(Int(interval * 1000))
            options.maximumInterval = .milliseconds(Int(maxInterval * 1000))
            let status = await DepositStatusFlow.watch(try common.context(), options: options)
            if status != .ok { throw status.exitCode }
        }
    }
}
