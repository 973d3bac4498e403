import Foundation
import Testing

@testable import ChorusDoctorKit

/// The rule books reach the binary as JSON converted at build time (faster to decode than YAML); what they decode
/// to must be exactly what the YAML a support engineer edits decodes to.
@Suite struct EmbeddedRuleBooksTests {
    @Test(arguments: ["rules.yaml", "explain.yaml"])
    func jsonCopyDecodesLikeTheYAML(file: String) throws {
        let embedded = ChecklistLibrary.embedded
        #expect(embedded.json[file] != nil, "\(file) has no build-time JSON copy")
        let yamlOnly = ChecklistLibrary(files: embedded.files, origin: "test")
        let fromJSON = try RuleBook(library: embedded, file: file).rules
        let fromYAML = try RuleBook(library: yamlOnly, file: file).rules
        #expect(fromJSON.map(\.id) == fromYAML.map(\.id) && !fromJSON.isEmpty)
        for (json, yaml) in zip(fromJSON, fromYAML) { #expect(json == yaml, "\(json.id)") }
    }

    /// An override directory (`CHORUS_DOCTOR_CHECKLISTS`) wins over the build-time copy.
    @Test func overriddenRuleBookIsReadFromItsYAML() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rulebooks-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let yaml = """
            rules:
              - id: only.rule
                when: {http.status: "418"}
                cause: {en: "A teapot.", fr: "Une théière."}
                fixes: []
            """
        try yaml.write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let library = try ChecklistLibrary.current(environment: ["CHORUS_DOCTOR_CHECKLISTS": directory.path])
        #expect(library.json["rules.yaml"] == nil)
        #expect(try RuleBook(library: library).rules.map(\.id) == ["only.rule"])
    }
}
