import ArgumentParser
import ChorusDoctorKit

struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: HelpText["help.bundle.abstract"],
        discussion: HelpText.discussion("help.bundle.discussion"))

    @OptionGroup var common: CommonOptions
    @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.report.option.profile"]))
    var profile = ProfileChoice.initial
    @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.bundle.option.output"], valueName: "file"))
    var output: String?
    @Option(name: .long, help: ArgumentHelp(HelpText["help.bundle.option.format"], valueName: "zip|tar.gz"))
    var format: String?
    @Flag(name: .long, help: ArgumentHelp(HelpText["help.bundle.option.preview"])) var preview = false
    @Option(name: .long, help: ArgumentHelp(HelpText["help.bundle.option.runs"])) var runs = 10
    @Option(
        name: .customLong("ticket-lang"),
        help: ArgumentHelp(HelpText["help.report.option.ticket_lang"], valueName: "fr|en"))
    var ticketLang = "fr"
    @Flag(name: .customLong("run"), help: ArgumentHelp(HelpText["help.report.option.run"])) var runFirst = false
    @Option(name: .long, help: ArgumentHelp(HelpText["help.report.option.timeout"])) var timeout: Int = 15

    func validate() throws {
        if let format, ArchiveKind(option: format) == nil {
            throw ValidationError(HelpText["help.bundle.option.format"])
        }
        if let format, let output, let named = ArchiveKind(fileName: output), named != ArchiveKind(option: format) {
            throw ValidationError(HelpText["help.bundle.option.format"])
        }
        guard Language(code: ticketLang) != nil else {
            throw ValidationError(HelpText["help.report.option.ticket_lang"])
        }
        guard (1...50).contains(runs) else { throw ValidationError("--runs: 1…50") }
        guard (1...600).contains(timeout) else { throw ValidationError("--timeout: 1…600") }
    }

    func run() async throws {
        let ctx = try common.context()
        let options = BundleFlow.Options(
            profile: profile, output: output, archive: format.flatMap(ArchiveKind.init(option:)), preview: preview,
            runCount: runs, ticketLanguage: Language(code: ticketLang)!, runFirst: runFirst, timeout: .seconds(timeout))
        let status = await BundleFlow.execute(ctx, options: options)
        if status != .ok { throw status.exitCode }
    }
}
