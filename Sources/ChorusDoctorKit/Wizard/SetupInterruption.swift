import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ctrl-C (and SIGTERM, SIGHUP) during the wizard: put the terminal back as it was, keep the progress, exit.
///
/// The handler runs on a dispatch queue, not in signal context, so it may save files. The wizard keeps the last
/// saved progress in `latest`; the step in progress (and its secrets) is lost, as documented.
final class SetupInterruption: @unchecked Sendable {
    /// Guards `sources` and `terminal`, set on install and read by the handler.
    private let lock = NSLock()
    private var sources: [any DispatchSourceSignal] = []
    private var terminal: termios?
    private let onInterrupt: @Sendable (Int32) -> Void

    /// - Parameter onInterrupt: saves and prints; called once, with the signal number, before the process exits.
    init(onInterrupt: @escaping @Sendable (Int32) -> Void) {
        self.onInterrupt = onInterrupt
    }

    func install() {
        if isatty(STDIN_FILENO) == 1 {
            var settings = termios()
            if tcgetattr(STDIN_FILENO, &settings) == 0 { lock.withLock { terminal = settings } }
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
        lock.withLock { sources = made }
    }

    func uninstall() {
        let installed = lock.withLock {
            defer { sources = [] }; return sources
        }
        for source in installed { source.cancel() }
        for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) }
    }

    /// Echo back on, canonical mode back: whatever a secret prompt or libedit had changed.
    func restoreTerminal() {
        SecretPrompt.restoreTerminal()
        guard var settings = lock.withLock({ terminal }) else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        StandardConsole.write("\n", to: STDERR_FILENO)
    }
}
