import ArgumentParser
import ChorusDoctorKit
import Foundation
import Synchronization

/// `--help` in the user's language: `--lang` if it is on the command line, else the locale variables.
package enum HelpText {
    package static let strings: Strings = {
        let arguments = CommandLine.arguments
        var flag: String?
        for (index, argument) in arguments.enumerated() {
            if argument == "--lang", index + 1 < arguments.count { flag = arguments[index + 1] }
            if argument.hasPrefix("--lang=") { flag = String(argument.dropFirst(7)) }
        }
        let environment = ProcessInfo.processInfo.environment
        let language = Language.resolve(flag: flag, environment: environment)
        let library = (try? ChecklistLibrary.current(environment: environment)) ?? .embedded
        return Strings(language: language, library: library)
    }()

    package static subscript(key: String) -> String { strings(key) }

    /// True when argument-parser's answer is for a program, never to be wrapped: a completion script
    /// (`--generate-completion-script`), the completions a script asks for (`---completion`), the command tree as
    /// JSON (`--experimental-dump-help`, which `generate-manual` reads).
    static func isForAProgram(_ arguments: [String]) -> Bool {
        arguments.dropFirst().contains {
            $0 == "---completion" || $0 == "--experimental-dump-help" || $0 == "--generate-completion-script"
                || $0.hasPrefix("--generate-completion-script=")
        }
    }

    /// A `--help` discussion, laid out for this terminal: the paragraphs of the table are re-flowed and wrapped
    /// by `TextWrap` (a command is never split) one column short of argument-parser's width, so it has nothing left
    /// to break.
    ///
    /// Laying out every command's discussion is a good part of a run's start-up, and only help shows them, so a
    /// command's configuration holds a mark (`discussionMark`) that `laidOut`, through which every help message
    /// goes, replaces with the laid-out text. A program's answer (`isForAProgram`) gets the text itself.
    static func discussion(_ key: String) -> String {
        isForAProgram(CommandLine.arguments) ? laidOutDiscussion(key) : discussionMark.start + key + discussionMark.end
    }

    static func laidOutDiscussion(_ key: String) -> String { TextWrap.fit(reflowed(self[key]), width: width) }

    /// Around a discussion's key in a configuration: characters of Unicode's private use area, which no text has.
    static let discussionMark = (start: "\u{E000}", end: "\u{E001}")

    /// `message` with each discussion mark replaced by its laid-out text.
    static func withDiscussions(_ message: String) -> String {
        guard message.contains(discussionMark.start) else { return message }
        var result = ""
        var rest = Substring(message)
        while let start = rest.range(of: discussionMark.start),
            let end = rest.range(of: discussionMark.end, range: start.upperBound..<rest.endIndex)
        {
            result += rest[..<start.lowerBound]
            result += laidOutDiscussion(String(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return result + rest
    }

    /// The terminal's width, read before argument-parser is told to leave the wrapping to `laidOut`; for a program
    /// (`isForAProgram`: the manual page is made from `--experimental-dump-help`) paragraphs stay whole, whatever
    /// the terminal.
    static let width =
        isForAProgram(CommandLine.arguments)
        ? 10_000 : TerminalWidth.current(environment: ProcessInfo.processInfo.environment)

    /// Runs `body` (argument-parser's parsing, or its message) with `COLUMNS` so wide that argument-parser keeps
    /// every paragraph and option text on one line: `laidOut` then wraps it all to the real width, once.
    static func unwrapped<T>(_ body: () throws -> T) rethrows -> T {
        widen()
        defer { restore() }
        return try body()
    }

    /// `COLUMNS` as it was before `widen` (`.some(nil)`: it was unset), nil when not widened.
    private static let savedColumns = Mutex<String??>(nil)

    /// `COLUMNS` set very wide for argument-parser (the real width is kept in `width` first).
    static func widen() {
        _ = width
        savedColumns.withLock { saved in
            guard saved == nil else { return }
            saved = .some(getenv("COLUMNS").map { String(cString: $0) })
            setenv("COLUMNS", "10000", 1)
        }
    }

    /// `COLUMNS` as it was.
    static func restore() {
        savedColumns.withLock { saved in
            guard let columns = saved else { return }
            if let columns { setenv("COLUMNS", columns, 1) } else { unsetenv("COLUMNS") }
            saved = nil
        }
    }

    /// argument-parser's own words, in the user's language (the table's `help.parser.*` keys).
    static let parserWords: [(english: String, key: String)] = [
        ("OVERVIEW:", "help.parser.overview"), ("USAGE:", "help.parser.usage"), ("Usage:", "help.parser.usage_error"),
        ("ARGUMENTS:", "help.parser.arguments"), ("OPTIONS:", "help.parser.options"),
        ("SUBCOMMANDS:", "help.parser.subcommands"), ("Show the version.", "help.parser.version"),
        ("Show help information.", "help.parser.help"), ("(default: ", "help.parser.default"),
        ("for detailed help.", "help.parser.detailed"), ("for more information.", "help.parser.more"),
        ("(default)", "help.parser.default_subcommand"), ("  See '", "help.parser.see"),
        ("Error: ", "help.parser.error"),
    ]

    /// A message of argument-parser (help, usage error) in the user's language, wrapped to the terminal: a usage
    /// line continues under its first option, an option's text under the column of the texts.
    static func laidOut(_ message: String) -> String {
        var text = withDiscussions(message)
        if strings.language != .en {
            for (english, key) in parserWords { text = text.replacingOccurrences(of: english, with: strings(key)) }
        }
        let usage = [self["help.parser.usage"], self["help.parser.usage_error"], "USAGE:", "Usage:"]
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let line = String(line)
            guard TextWrap.displayWidth(line) > width else { return line }
            if let label = usage.first(where: { line.hasPrefix($0 + " ") }) {
                // A usage line: continued under the first option, an `[--option <value>]` never split.
                let words = line.dropFirst(label.count + 1).split(separator: " ", maxSplits: 1)
                let head = label + " " + (words.first.map(String.init) ?? "") + " "
                let hanging = String(repeating: " ", count: min(TextWrap.displayWidth(head), width / 2))
                let options = words.count > 1 ? Self.bracketsGlued(String(words[1])) : ""
                return TextWrap.wrap(options, width: width, first: head, rest: hanging)
                    .map { $0.replacingOccurrences(of: "\u{A0}", with: " ") }.joined(separator: "\n")
            }
            let column = optionColumn
            if line.hasPrefix("  "), line.count > column, line.dropFirst(column - 1).first == " ",
                line.dropFirst(column).first != " "
            {
                // An option or a subcommand: its text continues in the column of the texts.
                let label = String(line.prefix(column))
                return TextWrap.wrap(
                    String(line.dropFirst(column)), width: width, first: label,
                    rest: String(repeating: " ", count: column)
                ).joined(separator: "\n")
            }
            return TextWrap.fit(line, width: width)
        }.joined(separator: "\n")
    }

    /// The column argument-parser starts option and subcommand texts in.
    static let optionColumn = 26

    /// The spaces inside `[…]` made non-breaking, so that an option and its value stay on one line.
    static func bracketsGlued(_ text: String) -> String {
        var depth = 0
        return String(
            text.map { character -> Character in
                if character == "[" { depth += 1 }
                if character == "]" { depth = max(0, depth - 1) }
                return depth > 0 && character == " " ? "\u{A0}" : character
            })
    }

    /// Lines of a paragraph joined again; a blank line, a list item or an indented line starts a new one.
    static func reflowed(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let startsAnew =
                line.isEmpty || line.hasPrefix(" ") || line.hasPrefix("- ") || line.hasPrefix("* ")
                || TextWrap.startsWithListNumber(line)
            if let last = lines.last, !last.isEmpty, !startsAnew {
                lines[lines.count - 1] = last + " " + line
            } else {
                lines.append(line)
            }
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

/// Options every command shares.
package struct CommonOptions: ParsableArguments {
    package init() {}

    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.lang"], valueName: "fr|en"))
    package var lang: String?

    package func validate() throws {
        if let lang, Language(code: lang) == nil {
            throw ValidationError(HelpText.strings("error.bad_lang", ["value": lang]))
        }
    }

    /// The live context; also the one place every command passes through, so the password expiry warning
    /// (standard error only) is printed here.
    package func context(announcingExpiry: Bool = true) throws -> DoctorContext {
        let ctx: DoctorContext
        do {
            ctx = try DoctorContext.live(languageFlag: lang)
        } catch {
            throw error.status.exitCode
        }
        if announcingExpiry { ExpiryWatch.announce(ctx) }
        return ctx
    }
}

extension ExitStatus {
    package var exitCode: ExitCode { ExitCode(rawValue) }
}
