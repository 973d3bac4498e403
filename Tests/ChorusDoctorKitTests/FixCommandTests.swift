import ChorusSimulator
import Foundation
import Testing

@testable import ChorusDoctorKit

/// Fixes you can paste: the commands a diagnosis prints name the profile in use, and what the tool knows is filled.
@Suite struct FixCommandTests {
    @Test(arguments: [
        ("chorus-doctor profile set client_secret", "chorus-doctor profile set --profile other client_secret"),
        ("chorus-doctor check --verbose", "chorus-doctor check --profile other --verbose"),
        ("chorus-doctor setup", "chorus-doctor setup --profile other"),
        ("chorus-doctor bundle", "chorus-doctor bundle --profile other"),
        (
            "chorus-doctor profile unset token_url api_base_url",
            "chorus-doctor profile unset --profile other token_url api_base_url"
        ),
        ("chorus-doctor check --profile x", "chorus-doctor check --profile x"),
        ("chorus-doctor profile --help", "chorus-doctor profile --help"),
        ("chorus-doctor demo", "chorus-doctor demo"),
        ("chorus-doctor dataset list", "chorus-doctor dataset list"),
        ("chorus-doctor invoice analyze a.xml", "chorus-doctor invoice analyze --profile other a.xml"),
        ("chorus-doctor invoice send a.xml", "chorus-doctor invoice send --profile other a.xml"),
    ])
    func commandGetsTheProfile(_ written: String, _ expected: String) {
        #expect(FixCommand.command(written, profile: "other") == expected)
    }

    /// A profile name a shell would read differently is quoted.
    @Test func anOddProfileNameIsQuoted() {
        #expect(FixCommand.command("chorus-doctor check", profile: "a b") == "chorus-doctor check --profile 'a b'")
    }

    /// `default` is what a command without `--profile` uses, unless `CHORUS_PROFILE` picks another one.
    @Test func defaultIsNamedOnlyWhenItMustBe() {
        #expect(FixCommand.profileFacts(name: "default", environment: [:]).isEmpty)
        #expect(
            FixCommand.profileFacts(name: "default", environment: ["CHORUS_PROFILE": "x"]) == ["profile": "default"])
        #expect(FixCommand.profileFacts(name: "acme", environment: [:]) == ["profile": "acme"])
        #expect(ProfileChoice.initial(["CHORUS_PROFILE": " acme "]) == "acme")
        #expect(ProfileChoice.initial([:]) == "default")
    }

    /// Every rule of the book, in both languages: each `chorus-doctor` command of a fix, a cause or a way to check
    /// that takes a profile names it, and no `{placeholder}` is left.
    @Test(arguments: Language.allCases)
    func everyRuleNamesTheProfile(_ language: Language) throws {
        let book = ChecklistLibrary.embedded.rules
        let facts = ["profile": "other", "piste_application": "APP_SANDBOX_x", "date.renewed_expiry": "2028-01-20"]
        for rule in book.rules {
            let diagnosis = RuleBook.render(rule, facts: facts, language: language)
            let texts = diagnosis.fixes + [diagnosis.cause] + diagnosis.candidates.flatMap { [$0.cause, $0.check] }
            for text in texts {
                #expect(!text.contains("{piste_application") && !text.contains("{date."), "\(rule.id): \(text)")
                for command in Self.commands(in: text) where Self.takesProfile(command) {
                    #expect(command.contains("--profile other"), "\(rule.id): \(command)")
                }
            }
        }
    }

    /// GIVEN a profile named `other` whose noted password expiry has passed, WHEN checked, THEN the printed fix
    /// commands all carry `--profile other`, and the renewal date is filled (today + 424 days).
    @Test func aFailingCheckPrintsCommandsForItsProfile() async throws {
        try await SimulatedProfiles.with(.technicalPasswordExpired, profiles: ["other"]) { sim in
            let store = ProfileStore(paths: sim.context.paths)
            var document = try #require(try store.load("other"))
            document.technicalPasswordExpiry = CalendarDay.format(CalendarDay.adding(days: -3, to: Fixture.now))
            try store.save(document, as: "other")
            let status = await CheckFlow.execute(sim.context, options: .init(profile: "other", save: false))
            #expect(status == .checkFailed)
            let text = sim.console.output
            let commands = Self.commands(in: text)
            #expect(!commands.isEmpty, "\(text)")
            for command in commands where Self.takesProfile(command) {
                #expect(command.contains("--profile other"), "\(command)")
            }
            let renewed = CalendarDay.format(CalendarDay.adding(days: 424, to: Fixture.now))
            #expect(text.contains("technical_password_expiry \(renewed)"), "\(text)")
        }
    }

    static func commands(in text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 && $0.element.hasPrefix("chorus-doctor ") }.map { String($0.element) }
    }

    static func takesProfile(_ command: String) -> Bool {
        let exempt = ["demo", "sim", "explain", "profile list", "dataset list", "dataset import"]
        return !exempt.contains { command.hasPrefix("chorus-doctor " + $0) } && !command.contains("--help")
            && !command.contains("--all")
    }
}
