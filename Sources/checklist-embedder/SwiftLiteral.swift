/// Swift source text for the values read from the checklists.
enum SwiftLiteral {
    /// A Swift string literal for any text.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func optional(_ text: String?) -> String { text.map(string) ?? "nil" }

    static func optional(_ value: Bool?) -> String { value.map { "\($0)" } ?? "nil" }

    static func strings(_ list: [String]) -> String { "[" + list.map(string).joined(separator: ", ") + "]" }

    /// A `[String: String]` literal, keys sorted so the output is stable.
    static func table(_ table: [String: String]) -> String {
        guard !table.isEmpty else { return "[:]" }
        return "[" + table.keys.sorted().map { "\(string($0)): \(string(table[$0]!))" }.joined(separator: ", ") + "]"
    }
}
