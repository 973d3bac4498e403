import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a secret from the terminal with echo off (never through libedit, never into history), restoring the
/// terminal afterwards, also when interrupted.
public enum SecretPrompt {
    /// The terminal settings to put back if the process is interrupted while echo is off.
    nonisolated(unsafe) private static var saved: termios?
    nonisolated(unsafe) private static var savedFD: Int32 = -1
    /// The echo-off settings, put back when the process is continued after Ctrl-Z (SIGTSTP, then `fg`).
    nonisolated(unsafe) private static var silenced: termios?

    /// Restores the terminal if a secret prompt left it without echo (called from the signal paths). What was typed
    /// and not yet read (half a secret, no Enter yet) is dropped first: left in the terminal's queue, the shell would
    /// read it next, show it and keep it in its history. Ctrl-C flushes that queue itself; `kill -TERM`, a hang-up
    /// or a service manager's stop do not.
    public static func restoreTerminal() {
        guard var settings = saved, savedFD >= 0 else { return }
        tcflush(savedFD, TCIFLUSH)
        tcsetattr(savedFD, TCSANOW, &settings)
        saved = nil
    }

    /// Ctrl-Z at the prompt (signal context): echo back on, stop as SIGTSTP would, and once continued (`fg`)
    /// hide the typing again. Only async-signal-safe calls.
    static func suspendShowingEcho() {
        let fd = savedFD
        if var settings = saved, fd >= 0 { tcsetattr(fd, TCSANOW, &settings) }
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTSTP)
        signal(SIGTSTP, SIG_DFL)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        raise(SIGTSTP)
        // Continued: the prompt is still waiting, so its typing is hidden again.
        if var settings = silenced, saved != nil, fd >= 0 { tcsetattr(fd, TCSANOW, &settings) }
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
        saved = original
        savedFD = fd
        silenced = silent
        let previous = guardSignals()
        tcsetattr(fd, TCSANOW, &silent)
        // The prompt only once echo is off: whatever is typed (or pasted) as soon as it shows stays hidden.
        StandardConsole.write(prompt, to: STDERR_FILENO)
        defer {
            tcsetattr(fd, TCSANOW, &original)
            saved = nil
            silenced = nil
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
