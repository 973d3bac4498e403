import ArgumentParser
import ChorusCommandLine
import ChorusDemo
import ChorusDoctorKit
import ChorusSimulator
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `chorus-doctor-sim`: the simulator's server, in a program of its own so that the tool's start-up never loads its
/// stack (NIO, Hummingbird). `chorus-doctor sim` becomes this program with its arguments; `chorus-doctor demo` starts
/// it with `--for-demo`. Its options are `sim`'s, parsed the same way.
@main
struct SimulatorMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chorus-doctor-sim", abstract: HelpText["help.sim.abstract"], version: ToolVersion.current)

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: SimOptions
    /// For `demo`: one `DemoHandshake` line on standard output instead of the listing, and serve until standard
    /// input ends (the demo closing it, or ending in any way) or SIGTERM. Ctrl-C is the demo's to handle.
    @Flag(name: .customLong("for-demo"), help: .private) var forDemo = false

    static func main() async {
        await CommandLineEntry.main(Self.self, LeadingLanguage.moved(Array(CommandLine.arguments.dropFirst())))
    }

    func run() async throws {
        // `chorus-doctor sim` already said what the password expiry needs saying.
        let ctx = try common.context(announcingExpiry: false)
        if options.answeredList(ctx) { return }
        if forDemo {
            try await serveForDemo(ctx)
        } else {
            try await SimServing.run(ctx, options)
        }
    }

    func serveForDemo(_ ctx: DoctorContext) async throws {
        let variants = try VariantList.parse(options.variant)
        let scenario = Scenario(rawValue: options.scenario)!
        let simulator: RunningSimulator
        do {
            simulator = try await Simulator.start(
                scenario: scenario, variants: variants, host: options.host, port: options.port)
        } catch {
            ctx.console.showError(ctx.strings("error.simulator_start", ["detail": "\(error)"]) + "\n")
            throw ExitStatus.failure.exitCode
        }
        FileHandle.standardOutput.write(Data(DemoHandshake(credentials: simulator.demoCredentials()).line.utf8))
        await Interruption.wait(for: [SIGTERM], orEndOfInput: true)
        await simulator.stop()
    }
}
