import Foundation
import Yams

/// The editable data of the product (rules, setup steps, strings in both languages), read from `checklists/`.
///
/// The files are compiled into the binary by the `EmbedChecklists` build plugin, so an installed binary needs
/// nothing next to it. A support engineer can try an edited copy without rebuilding by pointing
/// `CHORUS_DOCTOR_CHECKLISTS` at a directory laid out like `checklists/`.
public struct ChecklistLibrary: Sendable {
    /// File name (relative to `checklists/`) → contents.
    public let files: [String: String]
    /// Where the files came from, for error messages.
    public let origin: String
    /// String tables parsed at build time (`strings/*.yaml`), for files not replaced by an override.
    let tables: [String: [String: String]]
    /// Rule books converted to JSON at build time (decoded several times faster than YAML), for files not
    /// replaced by an override.
    let json: [String: String]

    public static let embedded = ChecklistLibrary(
        files: EmbeddedChecklists.files, origin: "built-in checklists", tables: EmbeddedChecklists.tables,
        json: EmbeddedChecklists.json)

    public init(files: [String: String], origin: String) {
        self.init(files: files, origin: origin, tables: [:], json: [:])
    }

    init(files: [String: String], origin: String, tables: [String: [String: String]], json: [String: String]) {
        self.files = files
        self.origin = origin
        self.tables = tables
        self.json = json
    }

    /// A flat `key: text` table, from the build-time copy when there is one.
    func table(_ name: String) throws -> [String: String] {
        if let table = tables[name] { return table }
        return try decode([String: String].self, from: name)
    }

    /// The embedded library, or the directory named by `CHORUS_DOCTOR_CHECKLISTS` (each file found there wins).
    public static func current(environment: [String: String]) throws -> ChecklistLibrary {
        guard let path = environment["CHORUS_DOCTOR_CHECKLISTS"], !path.isEmpty else { return .embedded }
        var files = EmbeddedChecklists.files
        var tables = EmbeddedChecklists.tables
        var json = EmbeddedChecklists.json
        let root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw ChecklistError(file: path, message: "cannot read directory")
        }
        for case let url as URL in walker where ["yaml", "yml"].contains(url.pathExtension) {
            let name = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw ChecklistError(file: url.path, message: "not readable as UTF-8")
            }
            files[name] = text
            tables.removeValue(forKey: name)
            json.removeValue(forKey: name)
        }
        return ChecklistLibrary(files: files, origin: path, tables: tables, json: json)
    }

    /// Decodes one YAML file of the library.
    public func decode<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        guard let text = files[name] else { throw ChecklistError(file: name, message: "missing from \(origin)") }
        do {
            if let document = json[name] { return try JSONDecoder().decode(T.self, from: Data(document.utf8)) }
            return try YAMLDecoder().decode(T.self, from: text)
        } catch {
            throw ChecklistError(file: name, message: Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context.codingPath))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        default:
            return String(describing: error)
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

/// A checklist file that does not read: named with the file and where in it.
public struct ChecklistError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var message: String
    public var description: String { "checklists/\(file): \(message)" }
}
