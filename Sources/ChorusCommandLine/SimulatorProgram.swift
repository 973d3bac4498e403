import ArgumentParser
import ChorusDemo
import ChorusDoctorKit
import ChorusSimulatorCatalogue
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `chorus-doctor-sim`, the simulator's program: the server stack (NIO, Hummingbird) lives in it alone, so that no
/// command of the tool loads it at start-up. `sim` becomes it; `demo` starts it and checks against it.
package enum SimulatorProgram {
    package static let name = "chorus-doctor-sim"
    /// Where to find it when it is not beside the tool.
    package static let environmentKey = "CHORUS_DOCTOR_SIM"

    /// Why the program cannot be run.
    package enum Missing: Error, Equatable {
        /// `CHORUS_DOCTOR_SIM` names something that is not an executable file.
        case namedByEnvironment(String)
        /// Not beside the tool, which is at this path.
        case notBeside(String)
    }

    /// `CHORUS_DOCTOR_SIM` when set, else `chorus-doctor-sim` in the tool's own folder (links resolved).
    package static func locate(environment: [String: String], executable: URL?) -> Result<String, Missing> {
        if let named = environment[environmentKey], !named.isEmpty {
            return isExecutableFile(named) ? .success(named) : .failure(.namedByEnvironment(named))
        }
        let tool = (executable ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        let beside = tool.deletingLastPathComponent().appendingPathComponent(name).path
        return isExecutableFile(beside) ? .success(beside) : .failure(.notBeside(beside))
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && access(path, X_OK) == 0
    }

    /// The program's path, or the reason on standard error and `failure`.
    static func path(_ ctx: DoctorContext) throws -> String {
        switch locate(environment: ctx.environment, executable: Bundle.main.executableURL) {
        case .success(let path): return path
        case .failure(.namedByEnvironment(let named)):
            ctx.console.showError(ctx.strings("sim.program_named_wrong", ["path": named]) + "\n")
        case .failure(.notBeside(let expected)):
            ctx.console.showError(ctx.strings("sim.program_missing", ["path": expected]) + "\n")
        }
        throw ExitStatus.failure.exitCode
    }

    /// Replaces this process with `chorus-doctor-sim ARGUMENTS` (same pid, terminal, environment and exit status).
    static func become(_ ctx: DoctorContext, arguments: [String]) throws -> Never {
        let path = try path(ctx)
        fflush(nil)
        // What this process changed for itself is not the simulator's: it starts with every signal delivered and
        // handled by default (it sets up its own), whichever thread of the pool runs this.
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { signal(number, SIG_DFL) }
        let argv = ([name] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        ctx.console.showError(
            ctx.strings("error.simulator_start", ["detail": "\(name) (\(path)): \(reason)"]) + "\n")
        throw ExitStatus.failure.exitCode
    }
}

/// `demo`'s simulator: `chorus-doctor-sim --for-demo` started as a child, read until it says where it listens
/// (`DemoHandshake`), and stopped by closing its standard input (which a crash of this process does too, so it never
/// outlives the demo).
enum DemoSimulator {
    /// How long the child may take to listen, and to leave once told to.
    static let startLimit: Duration = .seconds(30)
    static let stopLimit: Duration = .seconds(10)

    /// Starts the simulator, runs `body` with its values, stops it (on every way out of `body`).
    static func with<T: Sendable>(
        _ ctx: DoctorContext, scenario: Scenario, variants: [PlatformVariant],
        _ body: (DemoCredentials) async throws -> T
    ) async throws -> T {
        let path = try SimulatorProgram.path(ctx)
        var arguments = ["--for-demo", "--port", "0", "--scenario", scenario.rawValue, "--lang", ctx.language.rawValue]
        for variant in variants { arguments += ["--variant", variant.rawValue] }
        let child: SpawnedProgram
        do {
            child = try SpawnedProgram(path: path, arguments: arguments)
        } catch {
            ctx.console.showError(
                ctx.strings("error.simulator_start", ["detail": "\(SimulatorProgram.name): \(error.reason)"]) + "\n")
            throw ExitStatus.failure.exitCode
        }
        let pid = child.pid
        let ended = Task { await child.exit() }
        let handshake: Result<DemoHandshake, StartProblem>
        do {
            handshake = try await withThrowingTaskGroup(of: Result<DemoHandshake, StartProblem>?.self) { group in
                group.addTask { await firstLine(of: child.output) }
                group.addTask {
                    try await ctx.clock.sleep(for: startLimit)
                    return nil
                }
                // The read ends only when the child's output does: whatever ends the wait first (the limit, a
                // cancellation), the child is ended here, or the group would wait for that read for ever.
                let first: Result<DemoHandshake, StartProblem>?
                do {
                    first = try await group.next() ?? nil
                } catch {
                    killpg(pid, SIGKILL)
                    throw error
                }
                group.cancelAll()
                guard let first else {
                    killpg(pid, SIGKILL)
                    return .failure(.tooSlow)
                }
                return first
            }
        } catch {
            child.closeInput()
            _ = await ended.value
            child.closeOutput()
            throw error
        }
        /// Politely (its input closed: the simulator stops its server and leaves) or, when it is not the simulator
        /// that answered, at once.
        func stop(politely: Bool = true) async {
            // The whole group: what an impostor started goes with it.
            if !politely { killpg(pid, SIGKILL) }
            child.closeInput()
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = await ended.value }
                group.addTask {
                    guard (try? await ctx.clock.sleep(for: stopLimit)) != nil else { return }
                    killpg(pid, SIGKILL)
                }
                await group.next()
                group.cancelAll()
            }
            child.closeOutput()
        }
        switch handshake {
        case .success(let handshake):
            do {
                let value = try await body(handshake.credentials)
                await stop()
                return value
            } catch {
                await stop()
                throw error
            }
        case .failure(let problem):
            await stop(politely: false)
            let detail =
                switch problem {
                case .ended: ctx.strings("sim.program_ended", ["path": path])
                case .tooSlow: ctx.strings("sim.program_silent", ["path": path])
                case .handshake(.unreadable): ctx.strings("sim.program_unreadable", ["path": path])
                case .handshake(.otherBuild(let version)):
                    ctx.strings("sim.program_other_build", ["path": path, "version": version])
                }
            ctx.console.showError(ctx.strings("error.simulator_start", ["detail": detail]) + "\n")
            throw ExitStatus.failure.exitCode
        }
    }

    enum StartProblem: Error {
        case ended
        case tooSlow
        case handshake(DemoHandshake.Problem)
    }

    /// The child's first line, read on a thread of its own (the read blocks). Ends at a newline, at the end of the
    /// output (the child ended: `.ended`), or past `DemoHandshake.maximumLength`.
    static func firstLine(of descriptor: Int32) async -> Result<DemoHandshake, StartProblem> {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                var line = Data()
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = read(descriptor, &buffer, buffer.count)
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else {
                        continuation.resume(returning: .failure(.ended))
                        return
                    }
                    line.append(contentsOf: buffer[..<count])
                    if let end = line.firstIndex(of: UInt8(ascii: "\n")) {
                        let text = String(decoding: line[..<end], as: UTF8.self)
                        continuation.resume(
                            returning: Result { () throws(DemoHandshake.Problem) in try DemoHandshake.read(text) }
                                .mapError { .handshake($0) })
                        return
                    }
                    if line.count > DemoHandshake.maximumLength {
                        continuation.resume(returning: .failure(.handshake(.unreadable)))
                        return
                    }
                }
            }
            thread.start()
        }
    }
}

