import ArgumentParser
import ChorusDoctorKit
import ChorusTransport
import Foundation

struct ChorusDoctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chorus-doctor",
        abstract: HelpText["help.root.abstract"],
        discussion: HelpText.discussion("help.root.discussion"),
        version: ToolVersion.current,
        subcommands: [
            SetupCommand.self, CheckCommand.self, DemoCommand.self, SimCommand.self, ProfileCommand.self,
            ReportCommand.self, BundleCommand.self,
            LookupCommand.self, DepositCommand.self, ExplainCommand.self, DatasetCommand.self, ChecklistCommand.self,
            InvoiceCommand.self,
        ]
    )

    /// `--version -v`, then the common entry (`CommandLineEntry`). The command names a mistyped one is compared
    /// with are read only then: reading them builds every command's configuration, which a run does not need.
    static func start() -> Never {
        let arguments = Set(CommandLine.arguments.dropFirst())
        if arguments.count == 2, arguments.contains("--version"),
            arguments.contains("-v") || arguments.contains("--verbose")
        {
            // `--version -v`: what a bug report needs about the HTTP stack too.
            print(ToolVersion.current + "\n" + CurlVersion.description + " " + CurlVersion.tlsBackend)
            Foundation.exit(0)
        }
        CommandLineEntry.start(
            ChorusDoctor.self, LeadingLanguage.moved(Array(CommandLine.arguments.dropFirst())),
            suggesting: { Suggestion.names })
    }
}

/// What the `chorus-doctor` executable runs.
public enum CommandLineTool {
    public static func main() -> Never { ChorusDoctor.start() }
}

/// How both programs (`chorus-doctor`, `chorus-doctor-sim`) parse, run and end: like argument-parser's `main`, but a
/// usage error exits with 2 (the documented code), not 64, and help is laid out for the terminal, in the user's
/// language.
package enum CommandLineEntry {
    /// From a synchronous `main`: the arguments are parsed, and help, a usage error or a synchronous command
    /// answered, before Swift concurrency starts; only an async command starts it, in a task, while the main thread
    /// serves the main queue as an `async` main would (`dispatchMain`). `--help` thus costs what a plain program
    /// does.
    package static func start<Root: ParsableCommand>(
        _ root: Root.Type, _ arguments: [String], suggesting names: @escaping @Sendable () -> [String] = { [] }
    ) -> Never {
        var command = parse(Root.self, arguments, suggesting: names)
        guard let asyncCommand = command as? any AsyncParsableCommand else {
            do {
                try command.run()
            } catch {
                end(Root.self, error, arguments, suggesting: names)
            }
            Foundation.exit(0)
        }
        Task {
            var running = asyncCommand
            do {
                try await running.run()
            } catch {
                end(Root.self, error, arguments, suggesting: names)
            }
            Foundation.exit(0)
        }
        dispatchMain()
    }

    /// From an `async` main (`chorus-doctor-sim`'s).
    package static func main<Root: ParsableCommand>(
        _ root: Root.Type, _ arguments: [String], suggesting names: @escaping @Sendable () -> [String] = { [] }
    ) async {
        var command = parse(Root.self, arguments, suggesting: names)
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            end(Root.self, error, arguments, suggesting: names)
        }
    }

    /// The command the arguments name; help, a version or a usage error is answered here, and the process ends.
    private static func parse<Root: ParsableCommand>(
        _ root: Root.Type, _ arguments: [String], suggesting names: @escaping @Sendable () -> [String]
    ) -> any ParsableCommand {
        do {
            HelpText.widen()
            let command = try Root.parseAsRoot(arguments)
            HelpText.restore()
            return command
        } catch {
            end(Root.self, error, arguments, suggesting: names)
        }
    }

    /// Ends the process for `error`: help and versions on standard output with 0, a usage error with 2 and a
    /// suggestion, anything else as argument-parser does (its exit code, the message on standard error).
    private static func end<Root: ParsableCommand>(
        _ root: Root.Type, _ error: any Error, _ arguments: [String], suggesting names: () -> [String]
    ) -> Never {
        let code = Root.exitCode(for: error)
        if code == .success {
            let message = HelpText.unwrapped { Root.fullMessage(for: error) }
            if HelpText.isForAProgram(CommandLine.arguments) {
                // A completion script, completions, the command tree as JSON: for a shell or a tool, as is.
                if !message.isEmpty { FileHandle.standardOutput.write(Data((message + "\n").utf8)) }
                Foundation.exit(0)
            }
            // `--help`, `help`, `--version`: laid out for this terminal and in the user's language.
            if !message.isEmpty { FileHandle.standardOutput.write(Data((HelpText.laidOut(message) + "\n").utf8)) }
            Foundation.exit(0)
        }
        guard code == .validationFailure else { Root.exit(withError: error) }
        var message = HelpText.unwrapped { Root.fullMessage(for: error) }
        if let suggestion = Suggestion.command(for: arguments, among: names()) {
            message += "\n" + HelpText.strings("error.did_you_mean", ["command": suggestion])
        }
        FileHandle.standardError.write(Data((HelpText.laidOut(message) + "\n").utf8))
        Foundation.exit(ExitStatus.usage.rawValue)
    }
}

/// "Did you mean": the command a mistyped first word was closest to (`chek` → `check`).
enum Suggestion {
    static var names: [String] { ChorusDoctor.configuration.subcommands.compactMap { $0.configuration.commandName } }

    static func command(for arguments: [String], among names: [String] = names) -> String? {
        guard !names.isEmpty, let first = arguments.first(where: { !$0.hasPrefix("-") }), !names.contains(first)
        else { return nil }
        return closest(to: first, among: names)
    }

    /// The candidate at most 2 edits away (a third of the word for short ones), the nearest first.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = max(1, min(2, word.count / 3))
        let ranked = candidates.map { ($0, distance(word.lowercased(), $0)) }.filter { $0.1 <= limit }
        return ranked.min { $0.1 < $1.1 }?.0
    }

    /// Levenshtein distance, with a swap of two neighbours counted as one edit.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        guard !x.isEmpty, !y.isEmpty else { return max(x.count, y.count) }
        var table = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { table[i][0] = i }
        for j in 0...y.count { table[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[x.count][y.count]
    }
}

extension Optional where Wrapped == String {
    var orEmpty: String { self ?? "" }
}

/// `chorus-doctor --lang fr check`: a language given before the command goes to the command. Every command takes
/// `--lang`, but argument-parser reads an option only after the command it belongs to, so written first it was an
/// unknown option (and `--lang fr check --help` showed the root's help).
package enum LeadingLanguage {
    package static func moved(_ arguments: [String]) -> [String] {
        var rest = arguments[...]
        var leading: [String] = []
        while let first = rest.first {
            if first == "--lang", rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--lang=") {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !leading.isEmpty, !rest.isEmpty else { return arguments }
        var moved = Array(rest)
        // Before a `--` that ends the options, where there is one.
        moved.insert(contentsOf: leading, at: moved.firstIndex(of: "--") ?? moved.endIndex)
        return moved
    }
}
