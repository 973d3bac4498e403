import ChorusTestSupport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A shell in a detached tmux session (120×40 unless told, its own tmux server), typed into like a keyboard and read back with
/// `capture-pane`. Every capture is kept, so a test can search all the screens it saw for secrets. Every tmux call
/// runs on a thread of its own (`OwnThread`); `session` opens one for a test and closes it, awaited, whatever happened.
final class WizardTerminal: Sendable {
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static var available: Bool { tmux != nil }

    struct Timeout: Error, CustomStringConvertible {
        var waitingFor: String
        var screen: String
        var description: String { "timed out waiting for \"\(waitingFor)\"; the screen showed:\n\(screen)" }
    }

    private let socket = "chorus-wizard-\(UUID().uuidString.prefix(8))"
    private let screens = Mutex<[String]>([])

    /// Starts `sh` with only the given environment (plus a plain prompt and TERM=screen, whose terminfo is always
    /// installed).
    init(environment: [String: String], columns: Int = 120) async throws {
        var variables = environment
        variables["TERM"] = "screen"
        variables["PS1"] = "$ "
        let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        try await tmux(
            ["new-session", "-d", "-s", "w", "-x", String(columns), "-y", "40", "/usr/bin/env", "-i"] + assignments
                + ["/bin/sh"])
        try await tmux(["set-option", "-t", "w", "history-limit", "20000"])
    }

    /// Runs `body` with a new terminal, then closes it (awaited), whatever `body` did.
    static func session<Value>(
        environment: [String: String], columns: Int = 120, _ body: (WizardTerminal) async throws -> Value
    ) async throws -> Value {
        let terminal = try await WizardTerminal(environment: environment, columns: columns)
        let value: Value
        do { value = try await body(terminal) } catch {
            await terminal.close()
            throw error
        }
        await terminal.close()
        return value
    }

    /// Stops whatever runs in the pane, ends the shell, then the server (killed if it lingers).
    func close() async {
        let pid =
            pid_t(
                (try? await tmux(["display-message", "-p", "-t", "w", "#{pid}"]))?.trimmingCharacters(
                    in: .whitespacesAndNewlines) ?? "") ?? 0
        _ = try? await tmux(["send-keys", "-t", "w", "C-c"])
        _ = try? await tmux(["send-keys", "-t", "w", "C-u", "exit", "Enter"])
        _ = try? await tmux(["kill-server"])
        if pid > 0, await !Poll.until(every: .milliseconds(20), limit: .milliseconds(100), { kill(pid, 0) != 0 }) {
            kill(pid, SIGKILL)
        }
    }

    /// Types text as is (no key names), then Enter unless told otherwise.
    func type(_ text: String, enter: Bool = true) async throws {
        if !text.isEmpty { try await tmux(["send-keys", "-t", "w", "-l", text]) }
        if enter { try await press("Enter") }
    }

    /// Presses a key by its tmux name: Enter, Tab, C-c, C-d.
    func press(_ key: String) async throws { try await tmux(["send-keys", "-t", "w", key]) }

    /// The whole pane with its scrollback, wrapped lines joined.
    func capture() async throws -> String {
        let text = try await tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", "w"])
        screens.withLock { $0.append(text) }
        return text
    }

    /// Every screen captured so far.
    var everything: String { screens.withLock { $0.joined(separator: "\n") } }

    /// Polls the pane until `text` appears `count` times (bounded; no fixed sleeps).
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, seconds: Double = 15) async throws -> String {
        try await waitFor(text, seconds: seconds) { $0.components(separatedBy: text).count - 1 >= count }
    }

    /// Polls the pane until `condition` holds for the screen (bounded); throws `Timeout` naming `what` otherwise.
    @discardableResult
    func waitFor(_ what: String, seconds: Double = 15, until condition: (String) -> Bool) async throws -> String {
        var last = ""
        let screen = try await Poll.first(limit: .milliseconds(Int64(seconds * 1000))) { () async throws -> String? in
            last = try await capture()
            return condition(last) ? last : nil
        }
        guard let screen else { throw Timeout(waitingFor: what, screen: last) }
        return screen
    }

    /// Answers a prompt: waits for it (the `count`-th time it shows), then types the answer and Enter.
    func answer(_ prompt: String, _ text: String, count: Int = 1) async throws {
        try await waitFor(prompt, count: count)
        try await type(text)
    }

    /// One tmux client call. Not through `Foundation.Process`: its exit detection relies on a socket the child
    /// inherits, and the tmux server that `new-session` forks keeps it, so `waitUntilExit` would never return
    /// (swift-corelibs-foundation #4795). `posix_spawn` with every other descriptor closed, a clean signal mask
    /// and default handlers, then `waitpid` on that very child.
    @discardableResult
    private func tmux(_ arguments: [String]) async throws -> String {
        let command = [Self.tmux ?? "/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments
        return try await OwnThread.run { try Spawned.run(command) }
    }
}

/// A child process started with `posix_spawn`, its standard output collected, reaped with `waitpid`.
enum Spawned {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ arguments: [String]) throws -> String {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(description: "pipe: \(errno)") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, environ)
        close(fds[1])
        defer { close(fds[0]) }
        guard spawned == 0 else { throw Failure(description: "posix_spawn \(arguments[0]): \(spawned)") }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fds[0], &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            output.append(contentsOf: buffer[0..<count])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }
}
