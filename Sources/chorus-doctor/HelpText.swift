import ArgumentParser
import ChorusDoctorKit
import Foundation

/// `--help` in the user's language: `--lang` if it is on the command line, else the locale variables.
enum HelpText {
    static let strings: Strings? = {
        let arguments = CommandLine.arguments
        var flag: String?
        for (index, argument) in arguments.enumerated() {
            if argument == "--lang", index + 1 < arguments.count { flag = arguments[index + 1] }
            if argument.hasPrefix("--lang=") { flag = String(argument.dropFirst(7)) }
        }
        let environment = ProcessInfo.processInfo.environment
        let language = Language.resolve(flag: flag, environment: environment)
        let library = (try? ChecklistLibrary.current(environment: environment)) ?? .embedded
        return try? Strings(language: language, library: library)
    }()

    static subscript(key: String) -> String { strings?(key) ?? key }
}

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(HelpText["help.option.lang"], valueName: "fr|en"))
    var lang: String?

    func validate() throws {
        if let lang, Language(code: lang) == nil {
            throw ValidationError(HelpText["help.option.lang"])
        }
    }

    /// The live context; also the one place every command passes through, so the password expiry warning
    /// (standard error only) is printed here.
    func context() throws -> DoctorContext {
        let ctx = try DoctorContext.live(languageFlag: lang)
        ExpiryWatch.announce(ctx)
        return ctx
    }
}

extension ExitStatus {
    var exitCode: ExitCode { ExitCode(rawValue) }
}
