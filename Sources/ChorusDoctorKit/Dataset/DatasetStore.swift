import Foundation

/// Imported datasets under `$XDG_STATE_HOME/chorus-doctor/datasets/<name>.json` (0600, written atomically).
public struct DatasetStore: Sendable {
    public let paths: Paths

    public init(paths: Paths) { self.paths = paths }

    public var directory: URL { paths.state.appendingPathComponent("datasets", isDirectory: true) }

    public func file(_ name: String) -> URL { directory.appendingPathComponent("\(name).json") }

    /// A dataset file that cannot be read: it is reported and left as it is.
    public typealias Unreadable = UnreadableStateFile

    /// Names of the imported datasets, sorted.
    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The dataset called `name`, nil when there is none; throws when its file does not read.
    public func load(_ name: String) throws(Unreadable) -> QualificationDataset? {
        let url = file(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try QualificationDataset.decoder().decode(QualificationDataset.self, from: Data(contentsOf: url))
        } catch {
            throw Unreadable(path: url.path, reason: DecodingFailure(error))
        }
    }

    /// Every dataset that reads (for cross-checks where an unreadable one is not worth stopping for).
    public func loadAll() -> [QualificationDataset] {
        names().compactMap { try? load($0) }
    }

    /// Saves atomically (0600). Refuses to replace a file that does not read; `previousRead` says the caller has
    /// just read it (`load`) and it need not be read again.
    public func save(_ dataset: QualificationDataset, previousRead: Bool = false) throws {
        if !previousRead { _ = try load(dataset.name) }
        let data = try Self.encode(dataset)
        try AtomicFile.write(data, to: file(dataset.name), mode: 0o600)
    }

    /// Datasets larger than this are written compact, their entries written straight to bytes
    /// (`DatasetEntry.appendJSON`: a million rows never go through `JSONEncoder`); smaller ones keep the readable,
    /// pretty-printed form.
    static let chunkedFrom = 10_000

    /// The stored bytes. Returned as they were built: a million-row dataset's 100 MB are not copied into a `Data`.
    static func encode(_ dataset: QualificationDataset) throws -> [UInt8] {
        guard dataset.entries.count > chunkedFrom else {
            return Array(try QualificationDataset.encoder().encode(dataset))
        }
        let encoder = QualificationDataset.encoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var shell = dataset
        shell.entries = []
        // Sorted keys put "entries" first: `{"entries":[],…` becomes `{"entries":[<chunks>],…`.
        let empty = try encoder.encode(shell)
        let opening = Data(#"{"entries":[]"#.utf8)
        guard empty.starts(with: opening) else { return Array(try QualificationDataset.encoder().encode(dataset)) }
        var bytes = Array(#"{"entries":["#.utf8)
        bytes.reserveCapacity(empty.count + dataset.entries.count * 120)
        for (index, entry) in dataset.entries.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            entry.appendJSON(to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        bytes.append(contentsOf: empty.dropFirst(opening.count))
        return bytes
    }
}

/// Picks a dataset entry for `lookup --entity` and `dataset use`.
public enum DatasetSelection {
    /// A refusal already worded for the user.
    public struct Refusal: Error, Sendable {
        public var message: String
        public var status: ExitStatus
    }

    /// The dataset named, or the only one imported.
    public static func dataset(_ ctx: DoctorContext, name: String?) -> Result<QualificationDataset, Refusal> {
        let store = DatasetStore(paths: ctx.paths)
        let names = store.names()
        guard let chosen = name ?? (names.count == 1 ? names[0] : nil) else {
            let key = names.isEmpty ? "dataset.none" : "dataset.choose"
            return .failure(
                Refusal(message: ctx.strings(key, ["names": names.joined(separator: ", ")]), status: .usage))
        }
        do {
            guard let dataset = try store.load(chosen) else {
                return .failure(
                    Refusal(
                        message: ctx.strings(
                            "dataset.missing", ["name": chosen, "names": names.joined(separator: ", ")]),
                        status: .usage))
            }
            return .success(dataset)
        } catch {
            return .failure(
                Refusal(
                    message: ctx.strings("dataset.error.unreadable", ["detail": ctx.strings.detail(error)]),
                    status: .configFile
                ))
        }
    }

    /// The first structure of an entity in a dataset.
    public static func entry(_ ctx: DoctorContext, dataset name: String?, entity argument: String) -> Result<
        DatasetEntry, Refusal
    > {
        guard let entity = DatasetEntity(argument: argument) else {
            let list = DatasetEntity.allCases.filter { $0 != .other }.map(\.rawValue).joined(separator: ", ")
            return .failure(
                Refusal(
                    message: ctx.strings("dataset.unknown_entity", ["value": argument, "list": list]), status: .usage))
        }
        return dataset(ctx, name: name).flatMap { dataset in
            guard let entry = dataset.first(entity) else {
                let present = dataset.entities.map(\.rawValue).joined(separator: ", ")
                return .failure(
                    Refusal(
                        message: ctx.strings(
                            "dataset.entity_absent", ["entity": entity.rawValue, "name": dataset.name, "list": present]),
                        status: .usage))
            }
            return .success(entry)
        }
    }
}
