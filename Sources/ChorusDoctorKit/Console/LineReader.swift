import ChorusTransport
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One question put to the user on a line.
public struct LineRequest: Sendable, Equatable {
    /// The prompt as shown, already in the user's language, without colours.
    public var prompt: String
    /// Words Tab completes: the accepted choices and the wizard's commands.
    public var completions: [String]
    /// Read with echo off; never added to the history.
    public var secret: Bool

    public init(prompt: String, completions: [String] = [], secret: Bool = false) {
        self.prompt = prompt
        self.completions = completions
        self.secret = secret
    }
}

/// The seam for reading answers: libedit on a terminal, plain lines when stdin is piped, a script in tests.
public protocol LineReader: Sendable {
    /// A person at a terminal answers: screens may be decorated and lines are edited.
    var isTerminal: Bool { get }
    /// The next line without its line ending; nil at end of input (Ctrl-D, closed stdin, script exhausted).
    func read(_ request: LineRequest) async -> String?
    /// Adds an accepted answer to the history. Never called with a secret.
    func remember(_ answer: String)
    /// Writes what must outlive the process (the history file). Called at every save point.
    func persist()
}

extension LineReader {
    public func remember(_ answer: String) {}
    public func persist() {}
}

/// The reader for the process: libedit when stdin and stdout are terminals, plain lines otherwise.
public enum LineReaders {
    public static func standard(_ ctx: DoctorContext) -> any LineReader {
        if isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, ctx.environment["TERM"] != "dumb" {
            return terminal(ctx, editLine: EditLineLibrary.failure)
        }
        return PlainLineReader(console: ctx.console)
    }

    /// libedit's reader at a terminal, given whether libedit opened (`EditLineLibrary.failure`); when it did not,
    /// plain lines, after one warning naming the library and how to install it: the wizard goes on without editing.
    static func terminal(_ ctx: DoctorContext, editLine failure: SharedLibraryFailure?) -> any LineReader {
        guard let failure else { return EditLineReader(historyFile: historyFile(ctx.paths)) }
        ctx.console.showError(
            ctx.strings("wizard.line_editing_unavailable", ["library": failure.library, "reason": failure.reason])
                + "\n")
        return PlainLineReader(console: ctx.console)
    }

    /// `$XDG_STATE_HOME/chorus-doctor/setup-history` (0600, answers that are not secrets).
    public static func historyFile(_ paths: Paths) -> URL {
        paths.state.appendingPathComponent("setup-history")
    }
}

/// Runs blocking reads on a thread of their own, never on the cooperative pool.
enum BlockingInput {
    private static let queue = DispatchQueue(label: "chorus-doctor.input")

    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}

/// Piped standard input: one answer per line, the prompt printed as a plain line, secrets read like any line.
/// When stdin is a terminal but stdout is not (`setup | tee log`), secrets are still read with echo off.
public struct PlainLineReader: LineReader {
    public let console: any Console
    public var isTerminal: Bool { false }

    public init(console: any Console) { self.console = console }

    public func read(_ request: LineRequest) async -> String? {
        if request.secret, isatty(STDIN_FILENO) == 1 {
            return await BlockingInput.run { SecretPrompt.read(prompt: request.prompt) }
        }
        console.out(request.prompt.trimmingCharacters(in: .whitespaces) + "\n")
        return await BlockingInput.run {
            guard var line = Swift.readLine(strippingNewline: true) else { return nil }
            if line.hasSuffix("\r") { line.removeLast() }
            return line
        }
    }
}

/// Answers from a list, for tests. Writes each prompt and answer to a transcript console as a terminal would show
/// them (secret answers are not shown, as with echo off); `nil` in the list, or its end, is end of input.
public final class ScriptedLineReader: LineReader {
    private struct State {
        var answers: [String?]
        var asked: [LineRequest] = []
        var history: [String] = []
    }
    private let state: Mutex<State>
    private let transcript: (any Console)?
    public let isTerminal: Bool

    public init(_ answers: [String?], transcript: (any Console)? = nil, terminal: Bool = true) {
        self.state = Mutex(State(answers: answers))
        self.transcript = transcript
        self.isTerminal = terminal
    }

    public func read(_ request: LineRequest) async -> String? {
        let answer: String?? = state.withLock { state in
            state.asked.append(request)
            return state.answers.isEmpty ? .some(nil) : state.answers.removeFirst()
        }
        let line = answer ?? nil
        transcript?.out(request.prompt + (line == nil ? "^D" : (request.secret ? "" : line!)) + "\n")
        return line
    }

    public func remember(_ answer: String) { state.withLock { $0.history.append(answer) } }

    /// Every request read so far.
    public var requests: [LineRequest] { state.withLock { $0.asked } }
    /// What went to the history.
    public var remembered: [String] { state.withLock { $0.history } }
    /// Answers not consumed.
    public var remaining: Int { state.withLock { $0.answers.count } }
}
