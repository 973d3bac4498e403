import Foundation

/// Identifiers that are not secrets but are not for everyone's eyes either (the OAuth client id, the technical and
/// user logins), partly masked in what `report` and `bundle` write: the profile's values in every text form, and,
/// for runs kept before the profile was deleted or renamed, what looks like one by its shape (`client_id=…` in a
/// form body, URL or JSON; `TECH_1_0000123@cpro.fr`).
///
/// Secrets are the `Redactor`'s business, never this: a mask only hides an identifier, and the support ticket,
/// which needs them, is written without it (`RedactingSink.Policy.showingIdentifiers`).
public struct IdentifierMask: Sendable {
    private let known: KnownValueMatcher

    /// Masks the shapes only.
    public init() { known = KnownValueMatcher([]) }

    /// Masks `values` (each shown as `Masking.partial`), and the shapes.
    public init(_ values: [String]) {
        var entries: [KnownValueMatcher.Value] = []
        for value in Set(values) where !value.isEmpty {
            let masked = Masking.partial(value)
            guard masked != value else { continue }
            for form in SecretForms.text(value) {
                // A value too short to be told from ordinary text is masked only where it stands whole.
                entries.append(
                    .init(bytes: Array(form.utf8), replacement: masked, whole: Redactor.isImplausiblyShort(form)))
            }
        }
        known = KnownValueMatcher(entries)
    }

    /// The identifiers of `profile` (client id, technical login, user login); the shapes only without one.
    public init(profile: ResolvedProfile?) {
        self.init([profile?.clientID, profile?.technicalLogin, profile?.userLogin].compactMap { $0?.value })
    }

    /// `text` with every known identifier and every identifier-shaped value partly masked.
    public func apply(_ text: String) -> String { Self.maskShapes(known.replace(in: text)) }

    private static let shapes = try! NSRegularExpression(
        pattern:
            #"((?:^|[?&\s"])client_id=|"client_id"\s*:\s*")([A-Za-z0-9][A-Za-z0-9\-]{8,})|()(TECH_[0-9]+_[0-9]+@[A-Za-z0-9.\-]+)"#
    )

    /// `client_id=739d71f6-…` → `client_id=739d…afa33` (form bodies, URLs, JSON); `TECH_1_0000123@cpro.fr` →
    /// `TECH…@cpro.fr`.
    static func maskShapes(_ text: String) -> String {
        guard text.contains("client_id") || text.contains("TECH_") else { return text }
        let source = text as NSString
        let result = NSMutableString(string: text)
        for match in shapes.matches(in: text, range: NSRange(location: 0, length: source.length)).reversed() {
            let range = match.range(at: 2).location != NSNotFound ? match.range(at: 2) : match.range(at: 4)
            result.replaceCharacters(in: range, with: Masking.partial(source.substring(with: range)))
        }
        return result as String
    }
}
