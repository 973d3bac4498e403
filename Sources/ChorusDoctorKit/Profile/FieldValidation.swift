import ChorusTransport
import Foundation

/// Why a value typed by a user or read from a profile is not acceptable: a strings key and its placeholders.
public struct ValidationProblem: Error, Sendable, Hashable {
    public var key: String
    public var values: [String: String]

    public init(_ key: String, _ values: [String: String] = [:]) {
        self.key = key
        self.values = values
    }
}

/// The format checks shared by the `config` probe, `profile set` and the setup wizard.
public enum FieldValidation {
    /// 14 digits with a valid Luhn checksum (La Poste's establishments, SIREN 356000000, use a digit sum instead).
    public static func siret(_ raw: String) -> Result<String, ValidationProblem> {
        if let checked = fourteenDigitSiret(raw) { return checked }
        // Spaces allowed (`732 829 320 00074`): the same check on the digits without them.
        let value = raw.filter { !$0.isWhitespace }
        return fourteenDigitSiret(value)
            ?? .failure(ValidationProblem("validation.siret.format", ["value": raw, "count": "\(value.count)"]))
    }

    /// The fast path, bytes only: for exactly 14 ASCII digits, the SIRET or the checksum's refusal; nil for anything
    /// else (a dataset import checks a million of them).
    static func fourteenDigitSiret(_ raw: String) -> Result<String, ValidationProblem>? {
        guard let valid = fourteenDigitChecksum(raw) else { return nil }
        return valid ? .success(raw) : .failure(ValidationProblem("validation.siret.checksum", ["value": raw]))
    }

