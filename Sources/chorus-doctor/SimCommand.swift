import ArgumentParser
import ChorusDemo
import ChorusDoctorKit
import ChorusSimulator
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sim", abstract: HelpText["help.sim.abstract"])

    @OptionGroup var common: CommonOptions
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.port"])) var port = 8787
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.host"])) var host = "127.0.0.1"
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.scenario"], valueName: "name"))
    var scenario = Scenario.healthy.rawValue
    @Flag(name: .customLong("list-scenarios"), help: ArgumentHelp(HelpText["help.option.list_scenarios"]))
    var listScenarios = false
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.variant"], valueName: "name"))
    var variant: [String] = []
    @Flag(name: .customLong("list-variants"), help: ArgumentHelp(HelpText["help.option.list_variants"]))
    var listVariants = false
    @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.log"])) var log = false
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.replay"], valueName: "file"))
    var replay: String?
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.sim_state"], valueName: "dir"))
    var state: String?
    @Option(
        name: .customLong("save-profile"), help: ArgumentHelp(HelpText["help.option.save_profile"], valueName: "name"))
    var saveProfile: String?

    func validate() throws {
        try ScenarioList.validate(scenario)
        _ = try VariantList.parse(variant)
        if let saveProfile, !ProfileStore.isValid(saveProfile) {
            throw ValidationError(HelpText.strings("validation.profile_name", ["value": saveProfile]))
        }
        if let state,
            state.isEmpty || state.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
            throw ValidationError(HelpText.strings("sim.state_invalid"))
        }
        if state != nil, replay != nil {
            throw ValidationError(HelpText.strings("sim.state_with_replay"))
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port: 0…65535") }
        guard ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.") else {
            throw ValidationError("--host: loopback only (127.0.0.1, ::1)")
        }
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
        let simulator: RunningSimulator
        let credentials: DemoCredentials
        if let replay {
            (simulator, credentials) = try await SimReplay.start(ctx, file: replay, host: host, port: port, log: log)
        } else {
            do {
                let kept = try state.map { path throws(SimulatorStateDirectory.Problem) in
                    try SimulatorStateDirectory(path: path)
                }
                simulator = try await Simulator.start(
                    scenario: scenario, variants: variants, host: host, port: port, logRequests: log, state: kept)
                if let kept {
                    ctx.console.show(
                        ctx.strings("sim.state_kept", ["path": kept.file.path]) + "\n")
                }
            } catch let problem as SimulatorStateDirectory.Problem {
                ctx.console.showError(SimStateMessage.text(problem, ctx.strings) + "\n")
                throw ExitStatus.failure.exitCode
            } catch {
                ctx.console.showError(ctx.strings("error.simulator_start", ["detail": "\(error)"]) + "\n")
                throw ExitStatus.failure.exitCode
            }
            // The scenario's values: where the fault lives in the configuration (token URL, API base, SIRET), the
            // values printed and the profile saved carry it, so that both show the scenario.
            credentials = simulator.demoCredentials(applyingDemoAdjustment: true)
            ctx.console.show(
                ctx.strings("sim.listening", ["url": simulator.baseURL.absoluteString, "scenario": scenario.rawValue])
                    + "\n")
            if !variants.isEmpty {
                ctx.console.show(
                    ctx.strings("sim.variants", ["list": PlatformBehaviours(variants).description]) + "\n")
            }
        }
        ctx.console.show(ctx.strings("sim.values") + "\n")
        let values: [(String, String)] = [
            ("token_url", credentials.tokenURL.absoluteString), ("api_base_url", credentials.apiBaseURL.absoluteString),
            ("client_id", credentials.clientID), ("client_secret", credentials.clientSecret),
            ("technical_login", credentials.technicalLogin), ("technical_password", credentials.technicalPassword),
            ("siret", credentials.siret), ("piste_application", credentials.pisteApplicationName),
            ("user_login", credentials.userLogin),
        ]
        for (key, value) in values {
            ctx.console.show("  \(key.padding(toLength: 20, withPad: " ", startingAt: 0)) \(value)\n")
        }
        ctx.console.show(SimDataset.text(simulator.world.dataset, strings: ctx.strings))
        if let saveProfile {
            do {
                try ProfileStore(paths: ctx.paths).save(DemoProfile.document(credentials), as: saveProfile)
                ctx.console.show(ctx.strings("sim.profile_saved", ["profile": saveProfile]) + "\n")
            } catch {
                ctx.console.showError(ctx.strings("error.profile_corrupt", ["detail": "\(error)"]) + "\n")
            }
        }
        await Interruption.wait()
        await simulator.stop()
        ctx.console.show(ctx.strings("sim.stopped") + "\n")
    }
}

/// Why `--state DIR` cannot be used, in the user's language.
enum SimStateMessage {
    static func text(_ problem: SimulatorStateDirectory.Problem, _ strings: Strings) -> String {
        switch problem {
        case .notADirectory(let path): strings("sim.state_not_directory", ["path": path])
        case .linkedFile(let path): strings("sim.state_linked", ["path": path])
        case .corrupt(let path, _): strings("sim.state_corrupt", ["path": path])
        case .unwritable(let path, let detail): strings("sim.state_unwritable", ["path": path, "detail": detail])
        }
    }
}

/// `sim --replay FILE`: the exchanges of a bundle or HAR file, served again.
enum SimReplay {
    static func start(_ ctx: DoctorContext, file: String, host: String, port: Int, log: Bool) async throws
        -> (RunningSimulator, DemoCredentials)
    {
        let recording: ReplayRecording
        do {
            recording = try ReplayRecording.load(URL(fileURLWithPath: file))
        } catch {
            ctx.console.showError(
                ctx.strings("replay.unreadable", ["source": file, "detail": error.description]) + "\n")
            throw ExitStatus.failure.exitCode
        }
        let simulator: RunningSimulator
        do {
            simulator = try await Simulator.replay(recording, host: host, port: port, logRequests: log)
        } catch {
            ctx.console.showError(ctx.strings("error.simulator_start", ["detail": "\(error)"]) + "\n")
            throw ExitStatus.failure.exitCode
        }
        ctx.console.show(
            ctx.strings(
                "replay.listening",
                ["count": String(recording.calls.count), "source": file, "url": simulator.baseURL.absoluteString])
                + "\n" + ctx.strings("replay.values") + "\n")
        return (simulator, recording.credentials(baseURL: simulator.baseURL))
    }
}

/// Waits for SIGINT or SIGTERM.
enum Interruption {
    static func wait() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "signals")
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumed = Once()
            for number in [SIGINT, SIGTERM] {
                Retained.sources.withLock { sources in
                    let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                    source.setEventHandler {
                        if resumed.claim() { continuation.resume() }
                    }
                    source.resume()
                    sources.append(source)
                }
            }
        }
    }

    /// True for the first caller only.
    final class Once: Sendable {
        private let done = Atomic(false)
        func claim() -> Bool { !done.exchange(true, ordering: .acquiringAndReleasing) }
    }

    /// The signal sources, kept alive for the life of the process.
    enum Retained {
        static let sources = Mutex<[any DispatchSourceSignal]>([])
    }
}
