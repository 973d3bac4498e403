import Foundation

/// Secrets recognised by their shape alone, whoever wrote them: passwords in URLs (`scheme://user:password@host`),
/// base64 of `login:password` (a `cpro-account` or `Basic` value anywhere), and, for what is shared, IBANs (last four
/// characters kept).
enum SecretShapes {
    private static let iban = try! NSRegularExpression(
        pattern: #"\b[A-Z]{2}[0-9]{2}(?:(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?|[A-Z0-9]{11,30})\b"#)

    /// Counts a step per unit a scanner reads (`RedactionWork`).
    static func redact(_ text: String, steps: inout Int) -> String {
        steps += text.utf8.count
        return redactBase64Credentials(
            text.contains("://") || text.contains(#":\/\/"#) ? redactURLPasswords(text, steps: &steps) : text,
            steps: &steps)
    }

    /// `scheme://user:password@host` → `scheme://user:[REDACTED:password]@host` (`scheme:\/\/…` too, as escaped
    /// JSON writes it), in one pass. The scheme starts
    /// where a word starts (1 to 32 letters, digits, `+`, `.`, `-`, the first a letter), the user name is up to 256
    /// characters without white space, `/`, `:`, `@`, brackets, quotes or angle brackets, and the password runs to
    /// the last `@` of the next 256 characters without white space, quotes or angle brackets: one holding `@` or `/`
    /// goes whole. Linear whatever the text.
    static func redactURLPasswords(_ text: String) -> String {
        var steps = 0
        return redactURLPasswords(text, steps: &steps)
    }

    static func redactURLPasswords(_ text: String, steps: inout Int) -> String {
        let units = Array(text.utf16)
        var runs: PasswordRuns?
        var found: [Range<Int>] = []
        var position = 0
        while position + 2 < units.count {
            steps += 1
            guard units[position] == colon, let authority = authority(units, afterColonAt: position),
                startsWithScheme(units, before: position, steps: &steps),
                let passwordStart = passwordStart(in: units, afterAuthorityAt: authority, steps: &steps)
            else {
                position += 1
                continue
            }
            if runs == nil {
                runs = PasswordRuns(units)
                steps += 2 * units.count
            }
            guard let password = runs?.password(from: passwordStart) else {
                position += 1
                continue
            }
            found.append(password)
            position = password.upperBound + 1
        }
        guard !found.isEmpty else { return text }
        steps += units.count
        let placeholder = Array(Redactor.placeholder("password").utf16)
        return String(decoding: units.splicing(found.map { ($0, placeholder) }), as: UTF16.self)
    }

    /// Where the authority starts after the colon at `colon`: after `//`, or after `\/\/` (a URL in JSON whose
    /// slashes are escaped, as PHP and others write them); nil when neither follows.
    private static func authority(_ units: [UInt16], afterColonAt colon: Int) -> Int? {
        if units[colon + 1] == slash, units[colon + 2] == slash { return colon + 3 }
        guard colon + 4 < units.count, units[colon + 1] == backslash, units[colon + 2] == slash,
            units[colon + 3] == backslash, units[colon + 4] == slash
        else { return nil }
        return colon + 5
    }

    /// True when the word just before `position` is a URL scheme (looked at no further back than a scheme can be).
    private static func startsWithScheme(_ units: [UInt16], before position: Int, steps: inout Int) -> Bool {
        var start = position
        while start > 0, position - start <= 32, isSchemeUnit(units[start - 1]) { start -= 1 }
        let length = position - start
        steps += length + 1
        return (1...32).contains(length) && isLetter(units[start])
    }

    /// Where the password starts in `user:password@`, the user name starting at `start`, or nil when there is no
    /// user name and colon there.
    private static func passwordStart(in units: [UInt16], afterAuthorityAt start: Int, steps: inout Int) -> Int? {
        var cursor = start
        while cursor < units.count, cursor - start < 256, isUserUnit(units[cursor]) { cursor += 1 }
        steps += cursor - start + 1
        guard cursor < units.count, units[cursor] == colon else { return nil }
        return cursor + 1
    }

    /// Where each run of password characters ends and where the last `@` before each position is, computed once
    /// per text: a password is then found without reading its characters again, however many URLs share them.
    private struct PasswordRuns {
        /// For each position, the first character at or after it that cannot be in a password (the text's length).
        private var stops: [Int32]
        /// For each position, the last `@` at or before it (-1 when none).
        private var lastAt: [Int32]

        init(_ units: [UInt16]) {
            stops = [Int32](repeating: Int32(units.count), count: units.count + 1)
            for position in units.indices.reversed() {
                stops[position] = isPasswordUnit(units[position]) ? stops[position + 1] : Int32(position)
            }
            lastAt = [Int32](repeating: -1, count: units.count)
            var last: Int32 = -1
            for position in units.indices {
                if units[position] == at { last = Int32(position) }
                lastAt[position] = last
            }
        }

        /// The password from `start` to the last `@` among its next 256 characters, if there is one.
        func password(from start: Int) -> Range<Int>? {
            guard start < lastAt.count else { return nil }
            let upper = min(start + 256, Int(stops[start]) - 1)
            guard upper > start else { return nil }
            let found = Int(lastAt[upper])
            return found > start ? start..<found : nil
        }
    }

    private static func isSchemeUnit(_ unit: UInt16) -> Bool {
        isLetter(unit) || (0x30...0x39).contains(unit) || unit == 0x2B || unit == 0x2E || unit == 0x2D
    }

    private static func isLetter(_ unit: UInt16) -> Bool {
        (0x41...0x5A).contains(unit) || (0x61...0x7A).contains(unit)
    }

    private static func isUserUnit(_ unit: UInt16) -> Bool {
        switch unit {
        // `"`, `'`, `/`, `:`, `<`, `>`, `@`, `[`, `]`
        case 0x22, 0x27, 0x2F, 0x3A, 0x3C, 0x3E, 0x40, 0x5B, 0x5D: return false
        default: return !isSpace(unit)
        }
    }

    private static func isPasswordUnit(_ unit: UInt16) -> Bool {
        switch unit {
        // `"`, `'`, `<`, `>`
        case 0x22, 0x27, 0x3C, 0x3E: return false
        default: return !isSpace(unit)
        }
    }

    private static func isSpace(_ unit: UInt16) -> Bool { isSpace(UInt32(unit)) }

    /// White space as ICU's `\s` defines it: tab, line feed, form feed, carriage return and the space separators
    /// (`\p{Z}`). Narrow on purpose: a value runs on through anything else, so more of it is redacted, never less.
    static func isSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    private static let colon = UInt16(UInt8(ascii: ":"))
    private static let slash = UInt16(UInt8(ascii: "/"))
    private static let backslash = UInt16(UInt8(ascii: "\\"))
    private static let at = UInt16(UInt8(ascii: "@"))

    /// Every base64 word (12 characters or more of `A-Za-z0-9+/`, up to two `=`, not part of a longer word of
    /// base64, `_` or `-`) that decodes to `login:password` becomes a placeholder. One pass over the bytes.
    static func redactBase64Credentials(_ text: String, steps: inout Int) -> String {
        let bytes = Array(text.utf8)
        var found: [Range<Int>] = []
        var position = 0
        while position < bytes.count {
            steps += 1
            guard isBase64(bytes[position]) else {
                position += 1
                continue
            }
            let start = position
            while position < bytes.count, isBase64(bytes[position]) { position += 1 }
            var end = position
            while end < bytes.count, end - position < 2, bytes[end] == UInt8(ascii: "=") { end += 1 }
            let bounded =
                (start == 0 || !isWordByte(bytes[start - 1])) && (end == bytes.count || !isWordByte(bytes[end]))
            // The word read, then decoded when it may be credentials.
            steps += end - start
            if bounded, position - start >= 12 {
                steps += end - start
                if isCredentials(String(decoding: bytes[start..<end], as: UTF8.self)) { found.append(start..<end) }
            }
            position = end
        }
        guard !found.isEmpty else { return text }
        steps += bytes.count
        let placeholder = Array(Redactor.placeholder("credentials").utf8)
        return String(decoding: bytes.splicing(found.map { ($0, placeholder) }), as: UTF8.self)
    }

    private static func isBase64(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
            return true
        default: return false
        }
    }

    /// What may not touch a base64 word for it to stand alone.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        isBase64(byte) || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    static func redactIBANs(_ text: String) -> String {
        replace(iban, in: text) { match, text in
            let found = text.substring(with: match.range)
            let compact = found.filter { !$0.isWhitespace }
            return (15...34).contains(compact.count) ? Redactor.ibanReplacement(compact) : found
        }
    }

