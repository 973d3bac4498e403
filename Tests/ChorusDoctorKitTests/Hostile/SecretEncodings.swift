import Foundation
import Testing

/// The ways a hostile (or merely different) server may write back a secret it was sent.
enum SecretEncoding: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case raw, json, jsonUnicodeNonASCII, jsonUnicodeAll, htmlNamed, htmlDecimal, htmlHex, formPlus, percentLower
    case percentAll, base64, base64Unpadded, base64URLSafe, base64URLSafeUnpadded

    var testDescription: String { rawValue }

    func encode(_ secret: String) -> String {
        switch self {
        case .raw: return secret
        case .json:
            let data = try! JSONSerialization.data(withJSONObject: [secret])
            return String(String(decoding: data, as: UTF8.self).dropFirst(2).dropLast(2))
        case .jsonUnicodeNonASCII:
            return secret.utf16.map { $0 < 0x80 ? jsonASCII($0) : String(format: "\\u%04x", $0) }.joined()
        case .jsonUnicodeAll: return secret.utf16.map { String(format: "\\u%04X", $0) }.joined()
        case .htmlNamed:
            let named: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]
            return secret.map { named[$0] ?? String($0) }.joined()
        case .htmlDecimal:
            return secret.unicodeScalars.map {
                $0.properties.isAlphabetic && $0.isASCII ? String($0) : "&#\($0.value);"
            }.joined()
        case .htmlHex: return secret.unicodeScalars.map { String(format: "&#x%x;", $0.value) }.joined()
        case .formPlus:
            var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: "\u{0}"..."\u{7F}"))
            allowed.insert(charactersIn: " -._*")
            return secret.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(
                of: " ", with: "+")
        case .percentLower:
            let unreserved = CharacterSet(
                charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
            return lowerHex(secret.addingPercentEncoding(withAllowedCharacters: unreserved)!)
        case .percentAll: return secret.utf8.map { String(format: "%%%02X", $0) }.joined()
        case .base64: return Data(secret.utf8).base64EncodedString()
        case .base64Unpadded: return Data(secret.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        case .base64URLSafe: return urlSafe(Data(secret.utf8).base64EncodedString())
        case .base64URLSafeUnpadded:
            return urlSafe(Data(secret.utf8).base64EncodedString()).replacingOccurrences(of: "=", with: "")
        }
    }

    private func jsonASCII(_ unit: UInt16) -> String {
        switch unit {
        case 0x22: "\\\""
        case 0x5C: "\\\\"
        case 0..<0x20: String(format: "\\u%04x", unit)
        default: String(UnicodeScalar(UInt8(unit)))
        }
    }

    private func urlSafe(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    private func lowerHex(_ encoded: String) -> String {
        var out = ""
        var index = encoded.startIndex
        while index < encoded.endIndex {
            if encoded[index] == "%" {
                let end = encoded.index(index, offsetBy: 3)
                out += encoded[index..<end].lowercased()
                index = end
            } else {
                out.append(encoded[index])
                index = encoded.index(after: index)
            }
        }
        return out
    }
}

/// Reproducible random secrets: ASCII letters and digits, the characters encoders treat specially, non-ASCII;
/// every secret holds at least one character of each class an encoding has a special case for.
struct SecretGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    static let alphabet =
        Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") + Array("\"&<>'+/ =%\\:@;#?")
        + Array("éΩ€ü😀")

    /// What the encodings treat apart: JSON's escapes, HTML's entities, `+ / =` and a space or `%` (forms and
    /// percent-encoding), URL delimiters, then UTF-8 of two, three and four bytes (a UTF-16 surrogate pair).
    static let classes: [[Character]] = [
        Array("\"\\"), Array("&<>'"), Array("+/="), Array(" %"), Array(":@;#?"), Array("éü"), Array("Ω€"), Array("😀"),
    ]

    /// 16–40 characters, starting and ending with a letter (so no test depends on what surrounds the secret), one
    /// of each class at drawn places inside.
    mutating func secret() -> String {
        let count = 16 + Int(next() % 25)
        var text: [Character] = []
        for index in 0..<count {
            let pool = index == 0 || index == count - 1 ? Array(Self.alphabet[0..<24]) : Self.alphabet
            text.append(pool[Int(next() % UInt64(pool.count))])
        }
        var places = Array(1..<(count - 1))
        for characters in Self.classes {
            let place = places.remove(at: Int(next() % UInt64(places.count)))
            text[place] = characters[Int(next() % UInt64(characters.count))]
        }
        return String(text)
    }
}

/// Every window of `length` characters of `secret` (what a leak of part of it would show).
func windows(of secret: String, length: Int) -> [String] {
    let characters = Array(secret)
    guard characters.count >= length else { return [secret] }
    return (0...(characters.count - length)).map { String(characters[$0..<($0 + length)]) }
}
