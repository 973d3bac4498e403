import ChorusSimulator
import Foundation
import Testing

@testable import ChorusDoctorKit

/// The "Structures and users" importer: the shipped sample, the encodings the portal and spreadsheets produce,
/// and malformed files that must fail with their line and column.
@Suite struct DatasetImportTests {
    static let sampleURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("checklists/datasets/sample-structures-users.csv")
    static var sample: Data { FileManager.default.contents(atPath: sampleURL.path) ?? Data() }
    static let header = "Entité;SIRET;Raison sociale;Login"

    static func read(_ data: Data) -> DatasetImporter.Outcome {
        DatasetImporter(name: "test", fileName: "test.csv", now: Fixture.now).read(data)
    }

    static func read(_ text: String) -> DatasetImporter.Outcome { read(Data(text.utf8)) }

    @Test func theSampleIsMarkedAsMadeUp() throws {
        let text = String(decoding: Self.sample, as: UTF8.self)
        let first = try #require(text.split(whereSeparator: \.isNewline).first)
        #expect(first.hasPrefix("#") && first.contains("MADE-UP") && first.contains("FICTIVES"))
    }

    /// The sample holds the simulator's structures, so `lookup --entity` works against the simulator in the demo.
    @Test func theSampleImportsAndMatchesTheSimulator() throws {
        let outcome = Self.read(Self.sample)
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        #expect(outcome.warnings.isEmpty, "\(outcome.warnings)")
        let dataset = try #require(outcome.dataset)
        #expect(dataset.source.encoding == "UTF-8")
        #expect(dataset.entries.count == 12)
        #expect(Set(dataset.entities) == Set(DatasetEntity.allCases).subtracting([.other]))
        let simulator = SimulatorDataset.qualification(now: Date())
        #expect(dataset.first(.supplier)?.identifier == simulator.supplier.siret)
        let pairs: [(DatasetEntity, DatasetStructure.Entity)] = [
            (.recipientServiceRequired, .recipientWithMandatoryService),
            (.recipientCommitmentRequired, .recipientWithMandatoryEJ),
            (.recipientCommitmentOrService, .recipientWithMandatoryEJOrService), (.moe, .moe), (.moa, .moa),
        ]
        for (ours, theirs) in pairs {
            #expect(dataset.first(ours)?.identifier == simulator.structure(theirs)?.siret, "\(ours)")
        }
        #expect(dataset.entries[0].line == 3)
        #expect(dataset.source.columns["Numéro d'engagement"] == "commitment_number")
    }

    @Test func latin1IsReadAndSaidSo() throws {
        let text = String(decoding: Self.sample, as: UTF8.self)
        let latin1 = try #require(text.data(using: .isoLatin1))
        let outcome = Self.read(latin1)
        let dataset = try #require(outcome.dataset)
        #expect(dataset.source.encoding.contains("Latin-1"))
        #expect(outcome.warnings.first?.key == "dataset.warning.latin1")
        #expect(dataset.first(.recipientWithoutParameter)?.entityLabel == "Destinataire sans paramètre")
    }

    @Test func byteOrderMarksAreUnderstood() throws {
        let withBOM = Data([0xEF, 0xBB, 0xBF]) + Self.sample
        #expect(Self.read(withBOM).dataset?.source.encoding == "UTF-8 with BOM")
        let text = String(decoding: Self.sample, as: UTF8.self)
        let utf16 = try #require(text.data(using: .utf16))  // with its byte order mark
        #expect(Self.read(utf16).dataset?.entries.count == 12)
    }

    /// Quoted values hold separators, quotes and line breaks; CRLF and CR line ends; line numbers stay right.
    @Test func quotingAndLineEnds() throws {
        let text =
            "\(Self.header)\r\n"
            + "Fournisseur;95260181300019;\"ATELIERS \"\"FICTIFS\"\"; DEMO\";a@b.fr\r\n"
            + "Destinataire;96613186400011;\"COMMUNE\nSUR DEUX LIGNES\";\r"
            + "MOE;94875749700011;BUREAU;c@d.fr"
        let dataset = try #require(Self.read(text).dataset)
        #expect(dataset.entries.map(\.line) == [2, 3, 5])
        #expect(dataset.entries[0].name == "ATELIERS \"FICTIFS\"; DEMO")
        #expect(dataset.entries[1].name == "COMMUNE\nSUR DEUX LIGNES")
        #expect(dataset.entries[1].login == nil)
    }

    @Test func headersAreMatchedTolerantly() throws {
        let text =
            "ENTITY ; Identifiant  de la Structure;raison-sociale;NUMÉRO D’ENGAGEMENT;Colonne inconnue\n"
            + "Supplier;95260181300019;ACME;EJ-1;x\n"
        let outcome = Self.read(text)
        let dataset = try #require(outcome.dataset)
        #expect(dataset.entries.first?.entity == .supplier)
        #expect(dataset.entries.first?.commitmentNumber == "EJ-1")
        #expect(dataset.source.ignoredColumns == ["Colonne inconnue"])
        #expect(outcome.warnings.map(\.key) == ["dataset.warning.ignored_columns"])
    }

