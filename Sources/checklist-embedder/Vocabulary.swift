/// The values the Kit's enums accept in the checklists, raw value → Swift case name.
///
/// The generated code spells each enum with an exhaustive `switch` (`EmbeddedChecklists.spelling(_:)`), so a case
/// added to or renamed in the Kit fails the build until this table follows; `EmbeddedChecklistsTests` checks every
/// spelling against the enum's raw value.
struct Vocabulary {
    /// The Swift type, as the generated code names it.
    var type: String
    /// What the value is, for messages ("stage", "validator").
    var noun: String
    var cases: [(raw: String, name: String)]

    func name(of raw: String) -> String? { cases.first { $0.raw == raw }?.name }

    /// `StageID.account` for `account`, or the problem naming the accepted values.
    func member(_ raw: String, in file: YAMLSource, at path: [PathStep]) throws -> String {
        guard let name = name(of: raw) else {
            throw file.problem(
                at: path,
                "unknown \(noun) '\(raw)' (one of: \(cases.map(\.raw).joined(separator: ", ")))")
        }
        return "\(type).\(name)"
    }

    static let stage = Vocabulary(
        type: "StageID", noun: "stage",
        cases: ["config", "network", "token", "gateway", "account", "structure"].map { ($0, $0) })
    static let environment = Vocabulary(
        type: "PlatformEnvironment", noun: "environment", cases: ["sandbox", "production"].map { ($0, $0) })
    static let probe = Vocabulary(
        type: "SetupProbeKind", noun: "probe", cases: ["token", "account", "full"].map { ($0, $0) })
    static let action = Vocabulary(
        type: "SetupAction", noun: "action", cases: [("first_invoice", "firstInvoice")])
    static let validator = Vocabulary(
        type: "FieldValidator", noun: "validator",
        cases: [
            ("environment", "environment"), ("app_name", "appName"), ("client_id", "clientID"),
            ("client_secret", "clientSecret"), ("url", "url"), ("technical_login", "technicalLogin"),
            ("password", "password"), ("date", "date"), ("siret", "siret"), ("user_login", "userLogin"),
            ("iban", "iban"),
        ])
    static let outcome = Vocabulary(
        type: "DepositStates.Outcome", noun: "outcome",
        cases: ["pending", "integrated", "partial", "rejected", "incident"].map { ($0, $0) })
    static let severity = Vocabulary(
        type: "InvoiceCheckBook.Severity", noun: "severity", cases: ["error", "warning"].map { ($0, $0) })
    static let profileKey = Vocabulary(
        type: "ProfileDocument.CodingKeys", noun: "profile key",
        cases: [
            ("environment", "environment"), ("token_url", "tokenURL"), ("api_base_url", "apiBaseURL"),
            ("client_id", "clientID"), ("client_secret", "clientSecret"),
            ("client_secret_command", "clientSecretCommand"), ("technical_login", "technicalLogin"),
            ("technical_password", "technicalPassword"), ("technical_password_command", "technicalPasswordCommand"),
            ("technical_password_expiry", "technicalPasswordExpiry"), ("siret", "siret"),
            ("user_login", "userLogin"), ("piste_application", "pisteApplication"), ("iban", "iban"),
            ("ca_bundle", "caBundle"),
        ])
    static let language = Vocabulary(type: "Language", noun: "language", cases: ["en", "fr"].map { ($0, $0) })

    static let all: [Vocabulary] = [
        stage, environment, probe, action, validator, outcome, severity, profileKey, language,
    ]

    /// `static func spelling(_ value: StageID) -> String { switch value { case .config: "config" … } }`.
    var spellingFunction: String {
        var out = "    static func spelling(_ value: \(type)) -> String {\n        switch value {\n"
        for (raw, name) in cases { out += "        case .\(name): \(SwiftLiteral.string(raw))\n" }
        return out + "        }\n    }\n"
    }
}
