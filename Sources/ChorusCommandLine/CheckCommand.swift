import ArgumentParser
import ChorusDoctorKit
import Foundation

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: HelpText["help.check.abstract"],
        discussion: HelpText.discussion("help.check.discussion"))

    @OptionGroup var common: CommonOptions
    @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.profile"]))
    var profile = ProfileChoice.initial
    @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.json"])) var json = false
    @Flag(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.verbose"])) var verbose = false
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.check_timeout"])) var timeout: Int = 30
    @Option(name: .customLong("ca-bundle"), help: ArgumentHelp(HelpText["help.option.ca_bundle"])) var caBundle: String?
    @Flag(name: .customLong("no-save"), help: ArgumentHelp(HelpText["help.option.no_save"])) var noSave = false
    @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.all"])) var all = false
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.profiles"], valueName: "a,b,c"))
    var profiles: String?
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.jobs"])) var jobs = 8
    @Option(
        name: .long, help: ArgumentHelp(HelpText["help.option.format_check"], valueName: "text|json|nagios|prometheus"))
    var format: String?

    /// `--format`, with `--json` the same as `--format json`.
    var outputFormat: CheckOutputFormat { format.flatMap(CheckOutputFormat.init(rawValue:)) ?? (json ? .json : .text) }

    func validate() throws {
        guard (1...600).contains(timeout) else { throw ValidationError("--timeout: 1…600") }
        guard !(all && profiles != nil) else { throw ValidationError(HelpText["fleet.usage"]) }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs: 1…64") }
        if let format, CheckOutputFormat(rawValue: format) == nil {
            throw ValidationError(
                "--format '\(format)': " + CheckOutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() async throws {
        let ctx = try common.context()
        let format = outputFormat
        let monitored = format == .nagios || format == .prometheus
        if all || profiles != nil || monitored {
            var names = profiles.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            if !all && profiles == nil { names = [profile] }
            let fleet = FleetFlow.Options(
                profiles: names?.filter { !$0.isEmpty }, jobs: jobs, json: format == .json, format: format,
                timeout: .seconds(timeout),
                caBundle: caBundle, save: !noSave)
            let status = await FleetFlow.execute(ctx, options: fleet)
            if status != .ok { throw status.exitCode }
            return
        }
        let options = CheckFlow.Options(
            profile: profile, json: format == .json, verbose: verbose, timeout: .seconds(timeout), caBundle: caBundle,
            save: !noSave)
        let status = await CheckFlow.execute(ctx, options: options)
        if status != .ok { throw status.exitCode }
    }
}
