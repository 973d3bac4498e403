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

/// `chorus-doctor sim`: the simulator served until Ctrl-C or SIGTERM, its values and dataset listed, the profile
/// saved when asked.
enum SimServing {
    static func run(_ ctx: DoctorContext, _ options: SimOptions) async throws {
        let variants = try VariantList.parse(options.variant)
        let scenario = Scenario(rawValue: options.scenario)!
        let (host, port, log) = (options.host, options.port, options.log)
        let simulator: RunningSimulator
        let credentials: DemoCredentials
        if let replay = options.replay {
            (simulator, credentials) = try await SimReplay.start(ctx, file: replay, host: host, port: port, log: log)
        } else {
            do {
                let kept = try options.state.map { path throws(SimulatorStateDirectory.Problem) in
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
        if let saveProfile = options.saveProfile {
            do {
                try ProfileStore(paths: ctx.paths).save(DemoProfile.document(credentials), as: saveProfile)
                ctx.console.show(ctx.strings("sim.profile_saved", ["profile": saveProfile]) + "\n")
            } catch {
                ctx.console.showError(
                    ctx.strings("error.profile_corrupt", ["detail": ctx.strings.detail(error)]) + "\n")
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

/// Waits for a signal that ends the simulator, or for the end of standard input.
enum Interruption {
    /// Waits for one of `signals` (which no longer end the process by default). With `orEndOfInput`, the end of
    /// standard input ends the wait too, and Ctrl-C is ignored: the program that started this one decides.
    static func wait(for signals: [Int32] = [SIGINT, SIGTERM], orEndOfInput: Bool = false) async {
        if orEndOfInput { signal(SIGINT, SIG_IGN) }
        for number in signals { signal(number, SIG_IGN) }
        let queue = DispatchQueue(label: "signals")
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumed = Once()
            for number in signals {
                Retained.sources.withLock { sources in
                    let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                    source.setEventHandler {
                        if resumed.claim() { continuation.resume() }
                    }
                    source.resume()
                    sources.append(source)
                }
            }
            guard orEndOfInput else { return }
            // The read blocks: on a thread of its own. A read error counts as the end.
            Thread {
                var buffer = [UInt8](repeating: 0, count: 512)
                while true {
                    let count = read(STDIN_FILENO, &buffer, buffer.count)
                    if count > 0 || (count < 0 && errno == EINTR) { continue }
                    break
                }
                if resumed.claim() { continuation.resume() }
            }.start()
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
