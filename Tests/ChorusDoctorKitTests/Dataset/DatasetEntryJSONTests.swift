import Foundation
import Testing

@testable import ChorusDoctorKit

/// Large datasets are written without `JSONEncoder`: the bytes must be exactly what it writes.
@Suite struct DatasetEntryJSONTests {
    static let awkward = [
        "", "plain", "Mairie d'Évry", "quote \" inside", "back\\slash", "a/b/c", "tab\there", "line\nbreak",
        "\u{01}\u{1F}\u{7F}", "emoji 🧾", "\u{202E}rtl", "é\r\n", "\u{0C}\u{08}",
    ]

    static func random(_ generator: inout some RandomNumberGenerator) -> DatasetEntry {
        func text() -> String {
            let parts = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                awkward.randomElement(using: &generator)!
            }
            return parts.joined()
        }
        func maybe() -> String? { Bool.random(using: &generator) ? text() : nil }
        return DatasetEntry(
            line: Int.random(in: 1...2_000_000, using: &generator),
            entity: DatasetEntity.allCases.randomElement(using: &generator)!, entityLabel: text(),
            identifier: text(), identifierType: text(), name: maybe(),
            idStructureCPP: Bool.random(using: &generator) ? Int64.random(in: -5...Int64.max, using: &generator) : nil,
            login: maybe(), firstName: maybe(), lastName: maybe(), role: maybe(), serviceCode: maybe(),
            commitmentNumber: maybe())
    }

    @Test func sameBytesAsJSONEncoder() throws {
        var generator = SystemRandomNumberGenerator()
        let encoder = CheckReport.encoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for _ in 0..<500 {
            let entry = Self.random(&generator)
            var bytes: [UInt8] = []
            entry.appendJSON(to: &bytes)
            let expected = try encoder.encode(entry)
            #expect(
                Data(bytes) == expected,
                "\(String(decoding: bytes, as: UTF8.self))\n\(String(decoding: expected, as: UTF8.self))")
        }
    }

    /// A dataset past the compact threshold reads back equal, through the ordinary decoder.
    @Test func largeDatasetReadsBackEqual() throws {
        var generator = SystemRandomNumberGenerator()
        let entries = (0..<(DatasetStore.chunkedFrom + 7)).map { _ in Self.random(&generator) }
        let dataset = QualificationDataset(
            name: "big", importedAt: Date(timeIntervalSince1970: 1_700_000_000),
            source: .init(
                fileName: "big.csv", encoding: "UTF-8", rows: entries.count, columns: ["SIRET": "identifier"],
                ignoredColumns: ["Mot de passe / \"x\""]), entries: entries)
        let data = Data(try DatasetStore.encode(dataset))
        let read = try QualificationDataset.decoder().decode(QualificationDataset.self, from: data)
        #expect(read.entries == entries)
        #expect(read.source.ignoredColumns == dataset.source.ignoredColumns)
        #expect(read.schema == QualificationDataset.schemaName)
    }

    /// The keys spelled out by the dataset types are the ones the snake_case conversion wrote before them: a small
    /// dataset is written to the same bytes, and a file written that way reads back equal.
    @Test func storedKeysAreTheConvertedOnes() throws {
        var generator = SystemRandomNumberGenerator()
        let entries = (0..<40).map { _ in Self.random(&generator) }
        let dataset = QualificationDataset(
            name: "small", importedAt: Date(timeIntervalSince1970: 1_700_000_000),
            source: .init(
                fileName: "small.csv", encoding: "UTF-8", rows: entries.count,
                columns: ["Numéro_SIRET": "identifier", "IdStructureCPP": "id_structure_cpp"], ignoredColumns: []),
            entries: entries)
        let converted = try CheckReport.encoder().encode(dataset)
        #expect(try QualificationDataset.encoder().encode(dataset) == converted)
        let read = try QualificationDataset.decoder().decode(QualificationDataset.self, from: converted)
        #expect(read.entries == entries && read.source.columns == dataset.source.columns)
        #expect(read.importedAt == dataset.importedAt && read.name == "small")
    }
}
