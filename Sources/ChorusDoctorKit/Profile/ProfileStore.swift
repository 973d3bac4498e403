import Foundation
import Yams

/// A profile file that cannot be used as it is. It is never rewritten behind the user's back.
public struct ProfileFileError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case unreadable(String)
        case syntax(line: Int?, message: String)
        case notAMapping
        case unknownKey(String, line: Int?)
        case notAScalar(String)
        case badProfileName(String)
    }

    public var path: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .unreadable(let why): "\(path): cannot read: \(why)"
        case .syntax(let line, let message): "\(path)\(line.map { ":\($0)" } ?? ""): not valid YAML: \(message)"
        case .notAMapping: "\(path): expected 'key: value' lines"
        case .unknownKey(let key, let line): "\(path)\(line.map { ":\($0)" } ?? ""): unknown key '\(key)'"
        case .notAScalar(let key): "\(path): '\(key)' must be a single value"
        case .badProfileName(let name): "invalid profile name '\(name)'"
        }
    }
}

/// Reads and writes profiles under the XDG config directory. Writes are atomic and 0600.
public struct ProfileStore: Sendable {
    public let paths: Paths

    public init(paths: Paths) { self.paths = paths }

    /// Names of the stored profiles, sorted.
    public func list() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: paths.profiles.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
    }

    public func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: paths.profileFile(name).path)
    }

    /// The stored profile, nil when there is no file; throws when the file is unreadable or corrupt.
    public func load(_ name: String) throws -> ProfileDocument? {
        guard case .success = FieldValidation.profileName(name) else {
            throw ProfileFileError(path: name, reason: .badProfileName(name))
        }
        let url = paths.profileFile(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ProfileFileError(path: url.path, reason: .unreadable(error.localizedDescription))
        }
        return try Self.parse(text, path: url.path)
    }

    /// Parses profile YAML, keeping every value as the text written (a SIRET's leading zeros survive).
    public static func parse(_ text: String, path: String) throws -> ProfileDocument {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ProfileFileError(
                path: path, reason: .syntax(line: Self.line(of: error), message: Self.message(of: error)))
        } catch {
            throw ProfileFileError(path: path, reason: .syntax(line: nil, message: String(describing: error)))
        }
        var document = ProfileDocument()
        guard let node else { return document }
        guard let mapping = node.mapping else { throw ProfileFileError(path: path, reason: .notAMapping) }
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else { throw ProfileFileError(path: path, reason: .notAMapping) }
            guard ProfileDocument.keys.contains(key) else {
                throw ProfileFileError(path: path, reason: .unknownKey(key, line: keyNode.mark.map { $0.line }))
            }
            if case .scalar(let scalar) = valueNode {
                let isNull = scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
                document[key] = isNull ? nil : scalar.string
            } else {
                throw ProfileFileError(path: path, reason: .notAScalar(key))
            }
        }
        return document
    }

    /// Saves atomically with mode 0600. Refuses to replace a file that does not parse (it may hold the only copy
    /// of a secret): the caller reports it and the user decides.
    public func save(_ document: ProfileDocument, as name: String) throws {
        if exists(name) { _ = try load(name) }
        try AtomicFile.write(Data(document.yaml().utf8), to: paths.profileFile(name), mode: 0o600)
    }

    /// Removes a profile file; returns false when there was none.
    @discardableResult
    public func delete(_ name: String) throws -> Bool {
        let url = paths.profileFile(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return false }
        try FileManager.default.removeItem(at: url)
        return true
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private static func message(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: String(describing: error)
        }
    }
}
