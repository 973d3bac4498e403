import Foundation
import Testing

@testable import ChorusDoctorKit

/// The checklists reach the binary as Swift values generated at build time by `checklist-embedder`; they must be
/// exactly what the YAML a support engineer edits decodes to (decoded here by the override path, file by file).
@Suite struct EmbeddedChecklistsTests {
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("checklists")

    static func file(_ name: String) throws -> ChecklistFile {
        let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
        return try ChecklistFile(name: name, text: text)
    }

    @Test func ruleBooksAreTheYAML() throws {
        let library = ChecklistLibrary.embedded
        for (name, compiled) in [("rules.yaml", library.rules), ("explain.yaml", library.explanations)] {
            let decoded = try RuleBook(Self.file(name))
            #expect(compiled.rules.map(\.id) == decoded.rules.map(\.id) && !compiled.rules.isEmpty, "\(name)")
            for (built, read) in zip(compiled.rules, decoded.rules) { #expect(built == read, "\(name): \(built.id)") }
        }
    }

    @Test func setupStepsAreTheYAML() throws {
        let compiled = ChecklistLibrary.embedded.setupSteps
        let decoded = try SetupSteps(Self.file("setup-steps.yaml"))
        #expect(compiled.steps.map(\.id) == decoded.steps.map(\.id) && compiled.steps.count > 5)
        for (built, read) in zip(compiled.steps, decoded.steps) { #expect(built == read, "\(built.id)") }
    }

    @Test func flowStatesAndInvoiceChecksAreTheYAML() throws {
        let library = ChecklistLibrary.embedded
        let states = try DepositStates(Self.file("flow-states.yaml"))
        #expect(library.depositStates == states)
        #expect(states.states.count >= 9)
        let checks = try InvoiceCheckBook(Self.file("invoice-checks.yaml"))
        #expect(library.invoiceChecks.checks.map(\.id) == checks.checks.map(\.id) && !checks.checks.isEmpty)
        #expect(library.invoiceChecks == checks)
    }

    /// Every `strings/<language>*.yaml`, merged, is the compiled table; and the keys kept per file are the file's.
    @Test func stringTablesAreTheYAML() throws {
        let names = try FileManager.default.contentsOfDirectory(
            atPath: Self.source.appendingPathComponent("strings").path
        )
        .filter { $0.hasSuffix(".yaml") }.map { "strings/\($0)" }
        #expect(Set(names) == Set(EmbeddedChecklists.stringKeys.keys))
        for language in Language.allCases {
            var merged: [String: String] = [:]
            for name in names where StringTable.language(of: name) == language {
                let table = try Self.file(name).decode([String: String].self)
                #expect(table.keys.sorted() == EmbeddedChecklists.stringKeys[name], "\(name)")
                merged.merge(table) { first, _ in first }
            }
            #expect(merged.count > 500)
            #expect(ChecklistLibrary.embedded.table(language) == merged, "\(language)")
            #expect(Strings(language: language).keys == Set(merged.keys))
        }
    }

    /// The embedder spells each enum case it may write; the spelling is the case's raw value (the generated
    /// `switch` already fails the build when the Kit has a case the embedder does not know).
    @Test func embedderSpellsEveryEnumAsItsRawValue() {
        for value in StageID.allCases { #expect(EmbeddedChecklists.spelling(value) == value.rawValue) }
        for value in PlatformEnvironment.allCases { #expect(EmbeddedChecklists.spelling(value) == value.rawValue) }
        for value in SetupProbeKind.allCases { #expect(EmbeddedChecklists.spelling(value) == value.rawValue) }
        for value in SetupAction.allCases { #expect(EmbeddedChecklists.spelling(value) == value.rawValue) }
        for value in FieldValidator.allCases { #expect(EmbeddedChecklists.spelling(value) == value.rawValue) }
        for value in DepositStates.Outcome.allCases { #expect(EmbeddedChecklists.spelling(value) == value.rawValue) }
        for value in InvoiceCheckBook.Severity.allCases {
            #expect(EmbeddedChecklists.spelling(value) == value.rawValue)
        }
        for value in ProfileDocument.CodingKeys.allCases {
            #expect(EmbeddedChecklists.spelling(value) == value.rawValue)
        }
        for value in Language.allCases { #expect(EmbeddedChecklists.spelling(value) == value.rawValue) }
    }
}
