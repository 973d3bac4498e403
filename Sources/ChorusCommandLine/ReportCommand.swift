import ArgumentParser
import ChorusDoctorKit

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: HelpText["help.report.abstract"],
        discussion: HelpText.discussion("help.report.discussion"))

    @OptionGroup var common: CommonOptions
    @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.report.option.profile"]))
    var profile = ProfileChoice.initial
    @Option(name: .long, help: ArgumentHelp(HelpText["help.report.option.format"], valueName: "md|text|json"))
    var format = "md"
    @Option(
        name: .customLong("ticket-lang"),
        help: ArgumentHelp(HelpText["help.report.option.ticket_lang"], valueName: "fr|en"))
    var ticketLang = "fr"
    @Flag(name: .customLong("run"), help: ArgumentHelp(HelpText["help.report.option.run"])) var runFirst = false
    @Option(name: .long, help: ArgumentHelp(HelpText["help.report.option.timeout"])) var timeout: Int = 15

    func validate() throws {
        guard ReportFormat(option: format) != nil else { throw ValidationError(HelpText["help.report.option.format"]) }
        guard Language(code: ticketLang) != nil else {
            throw ValidationError(HelpText["help.report.option.ticket_lang"])
        }
        guard (1...600).contains(timeout) else { throw ValidationError("--timeout: 1…600") }
    }

    func run() async throws {
        let ctx = try common.context()
        let options = ReportFlow.Options(
            profile: profile, format: ReportFormat(option: format)!, ticketLanguage: Language(code: ticketLang)!,
            runFirst: runFirst, timeout: .seconds(timeout))
        let status = await ReportFlow.execute(ctx, options: options)
        if status != .ok { throw status.exitCode }
    }
}
