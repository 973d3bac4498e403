import Foundation
import Testing

/// `checklist-embedder` (run by the `EmbedChecklists` build plugin) refuses every kind of broken checklist file, naming
/// the file, the line and column and the place, so a broken rule fails the build and never a user's run.
@Suite struct ChecklistEmbedderTests {
    static let checklists = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("checklists")

    /// The embedder is built next to the tool, as a host tool of the plugin.
    static let embedder = ChorusBinary.url.deletingLastPathComponent().appendingPathComponent("checklist-embedder")

    /// A copy of `checklists/` with `files` written over it (nil deletes), embedded into a temporary Swift file.
    static func embed(_ files: [String: String?]) async throws -> (result: ChorusBinary.Result, swift: String?) {
        let home = try TemporaryHome()
        defer { home.remove() }
        let copy = home.url.appendingPathComponent("checklists")
        try FileManager.default.copyItem(at: checklists, to: copy)
        for (name, text) in files {
            let url = copy.appendingPathComponent(name)
            if let text {
                try text.write(to: url, atomically: true, encoding: .utf8)
            } else {
                try FileManager.default.removeItem(at: url)
            }
        }
        let output = home.url.appendingPathComponent("EmbeddedChecklists.swift")
        let result = try await ChorusBinary.run(
            [copy.path, output.path], home: home.url, executable: embedder)
        return (result, try? String(contentsOf: output, encoding: .utf8))
    }

    /// The build fails with exactly this line on standard error.
    static func refuses(_ files: [String: String?], _ line: String) async throws {
        let (result, swift) = try await embed(files)
        #expect(result.status == 1, "\(result.all)")
        #expect(swift == nil)
        #expect(result.stderr.split(separator: "\n").contains { $0 == line }, "\(result.stderr)")
    }

