import Foundation

/// The editable data of the product (rules, explanations, setup steps, flow states, invoice checks, strings in both
/// languages), as typed values.
///
/// The `EmbedChecklists` build plugin decodes and checks `checklists/` when the tool is built and compiles the
/// values into the binary (`EmbeddedChecklists`): nothing is decoded at run time, and a broken file fails the build.
/// A support engineer can try an edited copy without rebuilding by pointing `CHORUS_DOCTOR_CHECKLISTS` at a
/// directory laid out like `checklists/`: `current(environment:)` decodes and checks each file found there once,
/// when the context is built, so every accessor here is total.
public struct ChecklistLibrary: Sendable {
    /// Where the values came from, for messages: "built-in checklists" or the override directory.
    public let origin: String
    /// The values read from an override directory (the built-in ones for files it does not replace); nil for the
    /// built-in library, whose values are built on first use.
    private let replaced: ChecklistContents?

    public static let embedded = ChecklistLibrary(origin: "built-in checklists", replaced: nil)

    init(origin: String, replaced: ChecklistContents?) {
        self.origin = origin
        self.replaced = replaced
    }

    /// `rules.yaml`: the diagnosis of every check stage.
    public var rules: RuleBook { replaced?.rules ?? EmbeddedChecklists.rules }
    /// `explain.yaml`: rejection messages, return codes and HTTP errors explained.
    public var explanations: RuleBook { replaced?.explanations ?? EmbeddedChecklists.explanations }
    /// The rules of `explain.yaml`, ready to match folded text.
    public var explainer: Explainer { Explainer(book: explanations) }
    /// `setup-steps.yaml`: the wizard's and the printable checklist's steps.
    public var setupSteps: SetupSteps { replaced?.setupSteps ?? EmbeddedChecklists.setupSteps }
    /// `flow-states.yaml`: what each state of a deposited flow means.
    public var depositStates: DepositStates { replaced?.depositStates ?? EmbeddedChecklists.depositStates }
    /// `invoice-checks.yaml`: the offline checks of an invoice file.
    public var invoiceChecks: InvoiceCheckBook { replaced?.invoiceChecks ?? EmbeddedChecklists.invoiceChecks }

    /// Every `strings/<language>*.yaml` of a language, merged (keys checked complete in every language).
    func table(_ language: Language) -> [String: String] {
        replaced?.strings[language] ?? EmbeddedChecklists.strings(language)
    }

    /// The built-in library, or the directory named by `CHORUS_DOCTOR_CHECKLISTS` (each file found there wins),
    /// every file of it decoded and checked here, once.
    public static func current(environment: [String: String]) throws(ChecklistError) -> ChecklistLibrary {
        guard let path = environment["CHORUS_DOCTOR_CHECKLISTS"], !path.isEmpty else { return .embedded }
        return ChecklistLibrary(origin: path, replaced: try ChecklistOverride.read(directory: path))
    }
}

/// Every value of a library, for one that replaces built-in files.
struct ChecklistContents: Sendable {
    var rules = EmbeddedChecklists.rules
    var explanations = EmbeddedChecklists.explanations
    var setupSteps = EmbeddedChecklists.setupSteps
    var depositStates = EmbeddedChecklists.depositStates
    var invoiceChecks = EmbeddedChecklists.invoiceChecks
    var strings = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, EmbeddedChecklists.strings($0)) })
}

/// A checklist file that does not read: named with the file, the line and column, and where in it.
public struct ChecklistError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var place = "checklists/\(file)"
        if let line { place += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        return "\(place): \(message)"
    }
}
