/// The values of secret-named fields, whatever they are, replaced in one pass over the bytes:
///
/// - JSON: `"password": "…"` (the value up to its closing quote, escapes included);
/// - JSON inside a JSON string: `\"password\":\"…\"`;
/// - form or query: `password=…` after the start of the text, `?`, `&`, a quote or a space, up to `&`, a space, a
///   quote, a backslash, `<` or `>` (so redacting a JSON document's text leaves it valid JSON).
///
/// Field names are matched without regard to case. With `atEnd`, a JSON value left open by a cut (`"password":"abc`
/// at the very end) goes too.
enum SecretFields {
    /// The names as written in `Redactor.secretFields`, and lower-cased for matching.
    private static let names: [(label: String, lowered: [UInt8])] = Redactor.secretFields.map { field in
        (field == "motDePasse" ? "password" : field, Array(field.lowercased().utf8))
    }
    /// For each lower-cased first byte, the names starting with it.
    private static let byFirstByte: [[Int]] = {
        var table = [[Int]](repeating: [], count: 256)
        for (index, name) in names.enumerated() { table[Int(name.lowered[0])].append(index) }
        return table
    }()

    static func redact(_ text: String, atEnd: Bool = false) -> String {
        var steps = 0
        return redact(text, atEnd: atEnd, steps: &steps)
    }

