import Foundation

/// A JSON value that keeps what `JSONSerialization` blurs: number text as written, booleans apart from numbers,
/// object members in order (duplicates included).
indirect enum JSONDocument: Equatable {
    case object([(String, JSONDocument)])
    case array([JSONDocument])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (lhs: JSONDocument, rhs: JSONDocument) -> Bool {
        String(describing: lhs) == String(describing: rhs)
    }

    subscript(key: String) -> JSONDocument? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    subscript(index: Int) -> JSONDocument? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var int: Int? { if case .number(let text) = self { Int(text) } else { nil } }
    var double: Double? { if case .number(let text) = self { Double(text) } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var array: [JSONDocument]? { if case .array(let items) = self { items } else { nil } }
    var keys: [String] { if case .object(let members) = self { members.map(\.0) } else { [] } }

    /// Parses one complete JSON text; nil when it is not exactly that.
    static func parse(_ data: Data) -> JSONDocument? {
        var parser = Parser(bytes: Array(data))
        guard let value = parser.value() else { return nil }
        parser.skipSpace()
        return parser.index == parser.bytes.count ? value : nil
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value() -> JSONDocument? {
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "{"): return object()
            case UInt8(ascii: "["): return array()
            case UInt8(ascii: "\""): return string().map(JSONDocument.string)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return number()
            }
        }

        mutating func literal(_ word: String, _ result: JSONDocument) -> JSONDocument? {
            let end = index + word.utf8.count
            guard end <= bytes.count, Array(bytes[index..<end]) == Array(word.utf8) else { return nil }
            index = end
            return result
        }

        mutating func number() -> JSONDocument? {
            let start = index
            let allowed = Set("+-0123456789.eE".utf8)
            while index < bytes.count, allowed.contains(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            return Double(text) == nil ? nil : .number(text)
        }

        mutating func string() -> String? {
            index += 1
            var scalars = [UInt8]()
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { return String(decoding: scalars, as: UTF8.self) }
                guard byte == UInt8(ascii: "\\") else { scalars.append(byte); continue }
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                        let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                        let scalar = Unicode.Scalar(code)
                    else { return nil }
                    index += 4
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: scalars.append(escape)
                }
            }
            return nil
        }

        mutating func array() -> JSONDocument? {
            index += 1
            var items = [JSONDocument]()
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                guard let item = value() else { return nil }
                items.append(item)
                skipSpace()
                guard index < bytes.count else { return nil }
                index += 1
                if bytes[index - 1] == UInt8(ascii: "]") { return .array(items) }
                guard bytes[index - 1] == UInt8(ascii: ",") else { return nil }
            }
        }

        mutating func object() -> JSONDocument? {
            index += 1
            var members = [(String, JSONDocument)]()
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                guard let item = value() else { return nil }
                members.append((key, item))
                skipSpace()
                guard index < bytes.count else { return nil }
                index += 1
                if bytes[index - 1] == UInt8(ascii: "}") { return .object(members) }
                guard bytes[index - 1] == UInt8(ascii: ",") else { return nil }
            }
        }
    }
}
