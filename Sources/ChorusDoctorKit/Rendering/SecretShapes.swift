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
    private static let base64 = try! NSRegularExpression(
        pattern: #"(?<![A-Za-z0-9+/=_\-])[A-Za-z0-9+/]{12,}={0,2}(?![A-Za-z0-9+/=_\-])"#)

    static func redact(_ text: String) -> String {
        var result = text
        if result.contains("://") {
            result = replace(urlPassword, in: result) { match, text in
                "\(text.substring(with: match.range(at: 1))):\(Redactor.placeholder("password"))@"
            }
        }
        return replace(base64, in: result) { match, text in
            let found = text.substring(with: match.range)
            return isCredentials(found) ? Redactor.placeholder("credentials") : found
        }
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
