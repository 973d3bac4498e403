import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// The byte scanners that replaced the regular expressions of secret fields and URL passwords give what those
/// expressions gave, on thousands of texts made of the shapes they look for, their near misses and noise.
@Suite struct SecretScannerTests {
    /// On texts made of the shapes, their near misses and noise, the scanner leaves nothing the expressions would
    /// still find (it finds more: a match of theirs that ended on the opening quote of the next field hid that
    /// field), and has nothing left to do on its own output.
    @Test func nothingTheExpressionsFoundIsLeft() async {
        // Seconds of a debug build's CPU: on a thread of its own, off the cooperative pool the other tests need.
        let mismatch = await OwnThread.run { () -> String? in
            var random = SplitMix(seed: 0x5EC2E7)
            for _ in 0..<3000 {
                let text = FieldText.make(&random)
                // A backslash before a line break ends the expressions' value (their `\\.` does not take a line
                // break); the scanner takes the pair as an escape and redacts on: more, never less. Not compared.
                if text.contains("\\\n") { continue }
                for atEnd in [false, true] {
                    let redacted = SecretFields.redact(text, atEnd: atEnd)
                    let left = ExpressionOracle.redactFields(redacted, atEnd: false)
                    if Self.labelless(left) != Self.labelless(redacted) {
                        return "the expressions still find something in \(text.debugDescription)"
                    }
                    if SecretFields.redact(redacted, atEnd: atEnd) != redacted {
                        return "a second pass changes \(text.debugDescription)"
                    }
                }
            }
            return nil
        }
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    /// On well-formed texts (each field whole, apart from the others), exactly what the expressions gave.
    @Test func wellFormedFieldsAsTheExpressionsFoundThem() async {
        let mismatch = await OwnThread.run { () -> String? in
            var random = SplitMix(seed: 0xF1E1D5)
            for _ in 0..<3000 {
                let text = WellFormedFieldText.make(&random)
                let expected = ExpressionOracle.redactFields(text, atEnd: false)
                let actual = SecretFields.redact(text)
                if actual != expected { return "\(text.debugDescription): \(actual.debugDescription)" }
            }
            return nil
        }
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    /// Which field a placeholder names may differ where two values overlap; that they are gone may not.
    private static func labelless(_ text: String) -> String {
        text.replacingOccurrences(of: #"\[REDACTED:[a-z_]+\]"#, with: "[REDACTED]", options: .regularExpression)
    }

    @Test func urlPasswordsAsTheExpressionFoundThem() async {
        let mismatch = await OwnThread.run { () -> String? in
            var random = SplitMix(seed: 0x0C0FFEE)
            for _ in 0..<3000 {
                let text = URLText.make(&random)
                let expected = ExpressionOracle.redactURLPasswords(text)
                let actual = SecretShapes.redactURLPasswords(text)
                if actual != expected { return "\(text.debugDescription): \(actual.debugDescription)" }
            }
            return nil
        }
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test(arguments: [
        (#"{"password": "a\"b\\c", "x": 1}"#, #"{"password": "[REDACTED:password]", "x": 1}"#),
        (#"{"PassWord":"x"}"#, #"{"PassWord":"[REDACTED:password]"}"#),
        (#"{"motDePasse":"x"}"#, #"{"motDePasse":"[REDACTED:password]"}"#),
        (#""{\"client_secret\":\"s\\\\e\"}""#, #""{\"client_secret\":\"[REDACTED:client_secret]\"}""#),
        (
            "grant_type=x&client_secret=abc&scope=openid",
            "grant_type=x&client_secret=[REDACTED:client_secret]&scope=openid"
        ),
        ("?access_token=", "?access_token=[REDACTED:access_token]"),
        ("my_password=abc", "my_password=abc"),
        (
            "password\u{00A0}=x \u{00A0}password=y\u{2003}z",
            "password\u{00A0}=x \u{00A0}password=[REDACTED:password]\u{2003}z"
        ),
        ("technical_password=é€😀&", "technical_password=[REDACTED:technical_password]&"),
    ])
    func fieldShapes(text: String, expected: String) {
        #expect(SecretFields.redact(text) == expected)
    }

    @Test func anOpenFieldGoesOnlyAtTheEnd() {
        #expect(SecretFields.redact(#"{"password":"abc"#) == #"{"password":"abc"#)
        #expect(SecretFields.redact(#"{"password":"abc"#, atEnd: true) == #"{"password":"[REDACTED:password]"#)
        #expect(SecretFields.redact(#"{\"password\":\"ab\\"#, atEnd: true) == #"{\"password\":\"[REDACTED:password]"#)
    }

    @Test(arguments: [
        ("https://user:p@ss/w:rd@host/x", "https://user:[REDACTED:password]@host/x"),
        ("see ftp://a:b@c and https://d:e@f", "see ftp://a:[REDACTED:password]@c and https://d:[REDACTED:password]@f"),
        ("x1https://a:b@c", "x1https://a:[REDACTED:password]@c"),
        ("_https://a:b@c", "_https://a:[REDACTED:password]@c"),
        ("1https://a:b@c", "1https://a:b@c"),
        ("https://a:b c@d", "https://a:b c@d"),
        ("https://:secret@host", "https://:[REDACTED:password]@host"),
        ("https://host/path:x@y", "https://host/path:x@y"),
    ])
    func urlShapes(text: String, expected: String) {
        #expect(SecretShapes.redactURLPasswords(text) == expected)
    }

    @Test func aLongPasswordIsCutWhereTheExpressionCutIt() {
        let at256 = "https://u:" + String(repeating: "p", count: 255) + "@" + "@host"
        #expect(SecretShapes.redactURLPasswords(at256) == ExpressionOracle.redactURLPasswords(at256))
        let beyond = "https://u:" + String(repeating: "p", count: 300) + "@host"
        #expect(SecretShapes.redactURLPasswords(beyond) == beyond)
        let longUser = "https://" + String(repeating: "u", count: 257) + ":p@host"
        #expect(SecretShapes.redactURLPasswords(longUser) == longUser)
    }
}

/// The regular expressions the scanners replaced, kept here as the reference they are checked against.
private enum ExpressionOracle {
    static func redactFields(_ text: String, atEnd: Bool) -> String {
        var result = text
        let present = Redactor.secretFields.filter { text.lowercased().contains($0.lowercased()) }
        let patterns =
            present.flatMap { fieldPatterns($0) } + (atEnd ? present.map { openFieldPattern($0) } : [])
        for (regex, template) in patterns {
            let range = NSRange(result.startIndex..., in: result)
            result = regex.stringByReplacingMatches(in: result, range: range, withTemplate: template)
        }
        return result
    }

    private static func template(_ field: String) -> String {
        let label = field == "motDePasse" ? "password" : field
        return "$1\(NSRegularExpression.escapedTemplate(for: Redactor.placeholder(label)))$3"
    }

    private static func fieldPatterns(_ field: String) -> [(NSRegularExpression, String)] {
        [
            "(\"\(field)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")",
            "(\\\\\"\(field)\\\\\"\\s*:\\s*\\\\\")((?:[^\"\\\\]|\\\\[^\"])*)(\\\\\")",
            "((?:^|[?&\\s\"])\(field)=)([^&\\s\"'\\\\<>]*)()",
        ].map { (try! NSRegularExpression(pattern: $0, options: [.caseInsensitive]), template(field)) }
    }

    private static func openFieldPattern(_ field: String) -> (NSRegularExpression, String) {
        (
            try! NSRegularExpression(
                pattern: "(\\\\?\"\(field)\\\\?\"\\s*:\\s*\\\\?\")((?:[^\"\\\\]|\\\\.)*\\\\?)()$",
                options: [.caseInsensitive]),
            template(field)
        )
    }

    private static let urlPassword = try! NSRegularExpression(
        pattern: #"(?<![A-Za-z0-9+.\-])([A-Za-z][A-Za-z0-9+.\-]{0,31}://[^\s/:@\[\]"'<>]{0,256}):([^\s"'<>]{1,256})@"#)

    static func redactURLPasswords(_ text: String) -> String {
        let source = text as NSString
        let matches = urlPassword.matches(in: text, range: NSRange(location: 0, length: source.length))
        let result = NSMutableString(string: text)
        for match in matches.reversed() {
            result.replaceCharacters(
                in: match.range,
                with: "\(source.substring(with: match.range(at: 1))):\(Redactor.placeholder("password"))@")
        }
        return result as String
    }
}

/// Texts of secret fields in every shape, near misses (a name inside a longer one, no colon, no quote) and noise.
private enum FieldText {
    static let names = [
        "password", "PASSWORD", "client_secret", "access_token", "motDePasse", "technical_password",
        "id_token", "refresh_token", "passwords", "my_password", "pass",
    ]
    static let values = ["", "abc", "a b", #"a\"b"#, #"a\\b"#, "é€", "x&y", "x=y", "[REDACTED:x]", "'q'", "<t>"]
    static let noise = [" ", ",", "{", "}", ":", "\"", "\\", "\\\"", "=", "&", "?", "\n", "\t", "\u{00A0}", "x", "é"]

    static func make(_ random: inout SplitMix) -> String {
        var text = ""
        for _ in 0..<random.below(6) + 1 {
            let name = names[random.below(names.count)]
            let value = values[random.below(values.count)]
            let space = [" ", "", "  ", "\n"][random.below(4)]
            switch random.below(6) {
            case 0: text += "\"\(name)\"\(space):\(space)\"\(value)\""
            case 1: text += "\\\"\(name)\\\"\(space):\(space)\\\"\(value)\\\""
            case 2: text += "\(["", "?", "&", " ", "\""][random.below(5)])\(name)=\(value)"
            case 3: text += "\"\(name)\":\"\(value)"
            case 4: text += "\\\"\(name)\\\":\\\"\(value)"
            default: text += noise[random.below(noise.count)] + name
            }
            for _ in 0..<random.below(3) { text += noise[random.below(noise.count)] }
        }
        return text
    }
}

/// Fields in each shape, one after the other with a separator, values that do not end them early.
private enum WellFormedFieldText {
    static let names = FieldText.names
    static let jsonValues = ["", "abc", "a b", #"a\"b"#, #"a\\b"#, "é€", "x&y", "x=y", "'q'", "<t>"]
    static let escapedValues = ["", "abc", "a b", #"a\\\\b"#, "é€", "x&y", "x=y"]
    static let formValues = ["", "abc", "é€", "x=y", "[x]", "a%20b"]

    static func make(_ random: inout SplitMix) -> String {
        var parts: [String] = []
        for _ in 0..<random.below(5) + 1 {
            let name = names[random.below(names.count)]
            switch random.below(3) {
            case 0: parts.append("\"\(name)\": \"\(jsonValues[random.below(jsonValues.count)])\"")
            case 1: parts.append("\\\"\(name)\\\":\\\"\(escapedValues[random.below(escapedValues.count)])\\\"")
            default:
                parts.append("\(["", "?", "&"][random.below(3)])\(name)=\(formValues[random.below(formValues.count)])")
            }
        }
        return parts.joined(separator: [", ", " ", "\n"][random.below(3)])
    }
}

/// Texts of URLs with and without passwords, schemes at word starts and not, long parts, and noise.
private enum URLText {
    static let schemes = ["https", "ftp", "git+ssh", "a.b-c", "1x", "h", String(repeating: "s", count: 33)]
    static let users = ["", "user", "u.s-e_r", "a/b", "a b", "q\"", String(repeating: "u", count: 250)]
    static let passwords = ["p", "p@ss", "p/w:d", "a b", "p'q", "é€", "", String(repeating: "p", count: 254)]
    static let noise = [" ", "x", "_", "1", "@", ":", "/", "\"", "<", "\n", "://", "é", "\u{00A0}", "+"]

    static func make(_ random: inout SplitMix) -> String {
        var text = ""
        for _ in 0..<random.below(4) + 1 {
            for _ in 0..<random.below(3) { text += noise[random.below(noise.count)] }
            text += schemes[random.below(schemes.count)] + "://"
            if random.below(4) > 0 { text += users[random.below(users.count)] + ":" }
            text += passwords[random.below(passwords.count)]
            if random.below(5) > 0 { text += "@" + ["host", "h@st", "", "x/y"][random.below(4)] }
        }
        return text
    }
}

/// A small seeded generator, so a failure names a text that can be made again.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
