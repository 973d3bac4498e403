import Foundation

/// Text cleared for leaving the tool. Only a `RedactingSink` makes one, by passing the text through the redactor.
public struct RedactedText: Sendable, Equatable {
    public let text: String

    fileprivate init(_ text: String) { self.text = text }
}

/// One file of a support bundle, its bytes already through the redactor. Only a `RedactingSink` makes one, so the
/// archive writers, which accept nothing else, cannot be handed an unredacted byte.
public struct RedactedFile: Sendable, Equatable {
    /// Path inside the bundle (`report.md`, `exchanges.har`…).
    public let name: String
    public let data: Data

    fileprivate init(name: String, data: Data) {
        self.name = name
        self.data = data
    }
}

/// The one door out for reports and bundles: every text written by `report` and `bundle` goes through
/// `Redactor.redactForSharing` here (secrets, and IBANs cut to their last four characters), whatever produced it, then has the client id of OAuth requests and technical account
/// logins partly masked (runs recorded before the profile was deleted or renamed still hold them whole).
public struct RedactingSink: Sendable {
    public let redactor: Redactor
    /// The files added so far, in order.
    public private(set) var files: [RedactedFile] = []

    public init(redactor: Redactor) { self.redactor = redactor }

    /// Text for the console or a file, redacted.
    public func text(_ text: String) -> RedactedText { RedactedText(clean(text)) }

    /// Adds a file to the bundle, its text redacted (a file of the same name is replaced).
    public mutating func add(_ name: String, text: String) {
        let file = RedactedFile(name: clean(name), data: Data(clean(text).utf8))
        files.removeAll { $0.name == file.name }
        files.append(file)
    }

    func clean(_ text: String) -> String {
        TerminalText.escapingControls(Self.maskIdentifiers(redactor.redactForSharing(text)))
    }

    private static let identifiers = try! NSRegularExpression(
        pattern:
            #"((?:^|[?&\s"])client_id=|"client_id"\s*:\s*")([A-Za-z0-9][A-Za-z0-9\-]{8,})|()(TECH_[0-9]+_[0-9]+@[A-Za-z0-9.\-]+)"#
    )

    /// `client_id=739d71f6-…` → `client_id=739d…afa33` (form bodies, URLs, JSON); `TECH_1_0000123@cpro.fr` →
    /// `TECH…@cpro.fr`.
    static func maskIdentifiers(_ text: String) -> String {
        guard text.contains("client_id") || text.contains("TECH_") else { return text }
        let source = text as NSString
        let result = NSMutableString(string: text)
        for match in identifiers.matches(in: text, range: NSRange(location: 0, length: source.length)).reversed() {
            let range = match.range(at: 2).location != NSNotFound ? match.range(at: 2) : match.range(at: 4)
            result.replaceCharacters(in: range, with: Masking.partial(source.substring(with: range)))
        }
        return result as String
    }

    /// Adds a Codable value as stable JSON (snake_case keys, sorted, ISO 8601 dates), redacted.
    public mutating func add(_ name: String, json value: some Encodable) throws {
        let data = try CheckReport.encoder().encode(value)
        add(name, text: String(decoding: data, as: UTF8.self) + "\n")
    }
}
