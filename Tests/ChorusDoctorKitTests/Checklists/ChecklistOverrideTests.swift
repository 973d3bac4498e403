import Foundation
import Testing

@testable import ChorusDoctorKit

/// `CHORUS_DOCTOR_CHECKLISTS=DIR`: an edited copy is decoded and checked once, when the library is made, as the build
/// checks the built-in files; a broken file is named with its line and where in it.
@Suite struct ChecklistOverrideTests {
    /// A library from a temporary directory holding `files` (name under `checklists/` → text).
    static func library(_ files: [String: String]) throws(ChecklistError) -> ChecklistLibrary {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("checklists-\(UUID())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files {
            let url = directory.appendingPathComponent(name)
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? text.write(to: url, atomically: true, encoding: .utf8)
        }
        return try ChecklistLibrary.current(environment: ["CHORUS_DOCTOR_CHECKLISTS": directory.path])
    }

    static func problem(_ files: [String: String]) -> ChecklistError? {
        do {
            _ = try library(files)
            return nil
        } catch {
            return error
        }
    }

    static let rule = """
        rules:
          - id: only.rule
            when: {http.status: "418"}
            cause: {en: "A teapot.", fr: "Une théière."}
            fixes: []

        """

    @Test func overriddenFilesWinAndTheOthersStayBuiltIn() throws {
        let library = try Self.library(["rules.yaml": Self.rule])
        #expect(library.rules.rules.map(\.id) == ["only.rule"])
        #expect(library.explanations == ChecklistLibrary.embedded.explanations)
        #expect(library.setupSteps == ChecklistLibrary.embedded.setupSteps)
        #expect(library.table(.fr) == ChecklistLibrary.embedded.table(.fr))
        #expect(try Self.library([:]).rules == ChecklistLibrary.embedded.rules)
        #expect(try ChecklistLibrary.current(environment: [:]).origin == ChecklistLibrary.embedded.origin)
    }

    /// A strings file replaces the built-in file of the same name only (the other files of the language stay).
    @Test func aStringsFileReplacesItsBuiltInNamesake() throws {
        let english = try #require(EmbeddedChecklists.stringKeys["strings/en.hostile.yaml"])
        let french = try #require(EmbeddedChecklists.stringKeys["strings/fr.hostile.yaml"])
        #expect(english == french && !english.isEmpty)
        func table(_ language: Language) -> String {
            english.map { "\($0): \"\(language.rawValue) \($0) edited\"" }.joined(separator: "\n") + "\n"
        }
        let library = try Self.library(["strings/en.hostile.yaml": table(.en), "strings/fr.hostile.yaml": table(.fr)])
        #expect(Strings(language: .fr, library: library)(english[0]) == "fr \(english[0]) edited")
        #expect(Strings(language: .en, library: library)("check.header") == Strings(language: .en)("check.header"))
        #expect(Strings(language: .en, library: library).keys == Strings(language: .en).keys)
    }

    @Test func notValidYAML() throws {
        let error = try #require(Self.problem(["rules.yaml": "rules:\n  - id: a\n   when: {\n"]))
        #expect(error.file == "rules.yaml" && error.line != nil)
        #expect(error.message.contains("not valid YAML"))
    }

    @Test func aMissingFieldIsNamedWithItsPlace() throws {
        let text = Self.rule.replacingOccurrences(
            of: "    cause: {en: \"A teapot.\", fr: \"Une théière.\"}\n", with: "")
        let error = try #require(Self.problem(["rules.yaml": text]))
        #expect(error == ChecklistError(file: "rules.yaml", line: 2, column: 5, message: "rules[0]: missing 'cause'"))
        #expect(error.description == "checklists/rules.yaml:2:5: rules[0]: missing 'cause'")
    }

    @Test func anUnknownStage() throws {
        let text = Self.rule.replacingOccurrences(of: "    when:", with: "    stage: acount\n    when:")
        let error = try #require(Self.problem(["explain.yaml": text]))
        #expect(error.file == "explain.yaml" && error.line == 3)
        #expect(error.message.hasPrefix("rules[0].stage: ") && error.message.contains("acount"))
    }

    @Test func aDuplicateRuleID() throws {
        let text = Self.rule + Self.rule.replacingOccurrences(of: "rules:\n", with: "")
        let error = try #require(Self.problem(["rules.yaml": text]))
        #expect(error.line == 6 && error.message == "rules[1].id: rule id 'only.rule' appears twice")
    }

