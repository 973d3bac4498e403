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

    /// Restores the terminal if a secret prompt left it without echo (called from the SIGINT path).
    public static func restoreTerminal() {
        guard var settings = saved, savedFD >= 0 else { return }
        tcsetattr(savedFD, TCSANOW, &settings)
        saved = nil
    }

    /// Prompts on standard error and reads one line from standard input with echo off when it is a terminal.
    /// Returns nil at end of input.
    public static func read(prompt: String) -> String? {
        let fd = STDIN_FILENO
        guard isatty(fd) == 1 else { return readLine(strippingNewline: true) }
        StandardConsole.write(prompt, to: STDERR_FILENO)
        var original = termios()
        tcgetattr(fd, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO | ECHONL)
        silent.c_lflag |= tcflag_t(ICANON)
        saved = original
        savedFD = fd
        tcsetattr(fd, TCSANOW, &silent)
        defer {
            tcsetattr(fd, TCSANOW, &original)
            saved = nil
            StandardConsole.write("\n", to: STDERR_FILENO)
        }
        return readLine(strippingNewline: true)
    }
}
