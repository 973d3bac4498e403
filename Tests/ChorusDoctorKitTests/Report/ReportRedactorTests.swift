import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// What the redactor learned for reports and bundles: secrets by shape (URL passwords, base64 of login:password,
/// IBANs), identifiers partly masked, and no damage to ordinary text.
@Suite struct ReportRedactorTests {
    @Test(arguments: [
        ("proxy https://alice:S3cr3t!@proxy.corp:3128/", "proxy https://alice:[REDACTED:password]@proxy.corp:3128/"),
        ("ftp://u:p@h", "ftp://u:[REDACTED:password]@h"),
        // JSON with escaped slashes (PHP's json_encode writes them so).
        (
            #"{"proxy":"https:\/\/alice:S3cr3t!@proxy.corp:3128\/"}"#,
            #"{"proxy":"https:\/\/alice:[REDACTED:password]@proxy.corp:3128\/"}"#
        ),
        (#"a:\/\/b:c"#, #"a:\/\/b:c"#),
        ("https://api.piste.gouv.fr:443/cpro", "https://api.piste.gouv.fr:443/cpro"),
    ])
    func passwordsInURLs(_ text: String, _ expected: String) {
        #expect(Redactor().redact(text) == expected)
    }

    @Test func base64OfLoginAndPasswordAnywhere() {
        let credentials = Data("TECH_1_00000000012345@cpp2017.fr:P@ss word/é:42".utf8).base64EncodedString()
        let redactor = Redactor()
        #expect(redactor.redact("X-Debug: Basic \(credentials)") == "X-Debug: Basic [REDACTED:credentials]")
        #expect(redactor.redact(#"{"echo":"\#(credentials)"}"#) == #"{"echo":"[REDACTED:credentials]"}"#)
        let unpadded = Data("user@example.fr:pw12".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        #expect(redactor.redact(unpadded) == "[REDACTED:credentials]")
    }

    @Test func ibansKeepTheirLastFourCharacters() {
        let redactor = Redactor()
        #expect(redactor.redactForSharing("IBAN FR7630006000011234567890189.") == "IBAN [REDACTED:iban]…0189.")
        #expect(redactor.redactForSharing("FR76 3000 6000 0112 3456 7890 189") == "[REDACTED:iban]…0189")
        // The terminal shows the user their own IBAN (the wizard's recap): only shared text cuts it.
        #expect(redactor.redact("FR76 3000 6000 0112 3456 7890 189") == "FR76 3000 6000 0112 3456 7890 189")
        redactor.addIBAN("fr76 3000 6000 0112 3456 7890 189")
        #expect(redactor.redact("iban=fr7630006000011234567890189") == "iban=[REDACTED:iban]…0189")
    }

    @Test func identifiersArePartlyMasked() {
        let mask = IdentifierMask(["739d71f6-9427-4021-bec2-fd73255afa33", "ab"])
        #expect(mask.apply("client_id=739d71f6-9427-4021-bec2-fd73255afa33&x") == "client_id=739d…fa33&x")
        #expect(mask.apply(#"{"id":"739d71f6-9427-4021-bec2-fd73255afa33"}"#) == #"{"id":"739d…fa33"}"#)
        // A value too short to be told from ordinary text is masked only where it stands whole.
        #expect(mask.apply(#"about {"login":"ab"}"#) == #"about {"login":"••"}"#)
        // Identifiers are not the redactor's: the console and the ticket show them.
        #expect(
            Redactor().redact("client_id=739d71f6-9427-4021-bec2-fd73255afa33")
                == "client_id=739d71f6-9427-4021-bec2-fd73255afa33")
        var sink = RedactingSink(redactor: Redactor())
        sink.add("f", text: "grant_type=client_credentials&client_id=4f6d2c1a-8b3e-4a5f-9c7d-1e2f3a4b5c6d&scope=openid")
        sink.add("g", text: #"{"login":"TECH_1_00000000012345@cpro.fr"}"#)
        #expect(
            String(decoding: sink.files[0].data, as: UTF8.self)
                == "grant_type=client_credentials&client_id=4f6d…5c6d&scope=openid")
        #expect(String(decoding: sink.files[1].data, as: UTF8.self) == #"{"login":"TECH…@cpro.fr"}"#)
    }

    /// The sink's two policies differ only on identifiers: secrets go in both, in every form.
    @Test func theTicketPolicyShowsIdentifiersAndNeverASecret() {
        let secret = "s3cr3t-value-é/+x"
        let login = "TECH_1_00000000012345@cpp2017.fr"
        let clientID = "4f6d2c1a-8b3e-4a5f-9c7d-1e2f3a4b5c6d"
        let sink = RedactingSink(
            redactor: Redactor(secrets: [(label: "client_secret", value: secret)]),
            identifiers: IdentifierMask([login, clientID]))
        let text =
            "login \(login) client_id=\(clientID) secret \(secret) "
            + "\(Data(secret.utf8).base64EncodedString()) "
            + "\(secret.addingPercentEncoding(withAllowedCharacters: FormEncoding.allowed)!)"
        let placeholders = Array(repeating: "[REDACTED:client_secret]", count: 3).joined(separator: " ")
        #expect(
            sink.text(text).text == "login TECH…@cpp2017.fr client_id=4f6d…5c6d secret \(placeholders)")
        #expect(
            sink.text(text, policy: .showingIdentifiers).text
                == "login \(login) client_id=\(clientID) secret \(placeholders)")
    }

    /// Secrets added as before keep working: every wire form of the value, replaced by its placeholder.
    @Test func knownSecretsInEveryForm() {
        let secret = #"s3cr"t/é x"#
        let redactor = Redactor(secrets: [(label: "client_secret", value: secret)])
        for form in [
            secret, #"s3cr\"t/é x"#, #"s3cr\"t\/é x"#, Data(secret.utf8).base64EncodedString(), "s3cr%22t%2F%C3%A9%20x",
        ] {
            #expect(redactor.redact("<\(form)>") == "<[REDACTED:client_secret]>", "\(form)")
        }
        let headers = redactor.redact([HTTPHeader("Authorization", "Bearer abc"), HTTPHeader("X", secret)])
        #expect(
            headers == [
                HTTPHeader("Authorization", "Bearer [REDACTED:token]"), HTTPHeader("X", "[REDACTED:client_secret]"),
            ])
    }

    /// Ordinary report text, hashes and identifiers are not mistaken for secrets.
    @Test func ordinaryTextIsLeftAlone() throws {
        let home = try ReportHome()
        defer { home.remove() }
        let samples = [
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "739d71f6-9427-4021-bec2-fd73255afa33", "SIRET 73282932000074 · idStructureCPP 26017724",
            "POST https://sandbox-api.piste.gouv.fr/cpro/structures/v1/rechercher",
            "identifiantStructure typeIdentifiantStructure dateExpirationMotPasseCompteTech",
            "Raccordements → Compte technique", "TRA_MSG_00.000 GCU_MSG_01_000", "APP_SANDBOX_demo@example.test",
        ]
        let redactor = Redactor()
        for sample in samples { #expect(redactor.redactForSharing(sample) == sample) }
        for language in Language.allCases {
            let strings = Strings(language: language)
            for key in strings.keys where key.hasPrefix("report.") || key.hasPrefix("bundle.") {
                #expect(redactor.redactForSharing(strings(key)) == strings(key), "\(language) \(key)")
            }
        }
    }
}
