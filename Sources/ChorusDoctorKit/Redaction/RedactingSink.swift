import Foundation

/// Text cleared for leaving the tool. Only a `RedactingSink` makes one, by passing the text through the redactor.
public struct RedactedText: Sendable, Equatable {
    public let text: String

    fileprivate init(_ text: String) { self.text = text }

    /// Wrapped to `width` (`TextWrap.fit`): line breaks added, nothing of the text uncovered.
    func fitted(width: Int) -> RedactedText { RedactedText(TextWrap.fit(text, width: width)) }

    /// Each `chorus-doctor …` command in it naming `profile` (`FixCommand.scoped`): the profile's name added, which
    /// is no secret.
    func scopingCommands(to profile: String) -> RedactedText { RedactedText(FixCommand.scoped(text, profile: profile)) }
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
/// `Redactor.redactForSharing` here (secrets in every wire form, and IBANs cut to their last four characters),
/// whatever produced it, and, unless the policy says otherwise, through the `IdentifierMask` (the client id and the
/// logins partly masked: runs recorded before the profile was deleted or renamed still hold them whole).
public struct RedactingSink: Sendable {
    /// What a text may show besides what is never shown (secrets).
    public enum Policy: Sendable {
        /// Identifiers partly masked: the HAR, the profile, the runs, the README…
        case maskingIdentifiers
        /// Identifiers whole: the report documents, whose support ticket needs them (technical login, client id)
        /// and whose other values were masked one by one as the report was built (`SupportReportBuilder`).
        case showingIdentifiers
    }

    public let redactor: Redactor
    public let identifiers: IdentifierMask
    /// The files added so far, in order.
    public private(set) var files: [RedactedFile] = []

    public init(redactor: Redactor, identifiers: IdentifierMask = IdentifierMask()) {
        self.redactor = redactor
        self.identifiers = identifiers
    }

    /// Text for the console or a file, redacted.
    public func text(_ text: String, policy: Policy = .maskingIdentifiers) -> RedactedText {
        RedactedText(clean(text, policy: policy))
    }

    /// Adds a file to the bundle, its text redacted (a file of the same name is replaced).
    public mutating func add(_ name: String, text: String, policy: Policy = .maskingIdentifiers) {
        let file = RedactedFile(name: clean(name), data: Data(clean(text, policy: policy).utf8))
        files.removeAll { $0.name == file.name }
        files.append(file)
    }

    func clean(_ text: String, policy: Policy = .maskingIdentifiers) -> String {
        let redacted = redactor.redactForSharing(text)
        switch policy {
        case .maskingIdentifiers: return TerminalText.escapingControls(identifiers.apply(redacted))
        case .showingIdentifiers: return TerminalText.escapingControls(redacted)
        }
    }

    /// Adds a Codable value as stable JSON (snake_case keys, sorted, ISO 8601 dates), redacted.
    public mutating func add(_ name: String, json value: some Encodable) throws {
        let data = try CheckReport.encoder().encode(value)
        add(name, text: String(decoding: data, as: UTF8.self) + "\n")
    }
}
