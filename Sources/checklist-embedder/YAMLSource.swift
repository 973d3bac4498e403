import Foundation
import Yams

/// One step into a YAML document: a mapping key or a sequence index.
enum PathStep: CustomStringConvertible {
    case key(String)
    case index(Int)

    var description: String {
        switch self {
        case .key(let key): key
        case .index(let index): "[\(index)]"
        }
    }

    static func text(_ path: [PathStep]) -> String {
        path.enumerated().map { offset, step in
            if case .key = step, offset > 0 { return ".\(step)" }
            return step.description
        }.joined()
    }
}

/// A checklist file, parsed: its name under `checklists/`, and its YAML tree (which keeps lines and columns).
struct YAMLSource {
    var name: String
    var root: Node

    init(name: String, text: String) throws {
        self.name = name
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw ChecklistProblem(file: name, path: "", message: "the file is empty")
            }
            self.root = root
        } catch let error as YamlError {
            throw Self.problem(error, file: name)
        }
    }

    /// Decodes the whole file, a failure named with its line and path.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try YAMLDecoder().decode(type, from: root)
        } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                throw problem(at: steps(context.codingPath), "missing '\(key.stringValue)'")
            case .typeMismatch(let expected, let context):
                throw problem(at: steps(context.codingPath), "expected \(Self.noun(expected))")
            case .valueNotFound(let expected, let context):
                throw problem(at: steps(context.codingPath), "expected \(Self.noun(expected)), found nothing")
            case .dataCorrupted(let context):
                throw problem(at: steps(context.codingPath), context.debugDescription)
            @unknown default:
                throw ChecklistProblem(file: name, path: "", message: "\(error)")
            }
        } catch let error as YamlError {
            throw Self.problem(error, file: name)
        }
    }

    /// A problem at `path`, placed at the deepest node of the path the file has.
    func problem(at path: [PathStep], _ message: String) -> ChecklistProblem {
        var node: Node? = root
        var mark = root.mark
        for step in path {
            switch step {
            case .key(let key): node = node?.mapping?[key]
            case .index(let index):
                guard let sequence = node?.sequence, index < sequence.count else { node = nil; break }
                node = sequence[index]
            }
            guard let found = node else { break }
            mark = found.mark ?? mark
        }
        return ChecklistProblem(
            file: name, line: mark?.line, column: mark?.column, path: PathStep.text(path), message: message)
    }

    private func steps(_ codingPath: [any CodingKey]) -> [PathStep] {
        codingPath.map { key in key.intValue.map { .index($0) } ?? .key(key.stringValue) }
    }

    private static func noun(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Node.Scalar.Type: "text"
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is Node.Sequence.Type: "a list"
        default: "a mapping"
        }
    }

    private static func problem(_ error: YamlError, file: String) -> ChecklistProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            ChecklistProblem(
                file: file, line: mark.line, column: mark.column, path: "", message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            ChecklistProblem(
                file: file, line: context.mark.line, column: context.mark.column, path: "",
                message: "key '\(duplicates.sorted().joined(separator: "', '"))' is written twice in the same place")
        default:
            ChecklistProblem(file: file, path: "", message: "not valid YAML: \(error)")
        }
    }
}
