import Foundation

/// The shapes a known secret takes when something else writes it: URL and form encodings (either hex case, `+` for
/// spaces), JSON and YAML escapes, base64 in its four alphabets and paddings (and inside a longer base64 text).
///
/// Mixed or exotic escapes (`\u` JSON escapes, HTML entities named, decimal or hexadecimal, percent escapes of
/// any character) are not listed here: `DecodedText` undoes them and the secret is searched in the result.
enum SecretForms {
    /// Below this length a value is replaced only where it stands whole (`"x"`, `=x&`): replacing every occurrence
    /// of `x` would garble every line. Such a value cannot be a real secret, and the config stage says so.
    static let shortLength = 6

    /// The value as typed, URL- and form-encoded (upper and lower hex, `%20` or `+`), JSON- or YAML-escaped.
    static func text(_ value: String) -> Set<String> {
        var forms: Set<String> = [value]
        for allowed in [FormEncoding.allowed, .urlQueryAllowed, .alphanumerics] {
            guard let encoded = value.addingPercentEncoding(withAllowedCharacters: allowed) else { continue }
            forms.insert(encoded)
            forms.insert(lowerHex(encoded))
            forms.insert(encoded.replacingOccurrences(of: "%20", with: "+"))
            forms.insert(lowerHex(encoded).replacingOccurrences(of: "%20", with: "+"))
        }
        if let json = try? JSONSerialization.data(withJSONObject: [value], options: [.fragmentsAllowed]) {
            let text = String(decoding: json, as: UTF8.self)
            let escaped = String(text.dropFirst(2).dropLast(2))
            forms.insert(escaped)
            forms.insert(escaped.replacingOccurrences(of: "\\/", with: "/"))
        }
        forms.insert(value.replacingOccurrences(of: "/", with: "\\/"))
        return forms.filter { !$0.isEmpty }
    }

    /// Base64 of the value: standard and URL-safe, with and without padding, and, for longer values, the part of
    /// the encoding that does not depend on what comes before or after it (the value inside a longer base64 text).
    static func base64(_ value: String) -> Set<String> {
        let bytes = Array(value.utf8)
        var forms: Set<String> = []
        for encoded in [Data(bytes).base64EncodedString()] {
            let unpadded = encoded.replacingOccurrences(of: "=", with: "")
            forms.formUnion([encoded, unpadded, urlSafe(encoded), urlSafe(unpadded)])
        }
        if bytes.count >= 9 {
            for shift in 0..<3 {
                let encoded = Data(Array(repeating: 0, count: shift) + bytes).base64EncodedString()
                    .replacingOccurrences(of: "=", with: "")
                // Characters that hold bits of the padding bytes before, or of unknown bytes after, are dropped.
                let lead = shift == 0 ? 0 : (shift * 8 + 5) / 6
                let usable = ((shift + bytes.count) * 8) / 6
                guard usable - lead >= 8 else { continue }
                let chars = Array(encoded)
                let middle = String(chars[lead..<min(usable, chars.count)])
                forms.formUnion([middle, urlSafe(middle)])
            }
        }
        return forms
    }

    private static func urlSafe(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    private static func lowerHex(_ encoded: String) -> String {
        var result = ""
        var rest = Substring(encoded)
        while let percent = rest.firstIndex(of: "%") {
            result += rest[..<percent]
            let code = rest[percent...].prefix(3)
            result += code.lowercased()
            rest = rest[code.endIndex...]
        }
        return result + rest
    }
}

/// A text with its escapes undone (JSON `\u0041` and `\"`, HTML `&amp;` `&#65;` `&#x41;`, URL `%41`, and `+` as a
/// space when asked), each decoded character remembering the characters of the original it came from. A secret
/// found in the decoded text is replaced in the original, whatever mix of escapes wrote it.
struct DecodedText {
    private(set) var scalars: [Unicode.Scalar] = []
    /// For each decoded scalar, its range in the original's scalars.
    private(set) var spans: [Range<Int>] = []
    /// Something was decoded (else the original has already been searched as it is).
    private(set) var changed = false

    /// Counts a step per position read, and the longest an escape can be where one is decoded.
    init(_ source: [Unicode.Scalar], plusAsSpace: Bool, steps: inout Int) {
        scalars.reserveCapacity(source.count)
        spans.reserveCapacity(source.count)
        var index = 0
        while index < source.count {
            steps += 1
            switch source[index] {
            case "\\", "&", "%", "+": steps += 12
            default: break
            }
            if let (decoded, length) = Self.decode(source, at: index, plusAsSpace: plusAsSpace) {
                // Percent escapes of a UTF-8 sequence decode to one scalar spanning them all.
                scalars.append(contentsOf: decoded)
                for _ in decoded { spans.append(index..<(index + length)) }
                index += length
                changed = true
            } else {
                scalars.append(source[index])
                spans.append(index..<(index + 1))
                index += 1
            }
        }
    }

