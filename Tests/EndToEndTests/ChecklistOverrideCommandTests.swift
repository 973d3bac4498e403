import ChorusTestSupport
import Foundation
import Testing

/// `CHORUS_DOCTOR_CHECKLISTS=DIR` as a support engineer uses it: an edited copy is used without rebuilding, and a
/// broken one stops every command before it starts, named with file and place, in the user's language, exit 70.
@Suite struct ChecklistOverrideCommandTests {
    static func directory(_ home: TemporaryHome, _ files: [String: String]) throws -> String {
        let directory = home.url.appendingPathComponent("edited-checklists")
        for (name, text) in files {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return directory.path
    }

    @Test func anEditedCopyIsUsedWithoutRebuilding() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let explain = """
            rules:
              - id: teapot
                when: {message: "~teapot"}
                cause: {en: "The platform is a teapot.", fr: "La plateforme est une théière."}
                fixes: [{en: "Brew tea.", fr: "Faites du thé."}]

            """
        let path = try Self.directory(home, ["explain.yaml": explain])
        let result = try await ChorusBinary.run(
            ["explain", "I am a teapot"], home: home.url, env: ["CHORUS_DOCTOR_CHECKLISTS": path])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.flowing.contains("The platform is a teapot."))
        #expect(result.flowing.contains("Brew tea."))
    }

    @Test(arguments: [
        ("C.UTF-8", "The checklists are invalid: "), ("fr_FR.UTF-8", "Les listes de contrôle sont invalides : "),
    ])
    func aBrokenCopyStopsTheCommandWithFileAndPlace(_ lang: String, _ sentence: String) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let rules = "rules:\n  - id: broken\n    when: {}\n    fixes: []\n"
        let path = try Self.directory(home, ["rules.yaml": rules])
        for command in [["check", "--profile", "none"], ["explain", "HTTP 401"], ["checklist"]] {
            let result = try await ChorusBinary.run(
                command, home: home.url, env: ["CHORUS_DOCTOR_CHECKLISTS": path, "LANG": lang])
            #expect(result.status == 70, "\(command): \(result.all)")
            #expect(result.stdout.isEmpty)
            #expect(
                result.flowingErrors == sentence + "checklists/rules.yaml:2:5: rules[0]: missing 'cause'",
                "\(result.stderr)")
        }
    }

    @Test func aStringKeyInOneLanguageOnlyIsRefused() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let path = try Self.directory(home, ["strings/fr.extra.yaml": "extra.key: \"Seulement en français\"\n"])
        let result = try await ChorusBinary.run(
            ["explain", "HTTP 401"], home: home.url, env: ["CHORUS_DOCTOR_CHECKLISTS": path])
        #expect(result.status == 70)
        #expect(
            result.flowingErrors
                == "The checklists are invalid: checklists/strings/fr.extra.yaml:1:12: extra.key: no 'en' text in any "
                + "strings/en.*.yaml")
    }
}
