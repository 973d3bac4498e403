import ArgumentParser
import ChorusDoctorKit

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: HelpText["help.check.abstract"], discussion: HelpText["help.check.discussion"])

    @OptionGroup var common: CommonOptions
    @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.profile"]))
    var profile = "default"
    @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.json"])) var json = false
    @Flag(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.verbose"])) var verbose = false
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.timeout"])) var timeout: Int = 15
    @Option(name: .customLong("ca-bundle"), help: ArgumentHelp(HelpText["help.option.ca_bundle"])) var caBundle: String?
    @Flag(name: .customLong("no-save"), help: ArgumentHelp(HelpText["help.option.no_save"])) var noSave = false

    func validate() throws {
        guard (1...600).contains(timeout) else { throw ValidationError("--timeout: 1…600") }
    }

    func run() async throws {
        let ctx = try common.context()
        let options = CheckFlow.Options(
            profile: profile, json: json, verbose: verbose, timeout: .seconds(timeout), caBundle: caBundle, save: !noSave)
        let status = await CheckFlow.execute(ctx, options: options)
        if status != .ok { throw status.exitCode }
    }
}
