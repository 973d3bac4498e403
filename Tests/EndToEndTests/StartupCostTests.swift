import Foundation
import Testing

/// Start-up work that a build setting or a line of code can bring back unnoticed.
@Suite struct StartupCostTests {
    static let commandSources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/ChorusCommandLine")

    /// Without `commandName`, ArgumentParser derives each command's name with `String(describing:)`, which costs a
    /// scan of every protocol conformance in the binary per command at every start (an eighth of `--help`'s CPU).
    @Test func everyCommandNamesItself() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.commandSources.path)
            .filter { $0.hasSuffix(".swift") }
        var unnamed: [String] = []
        var configurations = 0
        for file in files {
            let text = try String(contentsOf: Self.commandSources.appendingPathComponent(file), encoding: .utf8)
            var rest = text[...]
            while let start = rest.range(of: "CommandConfiguration(") {
                configurations += 1
                let opening = rest[start.upperBound...].drop { $0 == " " || $0 == "\n" }
                if !opening.hasPrefix("commandName:") {
                    let line = text[..<start.lowerBound].filter { $0 == "\n" }.count + 1
                    unnamed.append("\(file):\(line)")
                }
                rest = rest[start.upperBound...]
            }
        }
        #expect(configurations > 20)
        #expect(unnamed.isEmpty, "commands without commandName: \(unnamed)")
    }
}
