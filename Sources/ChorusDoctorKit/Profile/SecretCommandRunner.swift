import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a user-named command that prints a secret on its standard output (as git credential helpers do).
///
/// The command line holds no secret, only its output does; the output is trimmed of the final newline and
/// never logged. Errors report the exit status, never the output.
///
/// The command runs in its own process group, with only standard input (`/dev/null`), output (a pipe) and error
/// (`/dev/null`) open: no descriptor of the tool (a socket, another pipe) is inherited. At most `outputLimit`
/// bytes are read; a command that prints more, or has not finished within `timeout`, is ended with its whole
/// process group (its children and grandchildren too).
public struct SecretCommandRunner: Sendable {
    public var timeout: Duration
    /// A secret is a line; more than this is not one.
    public var outputLimit: Int

    public init(timeout: Duration = .seconds(10), outputLimit: Int = 64 * 1024) {
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    public func run(_ command: String) -> Result<String, SecretCommandFailure> {
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else { return .failure(SecretCommandFailure("cannot create a pipe")) }
        let (readEnd, writeEnd) = (pipeFDs[0], pipeFDs[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        let pid: pid_t
        switch spawn(command, stdout: writeEnd) {
        case .success(let spawned): pid = spawned
        case .failure(let failure):
            close(readEnd)
            close(writeEnd)
            return .failure(failure)
        }
        close(writeEnd)
        defer { close(readEnd) }
        let (data, ending) = read(readEnd)
        switch ending {
        case .timedOut:
            endGroup(pid)
            return .failure(SecretCommandFailure("timed out after \(timeout.components.seconds) s"))
        case .tooLong:
            endGroup(pid)
            return .failure(SecretCommandFailure("printed more than \(outputLimit / 1024) KB"))
        case .finished:
            break
        }
        let status = waitForExit(pid)
        // Whatever the command left running in its group goes too.
        kill(-pid, SIGKILL)
        guard status == 0 else { return .failure(SecretCommandFailure("exited with status \(status)")) }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { return .failure(SecretCommandFailure("printed nothing")) }
        return .success(text)
    }

    private enum Ending { case finished, timedOut, tooLong }

    /// `/bin/sh -c command` set up as `ChildProcess` starts programs (a new process group, every other descriptor
    /// closed), standard output on `stdout`, standard input and error on /dev/null.
    private func spawn(_ command: String, stdout: Int32) -> Result<pid_t, SecretCommandFailure> {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        ChildProcess.prepare(&actions, &attributes)
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let code = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, environ)
        guard code == 0 else {
            return .failure(SecretCommandFailure("cannot start /bin/sh: \(String(cString: strerror(code)))"))
        }
        return .success(pid)
    }

    /// Reads until end of file, the deadline, or more than `outputLimit` bytes.
    private func read(_ fd: Int32) -> (Data, Ending) {
        let deadline = ContinuousClock.now + timeout
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return (data, .timedOut) }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(
                min(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return (data, .finished)
            }
            if ready == 0 { continue }
            let count = Foundation.read(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return (data, .finished)
            }
            if count == 0 { return (data, .finished) }
            data.append(contentsOf: buffer[0..<count])
            if data.count > outputLimit { return (data, .tooLong) }
        }
    }

    /// SIGTERM to the whole group, then SIGKILL if it has not gone within a moment; the child is reaped.
    private func endGroup(_ pid: pid_t) {
        kill(-pid, SIGTERM)
        for _ in 0..<20 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                kill(-pid, SIGKILL)
                return
            }
            usleep(10_000)
        }
        kill(-pid, SIGKILL)
        _ = waitForExit(pid)
    }

    /// The exit status (128 + signal when killed).
    private func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        if status & 0x7F == 0 { return (status >> 8) & 0xFF }
        return 128 + (status & 0x7F)
    }
}

/// Why a secret command gave nothing usable (never its output).
public struct SecretCommandFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