    /// GIVEN a file with a password column and an entity label the tool does not know,
    /// THEN both are reported, the password is not kept anywhere and the row is kept as « other ».
    @Test func passwordsAreNeverKeptAndUnknownEntitiesAreReported() throws {
        let text =
            "Entité;SIRET;Mot de passe\nFournisseur;95260181300019;Sup3r-Secret!\nSous-traitant;96613186400011;Other-Secret?\n"
        let outcome = Self.read(text)
        let dataset = try #require(outcome.dataset)
        #expect(outcome.warnings.contains { $0.key == "dataset.warning.password" && $0.column == 3 })
        let unknown = try #require(outcome.warnings.first { $0.key == "dataset.warning.unknown_entity" })
        #expect(unknown.line == 3 && unknown.column == 1)
        #expect(dataset.entries[1].entity == .other)
        let stored = String(decoding: try CheckReport.encoder().encode(dataset), as: UTF8.self)
        #expect(!stored.contains("Sup3r-Secret") && !stored.contains("Other-Secret"))
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var key: String
        var line: Int?
        var column: Int?
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ key: String, line: Int? = nil, column: Int? = nil) {
            self.init(name, Array(text.utf8), key, line: line, column: column)
        }

        init(_ name: String, _ bytes: [UInt8], _ key: String, line: Int? = nil, column: Int? = nil) {
            (self.name, self.bytes, self.key, self.line, self.column) = (name, bytes, key, line, column)
        }
    }

    static let malformed: [Malformed] = [
        .init("comma separated", "Entité,SIRET\nFournisseur,95260181300019\n", "dataset.error.separator", line: 1),
        .init("tab separated", "Entité\tSIRET\nFournisseur\t95260181300019\n", "dataset.error.separator", line: 1),
        .init("one column", "Entité\nFournisseur\n", "dataset.error.no_separator", line: 1),
        .init(
            "missing SIRET column", "Entité;Raison sociale\nFournisseur;ACME\n", "dataset.error.missing_column", line: 1
        ),
        .init("empty", "", "dataset.error.empty"),
        .init("only a byte order mark", [0xEF, 0xBB, 0xBF], "dataset.error.empty"),
        .init("only comments", "# nothing\n# here\n", "dataset.error.empty"),
        .init("header only", "\(header)\n", "dataset.error.no_rows", line: 1),
        .init(
            "UTF-16 without byte order mark",
            Array("Entité;SIRET\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }), "dataset.error.binary",
            line: 1),
        .init("Excel workbook", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "dataset.error.workbook"),
        .init(
            "invalid UTF-8 after a byte order mark", [0xEF, 0xBB, 0xBF, 0x41, 0x3B, 0xFF, 0xFE, 0x0A],
            "dataset.error.bad_utf8_after_bom"),
        .init(
            "quote never closed", "\(header)\nFournisseur;\"95260181300019;ACME;a@b.fr\n", "dataset.error.open_quote",
            line: 2, column: 2),
        .init(
            "text after a closing quote", "\(header)\nFournisseur;\"9526\"0181300019;ACME;a\n",
            "dataset.error.after_quote", line: 2, column: 2),
        .init("row too short", "\(header)\nFournisseur;95260181300019\n", "dataset.error.width", line: 2),
        .init(
            "scientific notation", "\(header)\nFournisseur;9,52602E+13;ACME;a\n", "dataset.error.scientific", line: 2,
            column: 2),
        .init(
            "leading zero lost", "\(header)\nFournisseur;9526018130001;ACME;a\n", "dataset.error.leading_zero", line: 2,
            column: 2),
        .init(
            "SIRET checksum", "\(header)\nFournisseur;95260181300018;ACME;a\n", "validation.siret.checksum", line: 2,
            column: 2),
        .init("empty entity", "\(header)\n;95260181300019;ACME;a\n", "dataset.error.empty_value", line: 2, column: 1),
        .init(
            "same column twice", "Entité;SIRET;Identifiant structure\nFournisseur;1;2\n",
            "dataset.error.duplicate_column", line: 1, column: 3),
        .init(
            "unknown identifier type", "Entité;SIRET;Type identifiant\nFournisseur;X1;PASSEPORT\n",
            "dataset.error.identifier_type", line: 2, column: 3),
        .init(
            "idStructureCPP not a number", "Entité;SIRET;Id structure CPP\nFournisseur;95260181300019;2,63E+07\n",
            "dataset.error.scientific", line: 2, column: 3),
    ]

    @Test(arguments: malformed)
    func malformedFilesFailWithTheirPlace(_ file: Malformed) {
        let outcome = Self.read(Data(file.bytes))
        #expect(outcome.dataset == nil)
        let first = outcome.errors.first
        #expect(first?.key == file.key, "\(outcome.errors)")
        #expect(first?.line == file.line)
        #expect(first?.column == file.column)
    }

    @Test func errorsAreBoundedAndAllListed() {
        var text = "\(Self.header)\n"
        for _ in 0..<50 { text += "Fournisseur;123;ACME;a\n" }
        let outcome = Self.read(text)
        #expect(outcome.errors.count == DatasetImporter.errorLimit)
        #expect(outcome.errors.map(\.line) == Array(2..<(2 + DatasetImporter.errorLimit)))
    }

    @Test func aHugeFileIsRefusedBeforeBeingRead() throws {
        let data = Data(count: SemicolonFile.maximumBytes + 1)
        #expect(Self.read(data).errors.first?.key == "dataset.error.too_large")
    }
}
