import Foundation
import Testing

@testable import ChorusDoctorKit

/// `dataset import|list|use` over the state directory of a temporary HOME.
@Suite struct DatasetCommandTests {
    static var samplePath: String { DatasetImportTests.sampleURL.path }

    @Test func importKeepsThePrivateFileAndListShowsEntities() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        #expect(DatasetFlow.importFile(test.context, path: Self.samplePath, name: "sample") == .ok)
        let file = DatasetStore(paths: test.context.paths).file("sample")
        #expect(AtomicFile.permissions(of: file) == 0o600)
        #expect(file.path.contains("/.local/state/chorus-doctor/datasets/"))
        #expect(test.console.output.contains("recipient, service code required"))
        #expect(DatasetFlow.list(test.context, name: nil, json: true) == .ok)
        let json = String(test.console.output.drop { $0 != "{" })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "chorus-doctor.datasets/1")
        let dataset = try #require((object["datasets"] as? [[String: Any]])?.first)
        #expect(dataset["schema"] as? String == "chorus-doctor.dataset/1")
    }

    @Test func aRejectedImportStoresNothingAndNamesTheCell() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let file = test.home.appendingPathComponent("bad.csv")
        try Data("Entité;SIRET\nFournisseur;9,52602E+13\n".utf8).write(to: file)
        #expect(DatasetFlow.importFile(test.context, path: file.path, name: "bad") == .usage)
        #expect(test.console.errors.contains("bad.csv, line 2, column 2 (SIRET): error:"))
        #expect(test.console.errors.contains("Text"))
        #expect(DatasetStore(paths: test.context.paths).names().isEmpty)
    }

    /// GIVEN a stored dataset that no longer reads, WHEN importing under its name, THEN it is left as it was (exit 3).
    @Test func aCorruptStoredDatasetIsNeverOverwritten() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let store = DatasetStore(paths: test.context.paths)
        try AtomicFile.write(Data("{ not json".utf8), to: store.file("qualification"))
        #expect(DatasetFlow.importFile(test.context, path: Self.samplePath, name: "qualification") == .configFile)
        #expect(try String(contentsOf: store.file("qualification"), encoding: .utf8) == "{ not json")
        #expect(DatasetFlow.list(test.context, name: "qualification", json: false) == .configFile)
        // Said before the new file is read: even a file that would be refused gets that answer first.
        let bad = test.home.appendingPathComponent("bad.csv")
        try Data("Entité;SIRET\nFournisseur;9,52602E+13\n".utf8).write(to: bad)
        #expect(DatasetFlow.importFile(test.context, path: bad.path, name: "qualification") == .configFile)
        #expect(!test.console.errors.contains("line 2, column 2"), "\(test.console.errors)")
        #expect(try String(contentsOf: store.file("qualification"), encoding: .utf8) == "{ not json")
    }

    @Test func aHugeFileFailsClearlyAndQuickly() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let file = test.home.appendingPathComponent("huge.csv")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: UInt64(SemicolonFile.maximumBytes + 1024))
        try handle.close()
        // The size is checked before anything is read (the file is sparse: reading it would take minutes).
        #expect(DatasetFlow.importFile(test.context, path: file.path, name: "huge") == .usage)
        #expect(test.console.errors.contains("limit 20.0 MB"))
    }

    @Test func useSetsAQualificationProfileSiret() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        #expect(DatasetFlow.importFile(test.context, path: Self.samplePath, name: "qualification") == .ok)
        #expect(DatasetFlow.use(test.context, profile: "qualif", dataset: nil, entity: "supplier") == .ok)
        let document = try #require(try ProfileStore(paths: test.context.paths).load("qualif"))
        #expect(document.siret == "95260181300019")
        #expect(document.environment == "sandbox")
        #expect(
            DatasetFlow.use(test.context, profile: "qualif", dataset: nil, entity: "Destinataire avec EJ obligatoire")
                == .ok)
        #expect(try ProfileStore(paths: test.context.paths).load("qualif")?.siret == "98219935800010")
    }

    @Test func useRefusesProductionAndUnknownEntities() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        #expect(DatasetFlow.use(test.context, profile: "p", dataset: nil, entity: "supplier") == .usage)
        #expect(test.console.errors.contains("No dataset imported yet"))
        #expect(DatasetFlow.importFile(test.context, path: Self.samplePath, name: "qualification") == .ok)
        var production = ProfileDocument()
        production.environment = "production"
        production.siret = "73282932000074"
        try ProfileStore(paths: test.context.paths).save(production, as: "prod")
        #expect(DatasetFlow.use(test.context, profile: "prod", dataset: nil, entity: "supplier") == .usage)
        #expect(try ProfileStore(paths: test.context.paths).load("prod")?.siret == "73282932000074")
        #expect(DatasetFlow.use(test.context, profile: "p", dataset: nil, entity: "subcontractor") == .usage)
        #expect(test.console.errors.contains("recipient-ej-required"))
    }

    /// Every sentence key the new commands use literally (including import problems) exists in both tables.
    @Test func everyKeyOfTheNewCommandsExists() throws {
        let en = Strings(language: .en)
        let fr = Strings(language: .fr)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(
            pattern: #""((?:dataset|lookup|flow|expiry|fleet|explain|session|help)\.[a-z0-9_.\-]+[a-z0-9_])""#)
        var missing: [String] = []
        let folders = [
            "ChorusDoctorKit/Dataset", "ChorusDoctorKit/Lookup", "ChorusDoctorKit/Deposits",
            "ChorusDoctorKit/Explain", "ChorusDoctorKit/ExpiryWatch", "ChorusDoctorKit/Fleet",
            "ChorusDoctorKit/Session", "ChorusDoctorKit/UseCases", "chorus-doctor",
        ]
        let commands: Set = [
            "LookupCommand.swift", "DepositCommand.swift", "ExplainCommand.swift", "DatasetCommand.swift",
        ]
        for folder in folders {
            let directory = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path)
            where name.hasSuffix(".swift") && (folder != "chorus-doctor" || commands.contains(name)) {
                let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let key = (text as NSString).substring(with: match.range(at: 1))
                    if key.hasSuffix(".yaml") || key.hasSuffix(".json") { continue }
                    if !en.has(key) || !fr.has(key) { missing.append("\(name): \(key)") }
                }
            }
        }
        for entity in DatasetEntity.allCases where entity != .other {
            if !en.has("dataset.entity.\(entity.rawValue)") { missing.append("dataset.entity.\(entity.rawValue)") }
        }
        #expect(missing.isEmpty, "\(missing)")
    }
}
