import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The seam for the terminal: standard output and error in production, a buffer in tests.
///
/// Every write goes through the run's `Redactor` first, so no code path can print a secret by mistake, then
/// through `TerminalText`, so no control character received or read is printed raw.
public protocol Console: Sendable {
    func out(_ text: String)
    func err(_ text: String)
    /// Standard output is a terminal (colours, progress).
    var outputIsTerminal: Bool { get }
    /// Colours allowed: a terminal, `TERM` not `dumb`, `NO_COLOR` unset or empty.
    var colors: Bool { get }
}

/// Writes to the process's standard output and error.
public final class StandardConsole: Console {
    public let redactor: Redactor
    public let outputIsTerminal: Bool
    public let colors: Bool

    public init(redactor: Redactor, environment: [String: String]) {
        self.redactor = redactor
        outputIsTerminal = isatty(STDOUT_FILENO) == 1
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        colors = outputIsTerminal && environment["TERM"] != "dumb" && !noColor
    }

    public func out(_ text: String) { Self.write(clean(text), to: STDOUT_FILENO) }
    public func err(_ text: String) { Self.write(clean(text), to: STDERR_FILENO) }

    /// Redacted, control characters escaped (`TerminalText`).
    func clean(_ text: String) -> String {
        TerminalText.escapingControls(redactor.redact(text), keepingStyle: colors)
    }

    /// Unbuffered, whole-buffer write (a closed pipe is ignored: SIGPIPE is not fatal here).
    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}

/// Collects what would have been printed (tests, and commands that capture output).
public final class BufferConsole: Console, @unchecked Sendable {
    private let lock = NSLock()
    private var stdoutText = ""
    private var stderrText = ""
    public let redactor: Redactor
    public let outputIsTerminal: Bool
    public let colors: Bool

    public init(redactor: Redactor = Redactor(), terminal: Bool = false, colors: Bool = false) {
        self.redactor = redactor
        self.outputIsTerminal = terminal
        self.colors = colors
    }

    public func out(_ text: String) { lock.withLock { stdoutText += clean(text) } }
    public func err(_ text: String) { lock.withLock { stderrText += clean(text) } }
    func clean(_ text: String) -> String {
        TerminalText.escapingControls(redactor.redact(text), keepingStyle: colors)
    }
    public var output: String { lock.withLock { stdoutText } }
    public var errors: String { lock.withLock { stderrText } }
}

/// ANSI styling that disappears when colours are off.
public struct TerminalStyle: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public func green(_ s: String) -> String { wrap(s, "32") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func bold(_ s: String) -> String { wrap(s, "1") }

    private func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
}
