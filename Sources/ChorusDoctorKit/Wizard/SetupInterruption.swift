import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ctrl-C (and SIGTERM, SIGHUP) during the wizard: put the terminal back as it was, keep the progress, exit.
///
/// The handler runs on a dispatch queue, not in signal context, so it may save files. The wizard keeps the last
/// saved progress in `latest`; the step in progress (and its secrets) is lost, as documented.
final class SetupInterruption: Sendable {
    /// What `install` set up, read by the handler and by `uninstall`.
    private struct Installed: @unchecked Sendable {
        // `any DispatchSourceSignal` is thread-safe but not marked Sendable; `termios` is plain data.
        var sources: [any DispatchSourceSignal] = []
        var terminal: termios?
    }
    private let installed = Mutex(Installed())
    private let onInterrupt: @Sendable (Int32) -> Void

    /// - Parameter onInterrupt: saves and prints; called once, with the signal number, before the process exits.
    init(onInterrupt: @escaping @Sendable (Int32) -> Void) {
        self.onInterrupt = onInterrupt
    }

    func install() {
        if isatty(STDIN_FILENO) == 1 {
            var settings = termios()
            if tcgetattr(STDIN_FILENO, &settings) == 0 { installed.withLock { $0.terminal = settings } }
        }
        // One serial queue: the first handler to run exits the process, so no other follows.
        let queue = DispatchQueue(label: "chorus-doctor.setup-signals")
        var made: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in
                restoreTerminal()
                onInterrupt(number)
                exit(number == SIGINT ? ExitStatus.interrupted.rawValue : 128 + number)
            }
            source.resume()
            made.append(source)
        }
        installed.withLock { $0.sources = made }
    }

    func uninstall() {
        let sources = installed.withLock { installed in
            defer { installed.sources = [] }
            return installed.sources
        }
        for source in sources { source.cancel() }
        for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) }
    }

    /// Echo back on, canonical mode back: whatever a secret prompt or libedit had changed.
    func restoreTerminal() {
        SecretPrompt.restoreTerminal()
        guard var settings = installed.withLock({ $0.terminal }) else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        // A spinner's line is wiped, not left frozen; a prompt's line is kept (what was typed) and left.
        if !InPlaceLine.wipeIfDrawn() { StandardConsole.write("\n", to: STDERR_FILENO) }
    }
}
