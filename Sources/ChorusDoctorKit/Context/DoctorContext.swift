import ChorusTransport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Everything a command touches outside itself: console, environment, files, clock, network.
/// Commands build the real one; tests build one with a buffer console, a temporary HOME and a fixed clock.
public struct DoctorContext: Sendable {
    public var console: any Console
    public var environment: [String: String]
    public var paths: Paths
    public var clock: any TimeSource
    public var strings: Strings
    public var library: ChecklistLibrary
    public var redactor: Redactor
    public var makeTransport: @Sendable (TransportOptions) -> any HTTPTransport

    public var language: Language { strings.language }

    public init(
        console: any Console, environment: [String: String], paths: Paths, clock: any TimeSource, strings: Strings,
        library: ChecklistLibrary, redactor: Redactor,
        makeTransport: @escaping @Sendable (TransportOptions) -> any HTTPTransport
    ) {
        self.console = console
        self.environment = environment
        self.paths = paths
        self.clock = clock
        self.strings = strings
        self.library = library
        self.redactor = redactor
        self.makeTransport = makeTransport
    }

    /// The production context for this process. The checklists are decoded and checked here when
    /// `CHORUS_DOCTOR_CHECKLISTS` names an edited copy, so nothing downstream can find them broken: a broken file is
    /// reported (in the user's language, with the built-in sentences) and the command ends with `ExitStatus.failure`.
    public static func live(
        languageFlag: String?, redactor: Redactor = Redactor()
    ) throws(Unusable) -> DoctorContext {
        signal(SIGPIPE, SIG_IGN)
        let environment = ProcessInfo.processInfo.environment
        let language = Language.resolve(flag: languageFlag, environment: environment)
        let console = StandardConsole(redactor: redactor, environment: environment)
        let library: ChecklistLibrary
        do {
            library = try ChecklistLibrary.current(environment: environment)
        } catch {
            console.showError(Strings(language: language)("error.checklists", ["detail": error.description]) + "\n")
            throw Unusable(status: .failure)
        }
        return DoctorContext(
            console: console, environment: environment, paths: Paths(environment: environment), clock: SystemTime(),
            strings: Strings(language: language, library: library), library: library, redactor: redactor,
            makeTransport: { CurlTransport(options: $0) })
    }

    /// No context could be built; the reason is already on standard error.
    public struct Unusable: Error, Sendable {
        public var status: ExitStatus
    }

    public var style: TerminalStyle { TerminalStyle(enabled: console.colors) }
}

/// Documented exit codes.
public enum ExitStatus: Int32, Sendable {
    /// No stage failed (warnings allowed); the command did what was asked.
    case ok = 0
    /// A check stage failed.
    case checkFailed = 1
    /// Usage error: bad option or value.
    case usage = 2
    /// A profile or state file is unreadable or corrupt (it is left untouched).
    case configFile = 3
    /// Input ended (closed stdin) before the command had what it needed, or `--non-interactive` lacked values.
    case incomplete = 4
    /// Interrupted (Ctrl-C); progress was saved.
    case interrupted = 130
    /// Anything else: an I/O error, the simulator could not start.
    case failure = 70
}
