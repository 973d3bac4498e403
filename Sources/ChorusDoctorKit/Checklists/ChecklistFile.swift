import Foundation
import Yams

/// One checklist file of an override directory, parsed: decoding failures name the file, the line and the path
/// (`checklists/rules.yaml:42:5: rules[3]: missing 'cause'`), as the build does for the built-in files.
struct ChecklistFile {
    var name: String
    var root: Node

    init(name: String, text: String) throws(ChecklistError) {
        self.name = name
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw ChecklistError(file: name, message: "the file is empty")
            }
            self.root = root
        } catch let error as ChecklistError {
            throw error
        } catch let error as YamlError {
            throw Self.problem(error, file: name)
        } catch {
            throw ChecklistError(file: name, message: "\(error)")
        }
    }

    func decode<T: Decodable>(_ type: T.Type) throws(ChecklistError) -> T {
        do {
            return try YAMLDecoder().decode(type, from: root)
        } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                throw problem(at: context.codingPath, "missing '\(key.stringValue)'")
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                throw problem(at: context.codingPath, context.debugDescription)
            @unknown default:
                throw ChecklistError(file: name, message: "\(error)")
            }
        } catch {
            throw ChecklistError(file: name, message: "\(error)")
        }
    }

    /// A problem at `path` (coding keys: mapping keys and sequence indices), placed at the deepest node of the path
    /// the file has.
    func problem(at path: [any CodingKey], _ message: String) -> ChecklistError {
        var node: Node? = root
        var mark = root.mark
        for key in path {
            if let index = key.intValue {
                guard let sequence = node?.sequence, index < sequence.count else { break }
                node = sequence[index]
            } else {
                node = node?.mapping?[key.stringValue]
            }
            guard let found = node else { break }
            mark = found.mark ?? mark
        }
        let location = path.enumerated().map { offset, key in
            key.intValue.map { "[\($0)]" } ?? (offset == 0 ? key.stringValue : ".\(key.stringValue)")
        }.joined()
        return ChecklistError(
            file: name, line: mark?.line, column: mark?.column,
            message: location.isEmpty ? message : "\(location): \(message)")
    }

    /// A problem at a path written as keys and indices (`"rules", .index(3), "id"`).
    func problem(_ message: String, at path: ChecklistPath...) -> ChecklistError {
        problem(at: path.map(\.codingKey), message)
    }

    private static func problem(_ error: YamlError, file: String) -> ChecklistError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            ChecklistError(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            ChecklistError(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "key '\(duplicates.sorted().joined(separator: "', '"))' is written twice in the same place")
        default:
            ChecklistError(file: file, message: "not valid YAML: \(error)")
        }
    }
}

/// A step of a path in a checklist file, written as a literal: `"rules"`, `3`.
enum ChecklistPath: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String)
    case index(Int)

    init(stringLiteral value: String) { self = .key(value) }
    init(integerLiteral value: Int) { self = .index(value) }

    var codingKey: any CodingKey {
        switch self {
        case .key(let key): Key(stringValue: key)
        case .index(let index): Key(intValue: index)
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) {
            self.stringValue = "\(intValue)"
            self.intValue = intValue
        }
    }
}