    /// Original ranges where `needle` appears in the decoded text (non-overlapping, in order). Counts a step per
    /// position tried, and the needle's length where its first scalar is found there.
    func ranges(of needle: [Unicode.Scalar], steps: inout Int) -> [Range<Int>] {
        guard let first = needle.first, needle.count <= scalars.count else { return [] }
        var found: [Range<Int>] = []
        var index = 0
        let last = scalars.count - needle.count
        while index <= last {
            steps += 1
            if scalars[index] == first { steps += needle.count }
            if scalars[index] == first, scalars[index..<(index + needle.count)].elementsEqual(needle) {
                found.append(spans[index].lowerBound..<spans[index + needle.count - 1].upperBound)
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }

    private static func decode(_ s: [Unicode.Scalar], at i: Int, plusAsSpace: Bool) -> ([Unicode.Scalar], Int)? {
        switch s[i] {
        case "\\": return json(s, at: i)
        case "&": return html(s, at: i)
        case "%": return percent(s, at: i)
        case "+": return plusAsSpace ? ([" "], 1) : nil
        default: return nil
        }
    }

    private static func hex(_ s: [Unicode.Scalar], _ range: Range<Int>) -> UInt32? {
        guard range.upperBound <= s.count, !range.isEmpty else { return nil }
        var value: UInt32 = 0
        for scalar in s[range] {
            guard let digit = Character(scalar).hexDigitValue else { return nil }
            value = value &* 16 &+ UInt32(digit)
        }
        return value
    }

    private static func json(_ s: [Unicode.Scalar], at i: Int) -> ([Unicode.Scalar], Int)? {
        guard i + 1 < s.count else { return nil }
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "\"": "\"", "\\": "\\", "/": "/", "n": "\n", "t": "\t", "r": "\r", "b": "\u{08}", "f": "\u{0C}",
        ]
        if let plain = simple[s[i + 1]] { return ([plain], 2) }
        guard s[i + 1] == "u", let unit = hex(s, (i + 2)..<(i + 6)) else { return nil }
        if (0xD800..<0xDC00).contains(unit), s.count >= i + 12, s[i + 6] == "\\",
            s[i + 7] == "u", let low = hex(s, (i + 8)..<(i + 12)), (0xDC00..<0xE000).contains(low)
        {
            let combined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            return Unicode.Scalar(combined).map { ([$0], 12) }
        }
        return Unicode.Scalar(unit).map { ([$0], 6) }
    }

    private static let entities: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "sol": "/", "colon": ":",
        "equals": "=", "plus": "+", "percnt": "%", "num": "#", "excl": "!", "quest": "?", "commat": "@",
        "dollar": "$", "lpar": "(", "rpar": ")", "ast": "*", "comma": ",", "period": ".", "semi": ";",
        "lsqb": "[", "rsqb": "]", "lcub": "{", "rcub": "}", "bsol": "\\", "grave": "`", "Hat": "^", "lowbar": "_",
        "verbar": "|", "tilde": "~", "euro": "€", "eacute": "é", "egrave": "è", "agrave": "à", "ccedil": "ç",
    ]

    private static func html(_ s: [Unicode.Scalar], at i: Int) -> ([Unicode.Scalar], Int)? {
        var end = i + 1
        while end < s.count, end - i <= 12, s[end] != ";" { end += 1 }
        guard end < s.count, s[end] == ";", end > i + 1 else { return nil }
        let body = String(String.UnicodeScalarView(s[(i + 1)..<end]))
        let length = end - i + 1
        if body.hasPrefix("#x") || body.hasPrefix("#X") {
            return hex(s, (i + 3)..<end).flatMap(Unicode.Scalar.init).map { ([$0], length) }
        }
        if body.hasPrefix("#") {
            return UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { ([$0], length) }
        }
        return entities[body].map { ([$0], length) }
    }

    /// `%HH` escapes: a run of them read as UTF-8 (one scalar spanning its escapes), or one byte as Latin-1.
    private static func percent(_ s: [Unicode.Scalar], at i: Int) -> ([Unicode.Scalar], Int)? {
        guard let first = hex(s, (i + 1)..<(i + 3)) else { return nil }
        let lead = UInt8(first)
        let count = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
        guard count > 0 else { return ([Unicode.Scalar(lead)], 3) }
        var bytes = [lead]
        for k in 1..<count {
            let at = i + 3 * k
            guard at < s.count, s[at] == "%", let next = hex(s, (at + 1)..<(at + 3)) else {
                return ([Unicode.Scalar(lead)], 3)
            }
            bytes.append(UInt8(next))
        }
        guard let text = String(bytes: bytes, encoding: .utf8), let scalar = text.unicodeScalars.first else {
            return ([Unicode.Scalar(lead)], 3)
        }
        return ([scalar], 3 * count)
    }
}
