import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program to its end as its own process (the tool's binary, tar, unzip, openssl, python3), on a thread of
/// its own: the test awaits it, the cooperative pool is never blocked by the wait. Standard output and error are
/// read at the same time (a full pipe never stalls the child).
public enum ProgramRun {
    public struct Result: Sendable {
        public var status: Int32
        /// The process id it had (no longer running: it was reaped).
        public var processIdentifier: Int32
        public var stdout: String
        public var stderr: String
        /// Wall time the run took (reported in messages, never asserted as a window).
        public var seconds: Double
        public var all: String { stdout + stderr }
        /// Standard output with its wrapping undone (every run of spaces and line breaks one space), for tests
        /// that read a sentence.
        public var flowing: String { Self.unwrapped(stdout) }
        /// Standard error with its wrapping undone, likewise.
        public var flowingErrors: String { Self.unwrapped(stderr) }

        public static func unwrapped(_ text: String) -> String {
            text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        }
    }

    /// Runs `executable` with `arguments`. `environment` nil inherits the test process's; `stdin` nil reads
    /// /dev/null; after `timeout` the process is killed (SIGKILL: a child started from a thread that blocks SIGTERM
    /// inherits the block).
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, stdin: String? = nil,
        timeout: Duration? = nil
    ) async throws -> Result {
        try await OwnThread.run {
            try runBlocking(executable, arguments, environment: environment, stdin: stdin, timeout: timeout)
        }
    }

    /// `run` with the program found by `/usr/bin/env` on PATH (`tar`, `unzip`, `sha256sum`).
    public static func run(
        tool: String, _ arguments: [String], environment: [String: String]? = nil, stdin: String? = nil,
        timeout: Duration? = nil
    ) async throws -> Result {
        try await run(
            URL(fileURLWithPath: "/usr/bin/env"), [tool] + arguments, environment: environment, stdin: stdin,
            timeout: timeout)
    }

    /// Waits for a process started elsewhere (a simulator run as its own process) to exit, on a thread of its own;
    /// returns its termination status.
    @discardableResult
    public static func exit(of process: Process) async -> Int32 {
        let started = Started(process: process)
        return await OwnThread.run {
            started.process.waitUntilExit()
            return started.process.terminationStatus
        }
    }

    /// A `Process` handed to the thread that waits for it: `waitUntilExit` and `terminationStatus` may be called
    /// from any thread (Foundation locks them), which `Process`, a class without a `Sendable` conformance, cannot say.
    private struct Started: @unchecked Sendable {
        let process: Process
    }

    /// The blocking run: only ever called on a thread of its own.
    private static func runBlocking(
        _ executable: URL, _ arguments: [String], environment: [String: String]?, stdin: String?,
        timeout: Duration?
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        let started = ContinuousClock.now
        try process.run()
        let watch = ExitWatch(pid: process.processIdentifier)
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds(timeout)) { watch.killIfRunning() }
        }
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        let collected = Collected()
        let reader = Thread { collected.read(out) }
        reader.start()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        collected.done.wait()
        process.waitUntilExit()
        watch.ended()
        let elapsed = ContinuousClock.now - started
        return Result(
            status: process.terminationStatus, processIdentifier: process.processIdentifier,
            stdout: String(decoding: collected.output, as: UTF8.self),
            stderr: String(decoding: errors, as: UTF8.self), seconds: seconds(elapsed))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Standard output, read to its end on the reader thread.
    private final class Collected: Sendable {
        private let data = Mutex(Data())
        let done = DispatchSemaphore(value: 0)

        func read(_ pipe: Pipe) {
            let read = pipe.fileHandleForReading.readDataToEndOfFile()
            data.withLock { $0 = read }
            done.signal()
        }

        var output: Data { data.withLock { $0 } }
    }

    /// Kills the process after its timeout unless it was reaped first (its pid could be reused after).
    private final class ExitWatch: Sendable {
        private let pid: pid_t
        private let running = Mutex(true)

        init(pid: pid_t) { self.pid = pid }

        func ended() { running.withLock { $0 = false } }

        func killIfRunning() {
            running.withLock { running in
                if running { kill(pid, SIGKILL) }
            }
        }
    }
}
