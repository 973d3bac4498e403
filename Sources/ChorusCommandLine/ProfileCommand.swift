import ArgumentParser
import ChorusDoctorKit
import Foundation

struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: HelpText["help.profile.abstract"],
        discussion: HelpText.discussion("help.root.discussion"),
        subcommands: [List.self, Show.self, Set.self, Unset.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: HelpText["help.profile.list.abstract"])
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let status = ProfileFlow.list(try common.context())
            if status != .ok { throw status.exitCode }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: HelpText["help.profile.show.abstract"])
        @OptionGroup var common: CommonOptions
        @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.profile"])) var profile = ProfileChoice
            .initial
        @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.json"])) var json = false

        func run() async throws {
            let status = ProfileFlow.show(try common.context(), name: profile, json: json)
            if status != .ok { throw status.exitCode }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: HelpText["help.profile.set.abstract"])
        @OptionGroup var common: CommonOptions
        @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.profile"])) var profile = ProfileChoice
            .initial
        @Argument(help: ArgumentHelp(HelpText["help.option.key"])) var key: String
        @Argument(help: ArgumentHelp(HelpText["help.option.value"])) var value: String?
        @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.stdin"])) var stdin = false

        func run() async throws {
            let ctx = try common.context()
            let secret = ProfileDocument.secretKeys.contains(key)
            let status = ProfileFlow.set(ctx, name: profile, key: key, value: value) {
                if stdin {
                    let data = FileHandle.standardInput.readDataToEndOfFile()
                    var text = String(decoding: data, as: UTF8.self)
                    while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
                    return text.isEmpty ? nil : text
                }
                let prompt = ctx.strings(secret ? "prompt.secret" : "prompt.value", ["key": key])
                if secret { return SecretPrompt.read(prompt: prompt) }
                ctx.console.err(prompt)
                return readLine(strippingNewline: true)
            }
            if status != .ok { throw status.exitCode }
        }
    }

    struct Unset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unset", abstract: HelpText["help.profile.unset.abstract"])
        @OptionGroup var common: CommonOptions
        @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.profile"])) var profile = ProfileChoice
            .initial
        @Argument(help: ArgumentHelp(HelpText["help.option.keys"])) var keys: [String]

        func run() async throws {
            let status = ProfileFlow.unset(try common.context(), name: profile, keys: keys)
            if status != .ok { throw status.exitCode }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: HelpText["help.profile.delete.abstract"])
        @OptionGroup var common: CommonOptions
        @Argument(help: ArgumentHelp(HelpText["help.option.delete_name"], valueName: "name")) var name: String?
        @Option(name: .shortAndLong, help: ArgumentHelp(HelpText["help.option.profile"])) var profile: String?
        @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.yes"])) var yes = false
        @Flag(name: .long, help: ArgumentHelp(HelpText["help.option.purge"])) var purge = false

        func validate() throws {
            guard name != nil || profile != nil else { throw ValidationError(HelpText["help.option.delete_name"]) }
            if let name, let profile, name != profile {
                throw ValidationError("\(name) ≠ --profile \(profile)")
            }
        }

        func run() async throws {
            let ctx = try common.context()
            let target = name ?? profile!
            var removeState = purge
            if !yes {
                // A deletion is confirmed by a person; a script says --yes.
                guard isatty(STDIN_FILENO) == 1 else {
                    ctx.console.showError(ctx.strings("profile.delete.needs_yes", ["profile": target]) + "\n")
                    throw ExitStatus.usage.exitCode
                }
                let path = ctx.paths.profileFile(target).path
                guard confirm(ctx, ctx.strings("profile.delete.confirm", ["profile": target, "path": path])) else {
                    ctx.console.show(ctx.strings("profile.delete.cancelled") + "\n")
                    return
                }
                let runs = ProfileFlow.keptState(ctx, name: target)
                if !purge, runs.runs > 0 || runs.progress {
                    removeState = confirm(
                        ctx,
                        ctx.strings("profile.delete.state_confirm", ["profile": target, "runs": String(runs.runs)]))
                }
            }
            let status = ProfileFlow.delete(ctx, name: target, removeState: removeState)
            if status != .ok { throw status.exitCode }
        }

        /// Asks on standard error, reads one line: yes in the user's language, anything else is no.
        func confirm(_ ctx: DoctorContext, _ question: String) -> Bool {
            ctx.console.showError(question)
            ctx.console.err(" ")
            let answer = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            let words = ctx.strings("profile.delete.yes_words").split(separator: ",").map(String.init)
            return words.contains(answer)
        }
    }
}