    static let step = """
        steps:
          - id: first
            number: 0
            title: {en: "First", fr: "Premier"}
            why: {en: "Why", fr: "Pourquoi"}
            do: [{en: "Do", fr: "Faire"}]
            copy: {en: "Copy", fr: "Copier"}
            verify: {en: "Verify", fr: "Vérifier"}
            fields:
              - key: client_id
                validator: client_id
                label: {en: "Client id", fr: "Identifiant client"}

        """

    @Test func stepsAreChecked() throws {
        #expect(try Self.library(["setup-steps.yaml": Self.step]).setupSteps.steps.map(\.id) == ["first"])
        let unknownKey = try #require(
            Self.problem(["setup-steps.yaml": Self.step.replacingOccurrences(of: "key: client_id", with: "key: client")]
            ))
        #expect(
            unknownKey.line == 10
                && unknownKey.message.hasPrefix("steps[0].fields[0].key: step 'first': unknown profile key 'client'"))
        let twice = Self.step + Self.step.replacingOccurrences(of: "steps:\n", with: "")
        let duplicate = try #require(Self.problem(["setup-steps.yaml": twice]))
        #expect(duplicate.line == 13 && duplicate.message == "steps[1].id: step id 'first' appears twice")
        let validator = try #require(
            Self.problem([
                "setup-steps.yaml": Self.step.replacingOccurrences(
                    of: "validator: client_id", with: "validator: clientid")
            ]))
        #expect(validator.line == 11 && validator.message.contains("clientid"))
    }

    @Test func flowStatesAndInvoiceChecksAreChecked() throws {
        let state = "final: true\n    outcome: rejected\n    meaning: {en: a, fr: b}\n    action: {en: c, fr: d}"
        let states = "states:\n  in_rejete:\n    \(state)\nunknown:\n    \(state)\n"
        let lowercase = try #require(Self.problem(["flow-states.yaml": states]))
        #expect(lowercase.line == 3 && lowercase.message.hasPrefix("states.in_rejete: "))
        let outcome = try #require(
            Self.problem([
                "flow-states.yaml": states.replacingOccurrences(of: "in_rejete", with: "IN_REJETE")
                    .replacingOccurrences(of: "rejected", with: "refused")
            ]))
        #expect(outcome.line == 4 && outcome.message.contains("refused"))
        let check = "  - {id: a.b, severity: error, rejection: null, source: x, cause: {en: a, fr: b}, fixes: []}\n"
        let checks =
            "limits: {max_bytes: 1, max_name_length: 2, name_extra_characters: \"-\"}\nchecks:\n" + check + check
        let duplicate = try #require(Self.problem(["invoice-checks.yaml": checks]))
        #expect(duplicate.line == 4 && duplicate.message == "checks[1].id: check id 'a.b' appears twice")
    }

    @Test func stringsAreCheckedAcrossLanguagesAndFiles() throws {
        let oneLanguage = try #require(Self.problem(["strings/en.extra.yaml": "extra.key: \"Only in English\"\n"]))
        #expect(oneLanguage.file == "strings/en.extra.yaml" && oneLanguage.line == 1)
        #expect(oneLanguage.message == "extra.key: no 'fr' text in any strings/fr.*.yaml")
        let twice = try #require(
            Self.problem(["strings/en.extra.yaml": "check.header: \"Again\"\n", "strings/fr.extra.yaml": "a: b\n"]))
        #expect(twice.file == "strings/en.extra.yaml" && twice.line == 1)
        #expect(twice.message == "check.header: defined twice (also in checklists/strings/en.yaml)")
        let placeholders = try #require(
            Self.problem([
                "strings/en.extra.yaml": "extra.key: \"Hello {name}\"\n",
                "strings/fr.extra.yaml": "extra.key: \"Bonjour {nom}\"\n",
            ]))
        #expect(placeholders.message.contains("placeholders differ"))
        let duplicateKey = try #require(
            Self.problem([
                "strings/fr.extra.yaml": "extra.key: a\nextra.key: b\n", "strings/en.extra.yaml": "extra.key: c\n",
            ]))
        #expect(duplicateKey.file == "strings/fr.extra.yaml" && duplicateKey.line == 1)
        #expect(duplicateKey.message == "key 'extra.key' is written twice in the same place")
    }

    @Test func anUnknownFileIsRefused() throws {
        let error = try #require(Self.problem(["rule.yaml": Self.rule]))
        #expect(error.file == "rule.yaml" && error.message.hasPrefix("not a checklist file"))
        let missing = try #require(Self.problem(["strings/de.yaml": "a: b\n"]))
        #expect(missing.file == "strings/de.yaml")
        #expect(throws: ChecklistError.self) {
            try ChecklistLibrary.current(environment: ["CHORUS_DOCTOR_CHECKLISTS": "/nonexistent/checklists"])
        }
    }
}
