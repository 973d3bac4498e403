import Foundation

/// The words a user may type instead of an answer.
enum WizardCommand: String, CaseIterable, Sendable {
    case back, skip, help, quit, wait, done, retry, edit, send
}

/// The command words of both languages: a French user typing `quit` or an English one typing `aide` is understood.
struct CommandWords: Sendable {
    private var byWord: [String: WizardCommand] = [:]
    private var shown: [WizardCommand: String] = [:]

    init(_ strings: Strings, library: ChecklistLibrary) {
        var tables = [strings]
        for language in Language.allCases where language != strings.language {
            tables.append(Strings(language: language, library: library))
        }
        for table in tables.reversed() {
            for command in WizardCommand.allCases {
                byWord[table("wizard.command.\(command.rawValue)").lowercased()] = command
            }
        }
        for command in WizardCommand.allCases { shown[command] = strings("wizard.command.\(command.rawValue)") }
    }

    func command(_ answer: String) -> WizardCommand? { byWord[answer.lowercased()] }

    /// The word shown (and completed) for a command, in the user's language.
    func word(_ command: WizardCommand) -> String { shown[command] ?? command.rawValue }

    func words(_ commands: [WizardCommand]) -> [String] { commands.map(word) }
}

/// What came back from one question.
enum Reply: Equatable {
    case value(String)
    case command(WizardCommand)
    /// End of input: Ctrl-D or closed standard input.
    case end
}

/// Asks questions through the `LineReader`, turning command words into commands.
struct Questioner: Sendable {
    var reader: any LineReader
    var console: any Console
    var strings: Strings
    var words: CommandWords
    var style: TerminalStyle

    /// The commands every question accepts, as shown in hints and completed by Tab.
    static let everywhere: [WizardCommand] = [.back, .skip, .help, .quit]

    /// One line: a command among `allowed`, else the answer (trimmed, unless secret).
    func ask(
        _ prompt: String, choices: [String] = [], allowed: [WizardCommand] = everywhere, secret: Bool = false
    ) async -> Reply {
        let request = LineRequest(prompt: prompt, completions: choices + words.words(allowed), secret: secret)
        guard var line = await reader.read(request) else { return .end }
        if line.hasSuffix("\r") { line.removeLast() }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if let command = words.command(trimmed), allowed.contains(command) { return .command(command) }
        return .value(secret ? line : trimmed)
    }

    /// Asks until the answer is one of `choices` (or a command); Enter takes `defaultChoice`.
    func choose(
        _ promptKey: String, choices: [WizardCommand], defaultChoice: WizardCommand, allowed: [WizardCommand],
        help: () -> Void
    ) async -> Reply {
        let listed = words.words(choices).joined(separator: ", ")
        let prompt = strings(promptKey, ["choices": listed, "default": words.word(defaultChoice)])
        while true {
            switch await ask(prompt, allowed: choices + allowed) {
            case .value(let text) where text.isEmpty: return .command(defaultChoice)
            case .value(let text): problem(strings("wizard.not_a_choice", ["value": text, "choices": listed]))
            case .command(.help): help()
            case let other: return other
            }
        }
    }

    /// Prints a refusal and the way on.
    func problem(_ text: String) {
        console.show(style.red(strings("wizard.invalid", ["reason": text])) + "\n")
    }

    func say(_ text: String) { console.show(text + "\n") }
}