    /// For exactly 14 ASCII digits, whether the SIRET checksum holds (Luhn, or La Poste's digit sum); nil for
    /// anything else. Reads the bytes once and allocates nothing.
    static func fourteenDigitChecksum(_ raw: String) -> Bool? {
        let utf8 = raw.utf8
        guard utf8.count == 14 else { return nil }
        var luhnSum = 0
        var digitSum = 0
        var position = 0
        for byte in utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte &- UInt8(ascii: "0"))
            digitSum += digit
            // Counted from the right, every second digit is doubled: with 14 digits, those at even positions.
            let weighted = position % 2 == 0 ? digit * 2 : digit
            luhnSum += weighted > 9 ? weighted - 9 : weighted
            position += 1
        }
        return utf8.starts(with: "356000000".utf8) ? digitSum % 5 == 0 : luhnSum % 10 == 0
    }

    /// An IBAN: country code, check digits, at most 30 alphanumerics, ISO 13616 mod-97 = 1. Spaces allowed.
    public static func iban(_ raw: String) -> Result<String, ValidationProblem> {
        let value = raw.filter { !$0.isWhitespace }.uppercased()
        let chars = Array(value)
        guard (15...34).contains(chars.count), chars.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
            chars[0].isLetter, chars[1].isLetter, chars[2].isNumber, chars[3].isNumber
        else {
            return .failure(ValidationProblem("validation.iban.format"))
        }
        if value.hasPrefix("FR") && chars.count != 27 {
            return .failure(ValidationProblem("validation.iban.length_fr", ["count": "\(chars.count)"]))
        }
        var remainder = 0
        for char in chars[4...] + chars[..<4] {
            let number = char.isNumber ? Int(String(char))! : Int(char.asciiValue!) - 55
            for digit in String(number) {
                remainder = (remainder * 10 + digit.wholeNumberValue!) % 97
            }
        }
        return remainder == 1 ? .success(value) : .failure(ValidationProblem("validation.iban.checksum"))
    }

    /// PISTE client ids are UUIDs (8-4-4-4-12 hex).
    public static func clientID(_ raw: String) -> Result<String, ValidationProblem> {
        let value = raw.trimmingCharacters(in: .whitespaces)
        return isUUID(value) ? .success(value.lowercased()) : .failure(ValidationProblem("validation.client_id"))
    }

    /// A client secret: non-empty once the spaces and line breaks around it are removed. Spaces inside are the
    /// platform's to judge (the config stage warns about them).
    public static func clientSecret(_ raw: String) -> Result<String, ValidationProblem> {
        let value = trimmedSecret(raw).value
        guard !value.isEmpty else { return .failure(ValidationProblem("validation.client_secret")) }
        return .success(value)
    }

    /// A pasted secret without the spaces and line breaks around it, and whether there were any.
    public static func trimmedSecret(_ raw: String) -> (value: String, trimmed: Bool) {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return (value, value != raw)
    }

    public static func isUUID(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return parts.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    /// A technical account login: `TECH_1_<digits>@cpro.fr`, or `@cpp2017.fr` for older and qualification ones.
    /// Another e-mail-like login is accepted with a warning by the config probe (see `technicalLoginLooksUnusual`).
    public static func technicalLogin(_ raw: String) -> Result<String, ValidationProblem> {
        let value = raw.trimmingCharacters(in: .whitespaces)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !value.contains(where: \.isWhitespace),
            !value.contains(":")
        else {
            return .failure(ValidationProblem("validation.tech_login", ["value": value]))
        }
        return .success(value)
    }

    public static func technicalLoginLooksUnusual(_ login: String) -> Bool {
        let lower = login.lowercased()
        guard lower.hasPrefix("tech_") else { return true }
        return !(lower.hasSuffix("@cpro.fr") || lower.hasSuffix("@cpp2017.fr"))
    }

    /// A Chorus Pro user login (an e-mail address).
    public static func userLogin(_ raw: String) -> Result<String, ValidationProblem> {
        let value = raw.trimmingCharacters(in: .whitespaces)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !value.contains(where: \.isWhitespace) else {
            return .failure(ValidationProblem("validation.user_login", ["value": value]))
        }
        return .success(value)
    }

    /// An endpoint URL: https, or http on a loopback host only (the simulator). No user:password inside.
    public static func endpointURL(_ raw: String) -> Result<URL, ValidationProblem> {
        let value = raw.trimmingCharacters(in: .whitespaces)
        // The host as the URL holds it (`URL.host`: an international name already in its ASCII form), as the
        // transport will use it. `URLComponents.host` would decode it back through ICU's IDNA tables, which every
        // run would then page in for nothing.
        guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
            let url = components.url, let host = url.host, !host.isEmpty
        else {
            return .failure(ValidationProblem("validation.url.format", ["value": hidingCredentials(value)]))
        }
        if components.user != nil || components.password != nil {
            return .failure(ValidationProblem("validation.url.credentials"))
        }
        switch scheme {
        case "https": return .success(url)
        case "http" where CurlTransport.isLoopbackHost(host): return .success(url)
        case "http": return .failure(ValidationProblem("validation.url.http", ["host": host]))
        default: return .failure(ValidationProblem("validation.url.scheme", ["scheme": scheme]))
        }
    }

    /// A PISTE application name: what PISTE accepts (letters, digits, `_-.@`), 3–100 characters.
    public static func applicationName(_ raw: String) -> Result<String, ValidationProblem> {
        let value = raw.trimmingCharacters(in: .whitespaces)
        let allowed = value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.@ ".contains($0)) }
        guard (3...100).contains(value.count), allowed else {
            return .failure(ValidationProblem("validation.app_name", ["value": value]))
        }
        return .success(value)
    }

    /// A profile name: it becomes a file name in the profiles folder, so no `/`, no leading `.`, no space; the one
    /// check every command uses (through `ProfileStore`).
    public static func profileName(_ raw: String) -> Result<String, ValidationProblem> {
        let value = raw
        let ok = value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
        guard (1...64).contains(value.count), ok, !value.hasPrefix(".") else {
            return .failure(ValidationProblem("validation.profile_name", ["value": value]))
        }
        return .success(value)
    }

    /// A URL as it may be shown: the user and password part (`https://bob:pa/ss@host`, whatever characters the
    /// password holds, up to the address's last `@`) replaced by a marker.
    public static func hidingCredentials(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@") else {
            return url
        }
        return url[..<scheme.upperBound] + Redactor.placeholder("credentials") + url[at...]
    }

    /// A calendar date as `YYYY-MM-DD` (also `DD/MM/YYYY`, as the portal shows dates).
    public static func date(_ raw: String) -> Result<Date, ValidationProblem> {
        let value = raw.trimmingCharacters(in: .whitespaces)
        if let date = CalendarDay.parse(value) { return .success(date) }
        return .failure(ValidationProblem("validation.date", ["value": value]))
    }
}