/// A program started with pipes on its standard input and output and its standard error shared with ours, as
/// `ChildProcess` starts programs: in a process group of its own (the terminal's Ctrl-C is ours to handle, and the
/// group can be ended whole), every signal delivered and handled by default whatever thread starts it, and no other
/// descriptor of ours.
struct SpawnedProgram: Sendable {
    let pid: pid_t
    /// Our end of its standard input (closing it is how it is told to leave) and of its standard output.
    private let input: Int32
    let output: Int32

    struct Failure: Error {
        var reason: String
    }

    init(path: String, arguments: [String]) throws(Failure) {
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        guard pipe(&fromChild) == 0 else {
            let reason = String(cString: strerror(errno))
            toChild.forEach { close($0) }
            throw Failure(reason: reason)
        }
        // Our ends are not inherited by it (nor by anything else this process starts).
        _ = fcntl(toChild[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fromChild[0], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], STDOUT_FILENO)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        ChildProcess.prepare(&actions, &attributes)
        let argv = ([SimulatorProgram.name] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, path, &actions, &attributes, argv, environ)
        close(toChild[0])
        close(fromChild[1])
        guard status == 0 else {
            close(toChild[1])
            close(fromChild[0])
            throw Failure(reason: String(cString: strerror(status)))
        }
        pid = child
        input = toChild[1]
        output = fromChild[0]
    }

    func closeInput() { close(input) }
    func closeOutput() { close(output) }

    /// Waits for it to end (on a thread of its own: the wait blocks) and returns its wait status.
    func exit() async -> Int32 {
        let pid = pid
        return await withCheckedContinuation { continuation in
            Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                continuation.resume(returning: status)
            }.start()
        }
    }
}
