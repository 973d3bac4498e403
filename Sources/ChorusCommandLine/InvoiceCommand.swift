import ArgumentParser
import ChorusDoctorKit
import Foundation

struct InvoiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoice", abstract: HelpText["help.invoice.abstract"],
        discussion: HelpText["help.invoice.discussion"], subcommands: [Sample.self, Analyze.self, Send.self])

    /// Options every invoice subcommand shares.
    struct InvoiceOptions: ParsableArguments {
        @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.profile"])) var profile = "default"
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.invoice_syntax"], valueName: "syntax"))
        var syntax: String?
        @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.json"])) var json = false
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
    }

    struct Sample: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample", abstract: HelpText["help.invoice.sample.abstract"])
        @OptionGroup var common: CommonOptions
        @OptionGroup var invoice: InvoiceOptions
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.to"], valueName: "siret")) var to: String?
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.entity"], valueName: "entity")) var entity:
            String?
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.dataset"], valueName: "name")) var dataset:
            String?
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.invoice_service"], valueName: "code"))
        var service: String?
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.ej"], valueName: "number")) var ej: String?
        @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.output"], valueName: "file"))
        var output: String?
        @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.offline"])) var offline = false

        func run() async throws {
            var options = InvoiceSampleFlow.Options()
            options.profile = invoice.profile
            options.to = to
            options.entity = entity
            options.dataset = dataset
            options.service = service
            options.commitment = ej
            options.syntax = invoice.syntax
            options.output = output
            options.offline = offline
            options.json = invoice.json
            options.timeout = .seconds(invoice.requestTimeout)
            options.caBundle = invoice.caBundle
            let status = await InvoiceSampleFlow.execute(try common.context(), options: options)
            if status != .ok { throw status.exitCode }
        }
    }

    struct Analyze: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analyze", abstract: HelpText["help.invoice.analyze.abstract"])
        @OptionGroup var common: CommonOptions
        @OptionGroup var invoice: InvoiceOptions
        @Argument(help: ArgumentHelp(HelpText["help.option.invoice_file"], valueName: "file")) var file: String
        @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.offline"])) var offline = false
        @Flag(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.verbose"])) var verbose = false

        func run() async throws {
            let options = InvoiceAnalyzeFlow.Options(
                path: file, syntax: invoice.syntax, profile: invoice.profile, offline: offline, json: invoice.json,
                verbose: verbose, timeout: .seconds(invoice.requestTimeout), caBundle: invoice.caBundle)
            let status = await InvoiceAnalyzeFlow.execute(try common.context(), options: options)
            if status != .ok { throw status.exitCode }
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send", abstract: HelpText["help.invoice.send.abstract"])
        @OptionGroup var common: CommonOptions
        @OptionGroup var invoice: InvoiceOptions
        @Argument(help: ArgumentHelp(HelpText["help.option.invoice_file"], valueName: "file")) var file: String
        @Flag(name: .customLong("no-analyze"), help: ArgumentHelp(HelpText["help.option.no_analyze"]))
        var noAnalyze = false
        @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.production"])) var production = false
        @Flag(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.verbose"])) var verbose = false
        // As `flow watch`: `--for` is the whole time the flow is followed, `--timeout` each call's limit.
        @Option(
            name: .customLong("for"), help: ArgumentHelp(HelpText["help.option.watch_timeout"], valueName: "seconds"))
        var duration: Double = 900
        @Option(name: .long, help: ArgumentHelp(HelpText["help.option.interval"])) var interval: Double = 2
        @Option(name: .customLong("max-interval"), help: ArgumentHelp(HelpText["help.option.max_interval"]))
        var maxInterval: Double = 60

        func validate() throws {
            guard (1...86_400).contains(duration) else { throw ValidationError("--for: 1…86400") }
            guard interval >= 0.1, maxInterval >= interval, maxInterval <= 3600 else {
                throw ValidationError("--interval ≥ 0.1, --interval ≤ --max-interval ≤ 3600")
            }
        }

        func run() async throws {
            var options = InvoiceSendFlow.Options(path: file)
            options.syntax = invoice.syntax
            options.profile = invoice.profile
            options.analyze = !noAnalyze
            options.production = production
            options.json = invoice.json
            options.verbose = verbose
            options.requestTimeout = .seconds(invoice.requestTimeout)
            options.caBundle = invoice.caBundle
            options.timeout = .milliseconds(Int(duration * 1000))
            options.interval = .milliseconds(Int(interval * 1000))
            options.maximumInterval = .milliseconds(Int(maxInterval * 1000))
            if isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 {
                options.confirm = { prompt in
                    FileHandle.standardError.write(Data(prompt.utf8))
                    return readLine(strippingNewline: true)
                }
            }
            let status = await InvoiceSendFlow.execute(try common.context(), options: options)
            if status != .ok { throw status.exitCode }
        }
    }
}
