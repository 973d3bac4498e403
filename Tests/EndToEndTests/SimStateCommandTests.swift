import ChorusTestSupport
import Foundation
import Testing

/// `chorus-doctor sim --state DIR` refusing a state it cannot use: a clear sentence in each language, exit 70, the
/// file left as it was; bad values refused before anything starts.
@Suite struct SimStateCommandTests {
    @Test(arguments: [("en", "is not a simulator state"), ("fr", "n'est pas un état du simulateur")])
    func corruptStateIsReportedAndKept(language: String, words: String) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let directory = home.url.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("chorus-simulator-state.json")
        let contents = Data("{\"version\":1,\"flows\":[".utf8)
        try contents.write(to: file)
        let run = try await ChorusBinary.run(
            ["sim", "--port", "0", "--lang", language, "--state", directory.path], home: home.url)
        #expect(run.status == 70)
        #expect(ChorusBinary.Result.unwrapped(run.stderr).contains(words), "\(run.stderr)")
        #expect(!run.stdout.contains("listening") && !run.stdout.contains("à l'écoute"))
        #expect(try Data(contentsOf: file) == contents)
    }

    @Test func badValuesAreRefusedAtOnce() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let file = home.url.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let notDirectory = try await ChorusBinary.run(["sim", "--port", "0", "--state", file.path], home: home.url)
        #expect(notDirectory.status == 70)
        #expect(ChorusBinary.Result.unwrapped(notDirectory.stderr).contains("not a directory"))
        let control = try await ChorusBinary.run(["sim", "--state", "a\u{1B}b"], home: home.url)
        #expect(control.status == 2 && !control.all.contains("\u{1B}"))
        let both = try await ChorusBinary.run(["sim", "--state", "dir", "--replay", "x.har"], home: home.url)
        #expect(both.status == 2 && both.stderr.contains("--replay"))
    }
}
