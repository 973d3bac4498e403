import Foundation

/// Secrets recognised by their shape alone, whoever wrote them: passwords in URLs (`scheme://user:password@host`),
/// base64 of `login:password` (a `cpro-account` or `Basic` value anywhere), and, for what is shared, IBANs (last four
/// characters kept).
enum SecretShapes {
    private static let urlPassword = try! NSRegularExpression(
        // The scheme starts where a word starts and every part is bounded: linear whatever the text. The password
        // runs to the last `@` of the address, so one holding `@` or `/` goes whole.
        pattern: #"(?<![A-Za-z0-9+.\-])([A-Za-z][A-Za-z0-9+.\-]{0,31}://[^\s/:@\[\]"'<>]{0,256}):([^\s"'<>]{1,256})@"#)
    private static let iban = try! NSRegularExpression(
        pattern: #"\b[A-Z]{2}[0-9]{2}(?:(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?|[A-Z0-9]{11,30})\b"#)

    static func redact(_ text: String) -> String {
        var result = text
        if result.contains("://") {
            result = replace(urlPassword, in: result) { match, text in
                "\(text.substring(with: match.range(at: 1))):\(Redactor.placeholder("password"))@"
            }
        }
        return redactBase64Credentials(result)
    }

    /// Every base64 word (12 characters or more of `A-Za-z0-9+/`, up to two `=`, not part of a longer word of
    /// base64, `_` or `-`) that decodes to `login:password` becomes a placeholder. One pass over the bytes.
    static func redactBase64Credentials(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var found: [Range<Int>] = []
        var position = 0
        while position < bytes.count {
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
            if bounded, position - start >= 12,
                isCredentials(String(decoding: bytes[start..<end], as: UTF8.self))
            {
                found.append(start..<end)
            }
            position = end
        }
        guard !found.isEmpty else { return text }
        var result = bytes
        for range in found.reversed() {
            result.replaceSubrange(range, with: Array(Redactor.placeholder("credentials").utf8))
        }
        return String(decoding: result, as: UTF8.self)
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
