import Foundation

/// The JSON types an answer's fields must have. A field of the wrong type (a number where text is expected,
/// text where a list is) makes the answer unexpected: the stage fails and says so, rather than passing on
/// defaults. A missing or `null` field is not a type error (the probes decide what its absence means).
public enum AnswerShape {
    public enum Kind: String, Sendable {
        case text, number, boolean, object, list
    }

    /// What is wrong with an answer: the field (dotted path) and the types expected and received.
    public struct Mismatch: Sendable, Equatable {
        public var field: String
        public var expected: Kind
        public var received: String

        /// The finding shown with the failed stage.
        public var finding: Finding {
            Finding(
                "answer.unexpected", ["field": field, "expected": expected.rawValue, "received": received])
        }
    }

    /// The JSON type of a value from `JSONSerialization`, or `null`.
    static func kind(of value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case is String: Kind.text.rawValue
        case is Bool where type(of: value) == Bool.self: Kind.boolean.rawValue
        case is NSNumber: Kind.number.rawValue
        case is [Any]: Kind.list.rawValue
        case is [String: Any]: Kind.object.rawValue
        default: "unknown"
        }
    }

    static func matches(_ value: Any, _ expected: Kind) -> Bool {
        let found = kind(of: value)
        if found == "null" || found == expected.rawValue { return true }
        // Linux reads JSON `true` as Bool and 1 as NSNumber; a boolean field written 0 or 1 is still a boolean.
        return expected == .boolean && found == Kind.number.rawValue
    }

    /// The first field of `object` (in `fields` order) present with another type than expected. A field path may
    /// go into an object (`parametres.codeServiceDoitEtreRenseigne`) or into every item of a list
    /// (`listeStructures[].identifiant`).
    public static func mismatch(_ object: [String: Any], _ fields: KeyValuePairs<String, Kind>) -> Mismatch? {
        for (path, expected) in fields {
            if let problem = check(object, path: Substring(path), full: path, expected: expected) { return problem }
        }
        return nil
    }

    private static func check(_ object: [String: Any], path: Substring, full: String, expected: Kind) -> Mismatch? {
        guard let dot = path.firstIndex(of: ".") else {
            guard let value = object[String(path)], !matches(value, expected) else { return nil }
            return Mismatch(field: full, expected: expected, received: kind(of: value))
        }
        var key = path[..<dot]
        let rest = path[path.index(after: dot)...]
        let each = key.hasSuffix("[]")
        if each { key = key.dropLast(2) }
        guard let value = object[String(key)], !(value is NSNull) else { return nil }
        if each {
            // A single object where a list is expected is a list of one (platform-evidence.md, finding 8).
            guard let items = value as? [Any] ?? (value as? [String: Any]).map({ [$0] }) else {
                return Mismatch(field: String(key), expected: .list, received: kind(of: value))
            }
            for item in items {
                guard let inner = item as? [String: Any] else {
                    return Mismatch(field: "\(key)[]", expected: .object, received: kind(of: item))
                }
                if let problem = check(inner, path: rest, full: full, expected: expected) { return problem }
            }
            return nil
        }
        guard let inner = value as? [String: Any] else {
            return Mismatch(field: String(key), expected: .object, received: kind(of: value))
        }
        return check(inner, path: rest, full: full, expected: expected)
    }

    /// `structures/v1/consulter`.
    public static let structureDetails: KeyValuePairs<String, Kind> = [
        "codeRetour": .number, "parametres.codeServiceDoitEtreRenseigne": .boolean,
        "parametres.numeroEJDoitEtreRenseigne": .boolean, "parametres.gestionNumeroEJOuCodeService": .boolean,
        "informationGenerales.dateExpirationMotPasseCompteTech": .text,
    ]

    /// `transverses/v1/recuperer/structures/actives/fournisseur`.
    public static let activeStructures: KeyValuePairs<String, Kind> = [
        "codeRetour": .number, "listeStructures[].identifiant": .text, "listeStructures[].identifiantStructure": .text,
    ]
}