    /// True when `token` is the base64 of `login:password` (a login-like name, a colon, printable text).
    static func isCredentials(_ token: String) -> Bool {
        var padded = token
        guard padded.count % 4 != 1 else { return false }
        while padded.count % 4 != 0 { padded += "=" }
        guard let data = Data(base64Encoded: padded), let decoded = String(data: data, encoding: .utf8),
            let colon = decoded.firstIndex(of: ":")
        else { return false }
        let login = decoded[..<colon]
        let password = decoded[decoded.index(after: colon)...]
        let loginCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._%+-@"))
        return login.count >= 3 && !password.isEmpty
            && login.unicodeScalars.allSatisfy { $0.isASCII && loginCharacters.contains($0) }
            && password.unicodeScalars.allSatisfy { !CharacterSet.controlCharacters.contains($0) }
    }

    private static func replace(
        _ regex: NSRegularExpression, in text: String, with replacement: (NSTextCheckingResult, NSString) -> String
    ) -> String {
        let source = text as NSString
        let matches = regex.matches(in: text, range: NSRange(location: 0, length: source.length))
        guard !matches.isEmpty else { return text }
        let result = NSMutableString(string: text)
        for match in matches.reversed() {
            result.replaceCharacters(in: match.range, with: replacement(match, source))
        }
        return result as String
    }
}
