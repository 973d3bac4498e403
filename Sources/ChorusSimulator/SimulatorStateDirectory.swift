import Foundation

/// `sim --state DIR`: where the simulated world's flows, invoices and attachments are kept between runs. One file,
/// `chorus-simulator-state.json`, always inside DIR; written atomically (a temporary file in DIR, then a rename);
/// a file that cannot be read back is reported and left as it is, never overwritten.
public struct SimulatorStateDirectory: Sendable {
    /// The state file's name inside the directory.
    public static let fileName = "chorus-simulator-state.json"
    /// The version of the state file's layout.
    static let version = 1

    /// Why the state directory cannot be used.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// The path exists and is not a directory.
        case notADirectory(String)
        /// The directory could not be created or the file not written.
        case unwritable(String, detail: String)
        /// The state file is a symbolic link (the simulator writes only inside DIR).
        case linkedFile(String)
        /// The state file exists and cannot be read back as a simulator state.
        case corrupt(String, detail: String)

        public var description: String {
            switch self {
            case .notADirectory(let path): "\(path): not a directory"
            case .unwritable(let path, let detail): "\(path): \(detail)"
            case .linkedFile(let path): "\(path): a symbolic link, refused"
            case .corrupt(let path, let detail): "\(path): unreadable state (\(detail))"
            }
        }
    }

    /// The directory.
    public let directory: URL

    /// The state file.
    public var file: URL { directory.appendingPathComponent(Self.fileName) }

    /// Uses `path` (created, owner-only, when missing).
    ///
    /// - Throws: `Problem` when the path is not a directory or cannot be created.
    public init(path: String) throws(Problem) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .notADirectory(url.path) }
        } else {
            do {
                try FileManager.default.createDirectory(
                    at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .unwritable(url.path, detail: error.localizedDescription)
            }
        }
        directory = url
    }

    /// The state kept so far; nil when there is none yet.
    ///
    /// - Throws: `Problem.corrupt` or `.linkedFile` when the file exists and cannot be used.
    func load() throws(Problem) -> DepositDesk.Snapshot? {
        let path = file.path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        guard attributes[.type] as? FileAttributeType != .typeSymbolicLink else { throw .linkedFile(path) }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw .corrupt(path, detail: "not a regular file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw .corrupt(path, detail: error.localizedDescription)
        }
        let snapshot: DepositDesk.Snapshot
        do {
            snapshot = try JSONDecoder().decode(DepositDesk.Snapshot.self, from: data)
        } catch {
            throw .corrupt(path, detail: "not a simulator state file")
        }
        guard snapshot.version == Self.version else {
            throw .corrupt(path, detail: "layout version \(snapshot.version), this simulator reads \(Self.version)")
        }
        return snapshot
    }

    /// Replaces the state file with `snapshot`, atomically.
    func save(_ snapshot: DepositDesk.Snapshot) throws(Problem) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        do {
            let data = try encoder.encode(snapshot)
            try data.write(to: file, options: [.atomic])
        } catch {
            throw .unwritable(file.path, detail: error.localizedDescription)
        }
    }
}
