import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a secret from the terminal with echo off (never through libedit, never into history), restoring the
/// terminal afterwards, also when interrupted.
public enum SecretPrompt {
    /// The terminal as a secret prompt found it (to put back if the process is interrupted while echo is off) and
    /// its echo-off settings (put back when the process is continued after Ctrl-Z, SIGTSTP then `fg`).
    private struct Saved {
        var original = termios()
        var silenced = termios()
        var fd: Int32 = -1
    }
    /// Written by the prompt only while `armed` is false, read by the signal paths only after they see it true: the
    /// atomic's release/acquire orders the two, so the unsynchronised storage is never read while it is written.
    /// (A lock is not an option: signal handlers may only make async-signal-safe calls.)
    nonisolated(unsafe) private static var saved = Saved()
    private static let armed = Atomic<Bool>(false)

    /// Restores the terminal if a secret prompt left it without echo (called from the signal paths). What was typed
    /// and not yet read (half a secret, no Enter yet) is dropped first: left in the terminal's queue, the shell would
    /// read it next, show it and keep it in its history. Ctrl-C flushes that queue itself; `kill -TERM`, a hang-up
    /// or a service manager's stop do not. Only the first caller restores.
    public static func restoreTerminal() {
        guard armed.exchange(false, ordering: .acquiringAndReleasing) else { return }
        var settings = saved.original
        tcflush(saved.fd, TCIFLUSH)
        tcsetattr(saved.fd, TCSANOW, &settings)
    }

    /// Ctrl-Z at the prompt (signal context): echo back on, stop as SIGTSTP would, and once continued (`fg`)
    /// hide the typing again. Only async-signal-safe calls.
    static func suspendShowingEcho() {
        let wasArmed = armed.load(ordering: .acquiring)
        if wasArmed {
            var settings = saved.original
            tcsetattr(saved.fd, TCSANOW, &settings)
        }
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTSTP)
        signal(SIGTSTP, SIG_DFL)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        raise(SIGTSTP)
        // Continued: the prompt is still waiting, so its typing is hidden again.
        if wasArmed, armed.load(ordering: .acquiring) {
            var settings = saved.silenced
            tcsetattr(saved.fd, TCSANOW, &settings)
        }
        signal(SIGTSTP, suspendThenHide)
    }

    /// Prompts on standard error and reads one line from standard input with echo off when it is a terminal.
    /// Returns nil at end of input.
    public static func read(prompt: String) -> String? {
        let fd = STDIN_FILENO
        guard isatty(fd) == 1 else { return readLine(strippingNewline: true) }
        var original = termios()
        tcgetattr(fd, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO | ECHONL)
        silent.c_lflag |= tcflag_t(ICANON)
        saved = Saved(original: original, silenced: silent, fd: fd)
        armed.store(true, ordering: .releasing)
        let previous = guardSignals()
        tcsetattr(fd, TCSANOW, &silent)
        // The prompt only once echo is off: whatever is typed (or pasted) as soon as it shows stays hidden.
        StandardConsole.write(prompt, to: STDERR_FILENO)
        defer {
            armed.store(false, ordering: .releasing)
            tcsetattr(fd, TCSANOW, &original)
            for (number, action) in previous {
                var action = action
                sigaction(number, &action, nil)
            }
            StandardConsole.write("\n", to: STDERR_FILENO)
        }
        return readLine(strippingNewline: true)
    }

    /// Signals that end the process (Ctrl-C, Ctrl-\\, SIGTERM, SIGHUP) put echo back first, then end it as they
    /// would have; Ctrl-Z (SIGTSTP) puts it back while stopped. Only signals left at their default are taken (the
    /// wizard has its own handlers), and SIGQUIT always: the Swift runtime's crash reporter holds it, and would
    /// print a backtrace with echo still off. Returns what each taken signal had, to put back after the prompt.
    private static func guardSignals() -> [(Int32, sigaction)] {
        var previous: [(Int32, sigaction)] = []
        for number in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP] {
            var current = sigaction()
            guard sigaction(number, nil, &current) == 0 else { continue }
            #if os(Linux)
                let isDefault = current.__sigaction_handler.sa_handler == nil
            #else
                let isDefault = current.__sigaction_u.__sa_handler == nil
            #endif
            guard isDefault || number == SIGQUIT else { continue }
            signal(number, number == SIGTSTP ? suspendThenHide : restoreThenDie)
            previous.append((number, current))
        }
        return previous
    }
}

/// Runs in signal context: only async-signal-safe calls (`tcflush`, `tcsetattr`, `write`, `signal`, `raise`).
private let restoreThenDie: @convention(c) (Int32) -> Void = { number in
    SecretPrompt.restoreTerminal()
    _ = "\n".withCString { Foundation.write(STDERR_FILENO, $0, 1) }
    signal(number, SIG_DFL)
    raise(number)
}

/// Runs in signal context: see `SecretPrompt.suspendShowingEcho`.
private let suspendThenHide: @convention(c) (Int32) -> Void = { _ in
    SecretPrompt.suspendShowingEcho()
}
