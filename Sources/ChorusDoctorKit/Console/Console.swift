import Foundation
import Synchronization

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
    /// Columns human output wraps to: the terminal's, `COLUMNS` when set, 80 otherwise.
    var width: Int { get }
    /// Human text, wrapped to `width` (the extension's `TextWrap.fit`).
    func show(_ text: String)
    /// Human text on standard error, wrapped the same way.
    func showError(_ text: String)
    /// Text a `RedactingSink` already cleared (`report`'s document): written as it is, the redactor not run on it
    /// again. Only the sink makes a `RedactedText`, so nothing else can skip the redactor this way.
    func out(_ text: RedactedText)
    /// Cleared text, wrapped to `width`.
    func show(_ text: RedactedText)
}

extension Console {
    /// Human text, wrapped to the console's width (`TextWrap.fit`). Machine output (JSON, Nagios, Prometheus)
    /// goes through `out` untouched.
    public func show(_ text: String) { out(TextWrap.fit(text, width: width)) }
    /// Human text on standard error, wrapped the same way.
    public func showError(_ text: String) { err(TextWrap.fit(text, width: width)) }
    /// Cleared text, wrapped to the console's width.
    public func show(_ text: RedactedText) { out(text.fitted(width: width)) }
}

/// The width human output wraps to, decided as argument-parser decides it for `--help` (so both agree): `COLUMNS`
/// when it is a usable number, else the terminal's (`ioctl(TIOCGWINSZ)` on standard output), else 80.
public enum TerminalWidth {
    public static let fallback = 80

    public static func current(environment: [String: String], descriptor: Int32 = STDOUT_FILENO) -> Int {
        if let columns = requested(environment) { return columns }
        var size = winsize()
        if isatty(descriptor) == 1, ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return clamp(Int(size.ws_col))
        }
        return fallback
    }

    /// `COLUMNS` when it is a usable number.
    public static func requested(_ environment: [String: String]) -> Int? {
        guard let columns = environment["COLUMNS"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
            columns > 0
        else { return nil }
        return clamp(columns)
    }

    /// Too narrow to lay anything out is taken as 20; absurdly wide as 1000.
    static func clamp(_ columns: Int) -> Int { min(max(columns, 20), 1000) }
}

/// Writes to the process's standard output and error.
public final class StandardConsole: Console {
    public let redactor: Redactor
    public let outputIsTerminal: Bool
    public let colors: Bool
    public let width: Int

    public init(redactor: Redactor, environment: [String: String]) {
        self.redactor = redactor
        outputIsTerminal = isatty(STDOUT_FILENO) == 1
        width = TerminalWidth.current(environment: environment)
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        colors = outputIsTerminal && environment["TERM"] != "dumb" && !noColor
    }

    public func out(_ text: String) { Self.write(clean(text), to: STDOUT_FILENO) }
    public func err(_ text: String) { Self.write(clean(text), to: STDERR_FILENO) }
    /// Already redacted and escaped by the sink.
    public func out(_ text: RedactedText) { Self.write(text.text, to: STDOUT_FILENO) }

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
public final class BufferConsole: Console {
    private let texts = Mutex((stdout: "", stderr: ""))
    public let redactor: Redactor
    public let outputIsTerminal: Bool
    public let colors: Bool
    public let width: Int

    /// `width` is unbounded unless given: a test that reads sentences in the output is not about wrapping.
    public init(
        redactor: Redactor = Redactor(), terminal: Bool = false, colors: Bool = false, width: Int = Int.max / 2
    ) {
        self.redactor = redactor
        self.outputIsTerminal = terminal
        self.colors = colors
        self.width = width
    }

    public func out(_ text: String) {
        let cleaned = clean(text)
        texts.withLock { $0.stdout += cleaned }
    }
    public func err(_ text: String) {
        let cleaned = clean(text)
        texts.withLock { $0.stderr += cleaned }
    }
    /// Already redacted and escaped by the sink.
    public func out(_ text: RedactedText) { texts.withLock { $0.stdout += text.text } }
    func clean(_ text: String) -> String {
        TerminalText.escapingControls(redactor.redact(text), keepingStyle: colors)
    }
    public var output: String { texts.withLock { $0.stdout } }
    public var errors: String { texts.withLock { $0.stderr } }
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

extension DoctorContext {
    /// This context with a console that names `profile` in each `chorus-doctor …` command it prints
    /// (`ProfileScopedConsole`).
    public func scoped(toProfile profile: String) -> DoctorContext {
        var ctx = self
        ctx.console = ProfileScopedConsole.scoped(console, profile: profile, environment: environment)
        return ctx
    }
}

/// A console for the work on one profile: each `chorus-doctor …` command between backticks that it prints names
/// the profile (`FixCommand.scoped`), so that a command copied from any message reaches the profile in use.
public struct ProfileScopedConsole: Console {
    public let base: any Console
    public let profile: String

    /// `console` itself when a command without `--profile` already reaches `profile`.
    public static func scoped(_ console: any Console, profile: String, environment: [String: String]) -> any Console {
        FixCommand.profileFacts(name: profile, environment: environment).isEmpty
            ? console : ProfileScopedConsole(base: console, profile: profile)
    }

    public init(base: any Console, profile: String) {
        self.base = base
        self.profile = profile
    }

    public func out(_ text: String) { base.out(FixCommand.scoped(text, profile: profile)) }
    public func err(_ text: String) { base.err(FixCommand.scoped(text, profile: profile)) }
    // Named first, wrapped after: the longer command is laid out whole.
    public func show(_ text: String) { base.show(FixCommand.scoped(text, profile: profile)) }
    public func showError(_ text: String) { base.showError(FixCommand.scoped(text, profile: profile)) }
    public func out(_ text: RedactedText) { base.out(text.scopingCommands(to: profile)) }
    public func show(_ text: RedactedText) { base.show(text.scopingCommands(to: profile)) }
    public var outputIsTerminal: Bool { base.outputIsTerminal }
    public var colors: Bool { base.colors }
    public var width: Int { base.width }
}
