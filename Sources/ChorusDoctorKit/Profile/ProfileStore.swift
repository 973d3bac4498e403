import Foundation
import Yams

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A profile file that cannot be used as it is. It is never rewritten behind the user's back.
public struct ProfileFileError: WordedError, Sendable {
    public enum Reason: Sendable, Equatable {
        case unreadable(String)
        case notUTF8
        case syntax(line: Int?, message: String)
        case notAMapping
        case unknownKey(String, line: Int?)
        case notAScalar(String)
        case badProfileName(String)
        /// The path holds a FIFO, a directory, a device or a socket, not a profile file (`FileKind.name`).
        case notRegularFile(String)
    }

    public var path: String
    public var reason: Reason

    public func worded(_ strings: Strings) -> String {
        func place(_ line: Int?) -> String { path + (line.map { ":\($0)" } ?? "") }
        return switch reason {
        case .unreadable(let why): strings("file.cannot_read", ["path": path, "why": why])
        case .notUTF8: strings("file.not_utf8", ["path": path])
        case .syntax(let line, let message): strings("file.yaml_syntax", ["place": place(line), "message": message])
        case .notAMapping: strings("file.not_a_mapping", ["path": path])
        case .unknownKey(let key, let line): strings("file.unknown_key", ["place": place(line), "key": key])
        case .notAScalar(let key): strings("file.not_a_scalar", ["path": path, "key": key])
        case .badProfileName(let name): strings("file.bad_profile_name", ["name": name])
        case .notRegularFile(let kind):
            strings("file.not_regular", ["path": path, "kind": strings("file.kind.\(kind)")])
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

    /// False for a name that is not a valid profile name (it can name no file in the profiles folder).
    public func exists(_ name: String) -> Bool {
        guard Self.isValid(name) else { return false }
        return FileManager.default.fileExists(atPath: paths.profileFile(name).path)
    }

    /// The one check of profile names, for every command: a name becomes a file name in the profiles folder, so
    /// `../x`, `a/b` or `.hidden` never reach outside it.
    public static func isValid(_ name: String) -> Bool {
        guard case .success(let value) = FieldValidation.profileName(name) else { return false }
        return value == name
    }

    /// The profile file of a valid name; throws `.badProfileName` otherwise.
    public func file(_ name: String) throws(ProfileFileError) -> URL {
        guard Self.isValid(name) else { throw ProfileFileError(path: name, reason: .badProfileName(name)) }
        return paths.profileFile(name)
    }

    /// The stored profile, nil when there is no file; throws when the file is unreadable or corrupt, or is not a
    /// regular file (a FIFO is never opened: reading it would wait forever).
    public func load(_ name: String) throws -> ProfileDocument? {
        let url = try file(name)
        guard let mode = FileKind.mode(of: url.path, followingLinks: true) else {
            if errno == ENOENT { return nil }
            throw ProfileFileError(path: url.path, reason: .unreadable(String(cString: strerror(errno))))
        }
        if let kind = FileKind.name(ofMode: mode), kind != "file" {
            throw ProfileFileError(path: url.path, reason: .notRegularFile(kind))
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            guard access(url.path, R_OK) == 0 else {
                throw ProfileFileError(path: url.path, reason: .unreadable(String(cString: strerror(errno))))
            }
            throw ProfileFileError(path: url.path, reason: .notUTF8)
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
        try update(name) { $0 = document }
    }

    /// Reads, changes and writes a profile under an exclusive lock (`flock` on `.<name>.yaml.lock` beside it), so
    /// concurrent writers each see the other's change: every update that returns is kept. A profile file that is a
    /// symbolic link (a dotfiles repository) is written through the link, which stays.
    @discardableResult
    public func update(_ name: String, _ change: (inout ProfileDocument) throws -> Void) throws -> ProfileDocument {
        let url = try file(name)
        try AtomicFile.createDirectory(paths.profiles)
        let lock = try FileLock(url.deletingLastPathComponent().appendingPathComponent(".\(name).yaml.lock"))
        defer { lock.release() }
        var document = try load(name) ?? ProfileDocument()
        try change(&document)
        try AtomicFile.write(Data(document.yaml().utf8), to: url.resolvingSymlinksInPath(), mode: 0o600)
        return document
    }

    /// Removes a profile file (the link only, when it is one); returns false when there was none.
    @discardableResult
    public func delete(_ name: String) throws -> Bool {
        let url = try file(name)
        guard FileKind.mode(of: url.path, followingLinks: false) != nil else { return false }
        let lock = try FileLock(url.deletingLastPathComponent().appendingPathComponent(".\(name).yaml.lock"))
        defer { lock.release() }
        guard unlink(url.path) == 0 else {
            throw AtomicFile.WriteError(path: url.path, reason: String(cString: strerror(errno)))
        }
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
