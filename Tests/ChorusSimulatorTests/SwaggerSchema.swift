import Foundation

/// A small JSON-schema validator for the Swagger 2.0 subset the PISTE Structures API uses: `type`, `required`,
/// `properties`, `items`, `enum`, `$ref` into `definitions`, int32/int64 ranges and the date-time format.
///
/// Swagger leaves `additionalProperties` open, so extra members would be tolerated; they are reported as failures
/// anyway, to keep the simulator's answers strictly within the contract.
struct SwaggerSchema {
    let document: JSONDocument

    /// The official Structures Swagger, read from `shared/reference/` beside the repository.
    static func structures() throws -> SwaggerSchema {
        let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = repository.deletingLastPathComponent()
            .appendingPathComponent("shared/reference/piste-structures-v1.swagger.json")
        guard let document = JSONDocument.parse(try Data(contentsOf: file)) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return SwaggerSchema(document: document)
    }

    /// The schema of the 200 answer of `POST <path>` (a path of the Swagger, e.g. `/v1/rechercher`).
    func successSchema(path: String) -> JSONDocument? {
        document["paths"]?[path]?["post"]?["responses"]?["200"]?["schema"]
    }

    /// The Swagger path for a full gateway path like `/cpro/structures/v1/rechercher`.
    func swaggerPath(forGatewayPath path: String) -> String {
        let base = document["basePath"]?.string ?? ""
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// Every way `value` departs from `schema`, each with the JSON path where it happens.
    func failures(_ value: JSONDocument, against schema: JSONDocument, at path: String = "$") -> [String] {
        if let reference = schema["$ref"]?.string {
            let name = String(reference.dropFirst("#/definitions/".count))
            guard let target = document["definitions"]?[name] else { return ["\(path): unresolved \(reference)"] }
            return failures(value, against: target, at: path)
        }
        var found: [String] = []
        if let allowed = schema["enum"]?.array, !allowed.contains(value) {
            found.append("\(path): \(value) is not one of \(allowed)")
        }
        switch schema["type"]?.string {
        case "object"?:
            guard case .object(let members) = value else { return found + ["\(path): expected an object"] }
            for name in schema["required"]?.array?.compactMap(\.string) ?? [] where value[name] == nil {
                found.append("\(path): missing required \(name)")
            }
            var seen = Set<String>()
            for (name, member) in members {
                if !seen.insert(name).inserted { found.append("\(path): duplicate member \(name)") }
                guard let property = schema["properties"]?[name] else {
                    found.append("\(path).\(name): not declared by the schema")
                    continue
                }
                found += failures(member, against: property, at: "\(path).\(name)")
            }
        case "array"?:
            guard case .array(let items) = value else { return found + ["\(path): expected an array"] }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() {
                    found += failures(item, against: itemSchema, at: "\(path)[\(index)]")
                }
            }
        case "string"?:
            guard case .string(let text) = value else { return found + ["\(path): expected a string"] }
            if schema["format"]?.string == "date-time", !Self.isDateTime(text) {
                found.append("\(path): \(text) is not an RFC 3339 date-time")
            }
        case "integer"?:
            guard case .number(let text) = value, let integer = Int64(text) else {
                return found + ["\(path): expected an integer, got \(value)"]
            }
            if schema["format"]?.string == "int32", Int32(exactly: integer) == nil {
                found.append("\(path): \(integer) exceeds int32")
            }
        case "number"?:
            guard case .number = value else { return found + ["\(path): expected a number"] }
        case "boolean"?:
            guard case .bool = value else { return found + ["\(path): expected a boolean"] }
        default:
            break
        }
        return found
    }

    /// RFC 3339 `date-time`: full date, `T`, full time with optional fraction, `Z` or a numeric offset.
    static func isDateTime(_ text: String) -> Bool {
        let pattern =
            #"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"#
            + #"(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$"#
        return text.range(of: pattern, options: .regularExpression) != nil
    }
}