    /// `redact(_:atEnd:)`, counting a step per position tried, per byte of a name compared, per space skipped and
    /// per entry of the tables of value ends (`RedactionWork`).
    static func redact(_ text: String, atEnd: Bool = false, steps: inout Int) -> String {
        var scan = Scan(Array(text.utf8), atEnd: atEnd)
        defer { steps += scan.steps }
        var found: [(range: Range<Int>, label: String)] = []
        // Every position is tried, inside values too: a value that runs on (a text that is not quite JSON) may hold
        // another field's name, whose own value must go as well. Each value's end is looked up, not searched for,
        // so the pass stays linear however many names the text holds.
        for position in scan.bytes.indices {
            scan.steps += 1
            for index in byFirstByte[Int(lower(scan.bytes[position]))] {
                let name = names[index]
                let end = position + name.lowered.count
                scan.steps += name.lowered.count
                guard end < scan.bytes.count, isName(name.lowered, in: scan.bytes, at: position),
                    let value = scan.value(name: position..<end)
                else { continue }
                found.append((value, name.label))
                break
            }
        }
        guard !found.isEmpty else { return text }
        // Sorting and splicing.
        scan.steps += found.count + scan.bytes.count
        var merged: [(range: Range<Int>, label: String)] = []
        for item in found.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            // Overlapping values are one; an empty one at the end of another (`&client_secret=` closing a JSON
            // value) is inside it.
            if let last = merged.last,
                last.range.upperBound > item.range.lowerBound
                    || (item.range.isEmpty && last.range.upperBound == item.range.lowerBound)
            {
                merged[merged.count - 1].range =
                    last.range.lowerBound..<max(last.range.upperBound, item.range.upperBound)
            } else {
                merged.append(item)
            }
        }
        let result = scan.bytes.splicing(merged.map { ($0.range, Array(Redactor.placeholder($0.label).utf8)) })
        return String(decoding: result, as: UTF8.self)
    }

    /// One text being scanned, with the ends of JSON strings computed once, the first time a field needs them.
    private struct Scan {
        let bytes: [UInt8]
        let atEnd: Bool
        /// Steps taken on this text (`RedactionWork`).
        var steps = 0
        /// For each position, where a JSON string whose content starts there ends (its closing quote; the text's
        /// length when it is left open).
        private var jsonEnds: [Int32] = []
        /// The same for a JSON string written inside another (`\"…\"`): the position of the closing `\"`, the
        /// text's length when left open, -1 when a bare quote comes first (it is not such a string).
        private var escapedEnds: [Int32] = []
        /// For each position, where a form value starting there ends.
        private var formEnds: [Int32] = []

        init(_ bytes: [UInt8], atEnd: Bool) {
            self.bytes = bytes
            self.atEnd = atEnd
        }

        /// The range of the value that follows the field name at `name`, or nil when the name is not a field there.
        mutating func value(name: Range<Int>) -> Range<Int>? {
            let start = name.lowerBound
            let after = bytes[name.upperBound]
            if after == quote, start >= 1, bytes[start - 1] == quote {
                guard let open = openingQuote(from: name.upperBound + 1, escaped: false) else { return nil }
                if jsonEnds.isEmpty {
                    jsonEnds = Self.jsonEnds(bytes)
                    steps += bytes.count
                }
                return close(open, at: Int(jsonEnds[open]))
            }
            if after == backslash, start >= 2, bytes[start - 2] == backslash, bytes[start - 1] == quote,
                name.upperBound + 1 < bytes.count, bytes[name.upperBound + 1] == quote
            {
                guard let open = openingQuote(from: name.upperBound + 2, escaped: true) else { return nil }
                if escapedEnds.isEmpty {
                    escapedEnds = Self.escapedEnds(bytes)
                    steps += bytes.count
                }
                let end = Int(escapedEnds[open])
                return end < 0 ? nil : close(open, at: end)
            }
            if after == UInt8(ascii: "="), start == 0 || formFieldMayFollow(bytes, before: start) {
                if formEnds.isEmpty {
                    formEnds = Self.formEnds(bytes)
                    steps += bytes.count
                }
                return name.upperBound + 1..<Int(formEnds[name.upperBound + 1])
            }
            return nil
        }

        /// The value from `open` to `end`; one left open (`end` is the text's end) only when `atEnd`.
        private func close(_ open: Int, at end: Int) -> Range<Int>? {
            end < bytes.count || atEnd ? open..<end : nil
        }

        /// After a field name's closing quote: spaces, `:`, spaces, and the value's opening quote (`\"` when
        /// `escaped`). Returns where the value starts.
        private mutating func openingQuote(from start: Int, escaped: Bool) -> Int? {
            var cursor = skipSpaces(bytes, from: start)
            steps += cursor - start + 1
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else { return nil }
            let colon = cursor
            cursor = skipSpaces(bytes, from: cursor + 1)
            steps += cursor - colon
            if escaped {
                guard cursor + 1 < bytes.count, bytes[cursor] == backslash, bytes[cursor + 1] == quote else {
                    return nil
                }
                return cursor + 2
            }
            guard cursor < bytes.count, bytes[cursor] == quote else { return nil }
            return cursor + 1
        }

        /// Right to left: a quote ends the string where it stands, a backslash skips the character it escapes.
        private static func jsonEnds(_ bytes: [UInt8]) -> [Int32] {
            let count = bytes.count
            var ends = [Int32](repeating: Int32(count), count: count + 2)
            for position in bytes.indices.reversed() {
                switch bytes[position] {
                case quote: ends[position] = Int32(position)
                case backslash: ends[position] = ends[position + 2]
                default: ends[position] = ends[position + 1]
                }
            }
            return ends
        }

        private static func formEnds(_ bytes: [UInt8]) -> [Int32] {
            var ends = [Int32](repeating: Int32(bytes.count), count: bytes.count + 1)
            for position in bytes.indices.reversed() {
                ends[position] =
                    endsFormValue(bytes[position], bytes, at: position) ? Int32(position) : ends[position + 1]
            }
            return ends
        }

        private static func escapedEnds(_ bytes: [UInt8]) -> [Int32] {
            let count = bytes.count
            var ends = [Int32](repeating: Int32(count), count: count + 2)
            for position in bytes.indices.reversed() {
                switch bytes[position] {
                case quote:
                    ends[position] = -1
                case backslash:
                    ends[position] =
                        position + 1 < count && bytes[position + 1] == quote ? Int32(position) : ends[position + 2]
                default:
                    ends[position] = ends[position + 1]
                }
            }
            return ends
        }
    }

    /// What may stand just before a form field's name: `?`, `&`, a quote or a space.
    private static func formFieldMayFollow(_ bytes: [UInt8], before position: Int) -> Bool {
        let previous = bytes[position - 1]
        if [UInt8(ascii: "?"), UInt8(ascii: "&"), quote].contains(previous) { return true }
        return isSpace(bytes, endingBefore: position)
    }

    private static func endsFormValue(_ byte: UInt8, _ bytes: [UInt8], at position: Int) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), quote, UInt8(ascii: "'"), backslash, UInt8(ascii: "<"), UInt8(ascii: ">"):
            return true
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20:
            return true
        case 0xC2, 0xE1, 0xE2, 0xE3:
            return spaceWidth(bytes, at: position) != nil
        default:
            return false
        }
    }

    private static func skipSpaces(_ bytes: [UInt8], from start: Int) -> Int {
        var cursor = start
        while cursor < bytes.count {
            if bytes[cursor] < 0x80, SecretShapes.isSpace(UInt32(bytes[cursor])) {
                cursor += 1
            } else if bytes[cursor] >= 0xC2, let width = spaceWidth(bytes, at: cursor) {
                cursor += width
            } else {
                break
            }
        }
        return cursor
    }

    /// True when the character that ends just before `position` is white space (any Unicode space).
    private static func isSpace(_ bytes: [UInt8], endingBefore position: Int) -> Bool {
        var start = position - 1
        while start > 0, position - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        if start == position - 1 { return bytes[start] < 0x80 && SecretShapes.isSpace(UInt32(bytes[start])) }
        return spaceWidth(bytes, at: start) == position - start
    }

    /// The length in bytes of the non-ASCII white-space character (`SecretShapes.isSpace`) at `position`, if one
    /// starts there.
    private static func spaceWidth(_ bytes: [UInt8], at position: Int) -> Int? {
        let lead = bytes[position]
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
        guard width > 0, position + width <= bytes.count else { return nil }
        let scalars = String(decoding: bytes[position..<position + width], as: UTF8.self).unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first, SecretShapes.isSpace(scalar.value) else { return nil }
        return width
    }

    private static func isName(_ name: [UInt8], in bytes: [UInt8], at position: Int) -> Bool {
        for offset in 0..<name.count where lower(bytes[position + offset]) != name[offset] { return false }
        return true
    }

    private static func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
}