    @Test func theProjectsChecklistsEmbed() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.embedder.path), "\(Self.embedder.path)")
        let (result, swift) = try await Self.embed([:])
        #expect(result.status == 0, "\(result.all)")
        let source = try #require(swift)
        for name in ["rules", "explanations", "setupSteps", "depositStates", "invoiceChecks", "enStrings", "frStrings"]
        {
            #expect(source.contains("    static let \(name): "), "\(name)")
        }
        #expect(!source.contains("YAMLDecoder") && !source.contains("JSONDecoder"))
    }

    static let rule = """
        rules:
          - id: only.rule
            when: {http.status: "418"}
            cause: {en: "A teapot.", fr: "Une théière."}
            fixes: []

        """

    @Test func badYAML() async throws {
        let (result, _) = try await Self.embed(["explain.yaml": "rules:\n  - id: a\n   when: {\n"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("checklists/explain.yaml:3:"), "\(result.stderr)")
        #expect(result.stderr.contains(": error: not valid YAML: "))
    }

    @Test func missingField() async throws {
        let text = Self.rule.replacingOccurrences(of: "    fixes: []\n", with: "")
        try await Self.refuses(["rules.yaml": text], "checklists/rules.yaml:2:5: error: rules[0]: missing 'fixes'")
    }

    @Test func wrongType() async throws {
        let text = Self.rule.replacingOccurrences(of: "fixes: []", with: "fixes: none")
        try await Self.refuses(
            ["rules.yaml": text], "checklists/rules.yaml:5:12: error: rules[0].fixes: expected a list")
    }

    @Test func unknownStage() async throws {
        let text = Self.rule.replacingOccurrences(of: "    when:", with: "    stage: acount\n    when:")
        try await Self.refuses(
            ["rules.yaml": text],
            "checklists/rules.yaml:3:12: error: rules[0].stage: unknown stage 'acount' "
                + "(one of: config, network, token, gateway, account, structure)")
    }

    @Test func duplicateRuleAndCandidateIDs() async throws {
        let twice = Self.rule + Self.rule.replacingOccurrences(of: "rules:\n", with: "")
        try await Self.refuses(
            ["rules.yaml": twice], "checklists/rules.yaml:6:9: error: rules[1].id: rule id 'only.rule' appears twice")
        let candidate = "      - {id: c, cause: {en: a, fr: b}, check: {en: a, fr: b}}\n"
        let candidates = Self.rule + "    candidates:\n" + candidate + candidate
        try await Self.refuses(
            ["explain.yaml": candidates],
            "checklists/explain.yaml:8:14: error: rules[0].candidates[1].id: candidate id 'c' appears twice in rule "
                + "'only.rule'")
    }

    static let step = """
        steps:
          - id: first
            number: 0
            title: {en: "First", fr: "Premier"}
            why: {en: "Why", fr: "Pourquoi"}
            do: [{en: "Do", fr: "Faire", only: sandbox}]
            copy: {en: "Copy", fr: "Copier"}
            verify: {en: "Verify", fr: "Vérifier"}
            fields:
              - key: client_id
                validator: client_id
                label: {en: "Client id", fr: "Identifiant client"}

        """

    @Test func stepsWithUnknownKeysValidatorsOrEnvironments() async throws {
        let (valid, _) = try await Self.embed(["setup-steps.yaml": Self.step])
        #expect(valid.status == 0, "\(valid.all)")
        try await Self.refuses(
            ["setup-steps.yaml": Self.step.replacingOccurrences(of: "key: client_id", with: "key: client")],
            "checklists/setup-steps.yaml:10:14: error: steps[0].fields[0].key: step 'first': unknown profile key "
                + "'client' (one of: environment, token_url, api_base_url, client_id, client_secret, "
                + "client_secret_command, technical_login, technical_password, technical_password_command, "
                + "technical_password_expiry, siret, user_login, piste_application, iban, ca_bundle)")
        let validator = try await Self.embed([
            "setup-steps.yaml": Self.step.replacingOccurrences(of: "validator: client_id", with: "validator: uuid")
        ])
        #expect(
            validator.result.stderr.hasPrefix(
                "checklists/setup-steps.yaml:11:20: error: steps[0].fields[0].validator: unknown validator 'uuid'"))
        let environment = try await Self.embed([
            "setup-steps.yaml": Self.step.replacingOccurrences(of: "only: sandbox", with: "only: qualif")
        ])
        #expect(
            environment.result.stderr.hasPrefix(
                "checklists/setup-steps.yaml:6:40: error: steps[0].do[0].only: unknown environment 'qualif'"))
        let twice = Self.step + Self.step.replacingOccurrences(of: "steps:\n", with: "")
        try await Self.refuses(
            ["setup-steps.yaml": twice],
            "checklists/setup-steps.yaml:13:9: error: steps[1].id: step id 'first' appears twice")
    }

    @Test func flowStatesAndInvoiceChecks() async throws {
        let state = "final: true\n    outcome: rejected\n    meaning: {en: a, fr: b}\n    action: {en: c, fr: d}"
        let states = "states:\n  IN_REJETE:\n    \(state)\nunknown:\n    \(state)\n"
        let (valid, _) = try await Self.embed(["flow-states.yaml": states])
        #expect(valid.status == 0, "\(valid.all)")
        try await Self.refuses(
            ["flow-states.yaml": states.replacingOccurrences(of: "IN_REJETE", with: "in_rejete")],
            "checklists/flow-states.yaml:3:5: error: states.in_rejete: state codes are written in upper case, as the "
                + "platform sends them")
        try await Self.refuses(
            ["flow-states.yaml": states.replacingOccurrences(of: "rejected", with: "refused")],
            "checklists/flow-states.yaml:4:14: error: states.IN_REJETE.outcome: unknown outcome 'refused' (one of: "
                + "pending, integrated, partial, rejected, incident)")
        let check = "  - {id: a.b, severity: error, rejection: null, source: x, cause: {en: a, fr: b}, fixes: []}\n"
        let checks = "limits: {max_bytes: 1, max_name_length: 2, name_extra_characters: \"-\"}\nchecks:\n" + check
        try await Self.refuses(
            ["invoice-checks.yaml": checks + check],
            "checklists/invoice-checks.yaml:4:10: error: checks[1].id: check id 'a.b' appears twice")
        try await Self.refuses(
            ["invoice-checks.yaml": checks.replacingOccurrences(of: "severity: error", with: "severity: fatal")],
            "checklists/invoice-checks.yaml:3:25: error: checks[0].severity: unknown severity 'fatal' (one of: error, "
                + "warning)")
    }

    @Test func stringsInOneLanguageOnlyTwiceOrWithOtherPlaceholders() async throws {
        try await Self.refuses(
            ["strings/en.extra.yaml": "# extra\nextra.key: \"Only in English\"\n"],
            "checklists/strings/en.extra.yaml:2:12: error: extra.key: no 'fr' text in any strings/fr.*.yaml")
        try await Self.refuses(
            ["strings/en.extra.yaml": "check.header: \"Again\"\n", "strings/fr.extra.yaml": "a: b\n"],
            "checklists/strings/en.extra.yaml:1:15: error: check.header: defined twice (also in "
                + "checklists/strings/en.yaml)")
        try await Self.refuses(
            [
                "strings/en.extra.yaml": "extra.key: \"Hello {name}\"\n",
                "strings/fr.extra.yaml": "extra.key: \"Salut {nom}\"\n",
            ],
            "checklists/strings/en.extra.yaml:1:12: error: extra.key: placeholders differ from the 'fr' text: "
                + "[\"{name}\"] here, [\"{nom}\"] in checklists/strings/fr.extra.yaml")
        try await Self.refuses(
            ["strings/fr.extra.yaml": "extra.key: a\nextra.key: b\n", "strings/en.extra.yaml": "extra.key: c\n"],
            "checklists/strings/fr.extra.yaml:1:1: error: key 'extra.key' is written twice in the same place")
    }

    @Test func unknownAndMissingFiles() async throws {
        let (result, _) = try await Self.embed(["rule.yaml": Self.rule, "strings/de.yaml": "a: b\n", "rules.yaml": nil])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("checklists/rules.yaml: error: missing"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("checklists/rule.yaml: error: not a checklist file") }, "\(lines)")
        #expect(
            lines.contains { $0.hasPrefix("checklists/strings/de.yaml: error: a strings file is named") }, "\(lines)")
    }
}
