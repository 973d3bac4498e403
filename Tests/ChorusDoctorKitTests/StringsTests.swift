import Foundation
import Testing

@testable import ChorusDoctorKit

@Suite struct StringsTests {
    @Test func bothTablesHaveTheSameKeys() throws {
        let en = Strings(language: .en)
        let fr = Strings(language: .fr)
        #expect(en.keys.subtracting(fr.keys).isEmpty, "missing in fr: \(en.keys.subtracting(fr.keys).sorted())")
        #expect(fr.keys.subtracting(en.keys).isEmpty, "missing in en: \(fr.keys.subtracting(en.keys).sorted())")
    }

    @Test func placeholdersAgreeBetweenLanguages() throws {
        let en = Strings(language: .en)
        let fr = Strings(language: .fr)
        let pattern = try NSRegularExpression(pattern: "\\{[a-z_.]+\\}")
        func names(_ text: String) -> Set<String> {
            Set(
                pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                    (text as NSString).substring(with: $0.range)
                })
        }
        for key in en.keys {
            #expect(names(en(key)) == names(fr(key)), "placeholders differ for \(key)")
        }
    }

    /// Every literal key the sources pass to `strings(…)`, `Finding(…)`, `HelpText[…]` or `ValidationProblem(…)`
    /// exists in the tables (keys built at run time, like `config.problem.<id>`, are checked by other tests).
    @Test func everyKeyUsedBySourcesExists() throws {
        let en = Strings(language: .en)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let pattern = try NSRegularExpression(
            pattern: "(?:strings\\(|strings\\?\\(|Finding\\(|HelpText\\[|ValidationProblem\\()\\s*\"([a-z_.\\-]+)\"")
        var missing: [String] = []
        var seen = 0
        let enumerator = FileManager.default.enumerator(
            at: root.appendingPathComponent("Sources"), includingPropertiesForKeys: nil)!
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = (text as NSString).substring(with: match.range(at: 1))
                seen += 1
                if !en.has(key) { missing.append("\(url.lastPathComponent): \(key)") }
            }
        }
        #expect(seen > 50, "the scan found too few keys: \(seen)")
        #expect(missing.isEmpty, "keys used but not defined: \(missing)")
    }

    @Test func everyConfigProblemAndScenarioHasText() throws {
        let en = Strings(language: .en)
        let book = ChecklistLibrary.embedded.rules
        for rule in book.rules where rule.id.hasPrefix("config.") {
            let problem = rule.when["config.problem"]!.accepted[0]
            #expect(en.has("config.problem.\(problem)"), "no finding text for \(problem)")
        }
    }

    @Test func languageResolution() {
        #expect(Language.resolve(flag: "fr", environment: ["LANG": "en_US.UTF-8"]) == .fr)
        #expect(Language.resolve(flag: nil, environment: ["LANG": "fr_FR.UTF-8"]) == .fr)
        #expect(Language.resolve(flag: nil, environment: ["LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"]) == .en)
        #expect(Language.resolve(flag: nil, environment: [:]) == .en)
    }
}
