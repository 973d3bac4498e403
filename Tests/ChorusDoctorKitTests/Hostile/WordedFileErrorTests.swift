import Foundation
import Testing

@testable import ChorusDoctorKit

/// A file that cannot be used is said in the output's language, reason included: a French message holds no English
/// sentence (only what it quotes: a path, a key, libyaml's own words).
@Suite struct WordedFileErrorTests {
    /// Words of the English reasons that no French one uses.
    static let english = [
        "cannot", "must be", "unknown key", "expected", "not valid", "is missing", "not UTF-8", " is: ", "not one",
        "unknown schema", "The given data",
    ]

    static func expectFrench(_ text: String, _ sourceLocation: SourceLocation = #_sourceLocation) {
        for word in english {
            #expect(!text.contains(word), "English '\(word)' in: \(text)", sourceLocation: sourceLocation)
        }
    }

    /// Profile files, each broken its own way: both languages, through `check`'s message.
    @Test(arguments: [
        ("client_id: {a: b}\n", "doit être une valeur simple", "must be a single value"),
        ("siret: 1\nsecret_sauce: 2\n", ":2 : clé inconnue « secret_sauce »", ":2: unknown key 'secret_sauce'"),
        ("- a\n- b\n", "des lignes « clé: valeur » étaient attendues", "expected 'key: value' lines"),
        ("siret: \u{FFFD}", "", ""),
    ])
    func brokenProfile(_ text: String, _ french: String, _ english: String) async throws {
        for language in [Language.fr, .en] {
            let test = try TestContext(language: language)
            defer { test.cleanUp() }
            let file = test.context.paths.profileFile("default")
            var bytes = Data(text.utf8)
            if french.isEmpty { bytes = Data([0x73, 0x69, 0x72, 0x65, 0x74, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]) }
            try AtomicFile.write(bytes, to: file)
            let status = await CheckFlow.execute(test.context, options: .init(profile: "default"))
            #expect(status == .configFile)
            let errors = test.console.errors
            let expected =
                french.isEmpty
                ? (language == .fr ? "ce n'est pas du texte UTF-8" : "not UTF-8 text")
                : (language == .fr ? french : english)
            #expect(errors.contains(expected), "\(errors)")
            if language == .fr { Self.expectFrench(errors) }
            #expect(try Data(contentsOf: file) == bytes, "left as it was")
        }
    }

    /// A directory where the profile should be.
    @Test func directoryWhereTheProfileIs() async throws {
        let test = try TestContext(language: .fr)
        defer { test.cleanUp() }
        let file = test.context.paths.profileFile("default")
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
        let status = await CheckFlow.execute(test.context, options: .init(profile: "default"))
        #expect(status == .configFile)
        #expect(test.console.errors.contains("est : répertoire, pas un fichier de profil"), "\(test.console.errors)")
        Self.expectFrench(test.console.errors)
    }

    /// Stored datasets: not JSON (with the place Foundation found), a missing key, a value of the wrong kind.
    @Test(arguments: [
        ("{ not json", "q.json: ce n'est pas du JSON valide.", "q.json: not valid JSON."),
        (#"{"name":"q"}"#, "« schema » manque", "'schema' is missing"),
        (
            #"{"schema":"chorus-doctor.dataset/1","name":"q","imported_at":"2026-01-01T00:00:00Z","source":{"file_name":"a","encoding":"UTF-8","rows":1,"columns":{},"ignored_columns":[]},"entries":[{"line":"two"}]}"#,
            "la valeur à entries.[0].line n'est pas une valeur que cette version sait lire",
            "the value at entries.[0].line is not one this version reads"
        ),
    ])
    func brokenDataset(_ text: String, _ french: String, _ english: String) throws {
        for language in [Language.fr, .en] {
            let test = try TestContext(language: language)
            defer { test.cleanUp() }
            let store = DatasetStore(paths: test.context.paths)
            try AtomicFile.write(Data(text.utf8), to: store.file("q"))
            #expect(DatasetFlow.list(test.context, name: "q", json: false) == .configFile)
            let errors = test.console.errors
            #expect(errors.contains(language == .fr ? french : english), "\(errors)")
            if language == .fr { Self.expectFrench(errors) }
        }
    }

    /// A wizard progress file of another schema, and one cut short.
    @Test func brokenSetupProgress() throws {
        let test = try TestContext(language: .fr)
        defer { test.cleanUp() }
        let store = SetupProgressStore(paths: test.context.paths)
        let french = Strings(language: .fr)
        let english = Strings(language: .en)
        let progress = SetupProgress(profile: "p", now: Date(timeIntervalSince1970: 1_800_000_000))
        var other = progress
        other.schema = "chorus-doctor.setup/99"
        try store.save(other)
        #expect(throws: SetupProgressCorrupt.self) { try store.load("p") }
        do {
            _ = try store.load("p")
        } catch {
            #expect(error.worded(french).hasSuffix(": schéma inconnu « chorus-doctor.setup/99 »"))
            #expect(error.worded(english).hasSuffix(": unknown schema 'chorus-doctor.setup/99'"))
            #expect(error.description == error.worded(english))
        }
        let file = store.file("p")
        let whole = try Data(contentsOf: file)
        try AtomicFile.write(whole.prefix(whole.count / 2), to: file)
        do {
            _ = try store.load("p")
            Issue.record("a file cut in half read")
        } catch {
            #expect(error.worded(french).contains(": ce n'est pas du JSON valide"), "\(error.worded(french))")
            Self.expectFrench(error.worded(french))
        }
    }
}
