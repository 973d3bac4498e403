import ArgumentParser
import ChorusDoctorKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: HelpText["help.explain.abstract"],
        discussion: HelpText.discussion("help.explain.discussion"))

    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp(HelpText["help.option.message"], valueName: "message")) var message: [String] = []
    @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.json"])) var json = false

    func run() async throws {
        let ctx = try common.context()
        var input = message.joined(separator: " ")
        if input.isEmpty || input == "-" {
            // Nothing to wait for on a terminal: say how to give the message instead of blocking.
            guard isatty(STDIN_FILENO) == 0 else {
                ctx.console.showError(ctx.strings("explain.empty") + "\n")
                throw ExitStatus.usage.exitCode
            }
            // Bounded read: a pasted log, not a stream.
            let data = FileHandle.standardInput.readData(ofLength: 1 << 20)
            input = String(decoding: data, as: UTF8.self)
        }
        let status = ExplainFlow.execute(ctx, input: input, options: .init(json: json))
        if status != .ok { throw status.exitCode }
    }
}
