import ChorusDemo
import ChorusDoctorKit
import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

/// What a person sees in an 80-column terminal (tmux): nothing wider than the terminal, no command cut in two,
/// and the fix commands of a profile named `other` all name it.
@Suite(.enabled(if: WizardTerminal.available, "tmux is not installed"))
struct TerminalWidthTests {
    static let columns = 80

    @Test func checkReportSetupAndHelpFitIn80Columns() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try await withSimulator(.technicalWrongPassword) { simulator in
            try await WizardTerminal.session(
                environment: ["HOME": home.url.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], columns: Self.columns
            ) { terminal in
                let paths = Paths(environment: ["HOME": home.url.path])
                try ProfileStore(paths: paths).save(DemoProfile.document(simulator.demoCredentials()), as: "other")
                let binary = ChorusBinary.url.path
                var marker = 0
                // The marker is computed by the shell, so the typed command line does not match it.
                func run(_ arguments: String) async throws {
                    marker += 1
                    try await terminal.type("\(binary) \(arguments); echo END-$((1000+\(marker)))")
                    try await terminal.waitFor("END-\(1000 + marker)", seconds: 30)
                }
                for arguments in [
                    "--help", "check --help", "--help --lang fr", "setup --help", "report --help --lang fr",
                ] {
                    try await run(arguments)
                }
                let helpEnd = "END-\(1000 + marker)"
                for arguments in [
                    "check --profile other", "check --profile other --lang fr", "report --profile other",
                    "report --profile other --lang fr", "check --all", "check --all --lang fr",
                    "lookup --profile other --siret 96613186400011 --lang fr",
                ] {
                    try await run(arguments)
                }
                // The wizard's first screens, then quit.
                try await terminal.type("\(binary) setup --profile fresh")
                try await terminal.answer("Environment (sandbox or production) [sandbox]: ", "")
                try await terminal.answer("PISTE application name: ", "APP_SANDBOX_x")
                try await terminal.answer("Done on the portal? (done, skip) [done]: ", "help")
                try await terminal.answer("Done on the portal? (done, skip) [done]: ", "quit", count: 2)
                try await terminal.waitFor("Progress saved")

                let screen = try await terminal.capture()
                var checked = 0
                for line in screen.split(separator: "\n").map({ String($0).replacingTrailingSpaces() }) {
                    // What the test typed is not the tool's output.
                    if line.hasPrefix("$ ") || line.hasPrefix("END-") { continue }
                    checked += 1
                    let words = line.split(separator: " ")
                    let oneUnbreakableWord = words.count == 1 || (words.count == 2 && words[0].hasSuffix(":"))
                    if TextWrap.displayWidth(line) > Self.columns {
                        // Only a URL or a path longer than the terminal may be (it cannot be cut).
                        #expect(oneUnbreakableWord && line.contains("/"), "wider than \(Self.columns): \(line)")
                    }
                    if line.hasPrefix("```") { continue }
                    let ticks = line.filter { $0 == "`" }.count
                    #expect(ticks % 2 == 0 || line.hasSuffix(" \\"), "a command is cut: \(line)")
                }
                #expect(checked > 200, "the screens were read")
                #expect(screen.contains("[ÉCHEC] compte"))
                #expect(
                    screen.contains("  PROFIL  RÉSULTAT  ") || screen.contains("  PROFIL  ENVIRONNEMENT  "), "the table"
                )
                #expect(screen.contains("UTILISATION :"))
                // Every command shown for `other` (check, report) and for `fresh` (the wizard) names it; help is general.
                let shown = screen.components(separatedBy: helpEnd).last ?? ""
                let commands = shown.split(separator: "`", omittingEmptySubsequences: false).enumerated()
                    .filter { $0.offset % 2 == 1 && $0.element.hasPrefix("chorus-doctor ") }.map { String($0.element) }
                #expect(
                    commands.contains { $0.contains("profile set --profile other technical_password") }, "\(commands)")
                for command in commands
                where ["profile set", "profile unset", "profile show", "check", "setup", "bundle", "report"].contains(
                    where: {
                        command.hasPrefix("chorus-doctor " + $0)
                    }) && !command.contains("--help") && !command.contains("--all")
                {
                    #expect(command.contains("--profile other") || command.contains("--profile fresh"), "\(command)")
                }
            }
        }
    }
}

extension String {
    fileprivate func replacingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
