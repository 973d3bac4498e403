import ArgumentParser
import ChorusDoctorKit

/// `chorus-doctor setup [run] [--profile NAME] [--non-interactive]` and `chorus-doctor setup status`.
struct SetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup", abstract: HelpText["help.setup.abstract"],
        discussion: HelpText.discussion("help.setup.discussion"),
        subcommands: [Run.self, Status.self], defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: HelpText["help.setup.run.abstract"])

        @OptionGroup var common: CommonOptions
        @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.setup_profile"])) var profile: String?
        @Flag(name: .customLong("non-interactive"), help: ArgumentHelp(HelpText["help.option.non_interactive"]))
        var nonInteractive = false
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.timeout"])) var timeout: Int = 15
        @Flag(name: .customLong("send-test-invoice"), help: ArgumentHelp(HelpText["help.option.send_test_invoice"]))
        var sendTestInvoice = false
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.test_invoice_to"], valueName: "siret"))
        var to: String?

        func validate() throws {
            guard (1...600).contains(timeout) else { throw ValidationError("--timeout: 1…600") }
            if !nonInteractive, sendTestInvoice || to != nil {
                throw ValidationError("--send-test-invoice, --to: with --non-interactive")
            }
            if to != nil, !sendTestInvoice { throw ValidationError("--to: with --send-test-invoice") }
        }

        func run() async throws {
            let ctx = try common.context()
            let options = SetupFlow.Options(
                profile: profile ?? ProfileChoice.chosen, timeout: .seconds(timeout), handleSignals: true,
                sendTestInvoice: sendTestInvoice, testInvoiceTo: to)
            let status =
                nonInteractive
                ? await SetupFlow.executeNonInteractive(ctx, options: options)
                : await SetupFlow.execute(ctx, reader: LineReaders.standard(ctx), options: options)
            if status != .ok { throw status.exitCode }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: HelpText["help.setup.status.abstract"])

        @OptionGroup var common: CommonOptions
        @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.status_profile"])) var profile: String?

        func run() async throws {
            let status = SetupFlow.status(try common.context(), profile: profile ?? ProfileChoice.chosen)
            if status != .ok { throw status.exitCode }
        }
    }
}
