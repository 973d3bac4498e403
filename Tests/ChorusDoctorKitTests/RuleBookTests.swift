import Foundation
import Testing

@testable import ChorusDoctorKit

/// Every rule of checklists/rules.yaml, reached from the facts a stage would record.
@Suite struct RuleBookTests {
    static let book = ChecklistLibrary.embedded.rules

    /// (expected rule id, stage, facts). The coverage test below keeps this table complete.
    static let cases: [(String, StageID, [String: String])] = [
        ("config.missing", .config, ["config.problem": "missing", "config.field": "client_id"]),
        ("config.secret-command-failed", .config, ["config.problem": "secret_command_failed"]),
        ("config.environment-unknown", .config, ["config.problem": "environment_unknown"]),
        (
            "config.retired-host", .config,
            ["config.problem": "retired_host", "config.host": "api.aife.economie.gouv.fr"]
        ),
        ("config.url-invalid", .config, ["config.problem": "url_invalid"]),
        ("config.token-on-api-host", .config, ["config.problem": "token_on_api_host"]),
        ("config.api-on-oauth-host", .config, ["config.problem": "api_on_oauth_host"]),
        ("config.api-base-path", .config, ["config.problem": "api_base_path"]),
        ("config.mixed-hosts", .config, ["config.problem": "mixed_hosts"]),
        ("config.environment-mismatch", .config, ["config.problem": "environment_mismatch"]),
        ("config.client-secret-format", .config, ["config.problem": "client_secret_format"]),
        (
            "config.client-secret-trimmed", .config,
            ["config.problem": "secret_trimmed", "config.field": "client_secret"]
        ),
        (
            "config.tech-password-trimmed", .config,
            ["config.problem": "secret_trimmed", "config.field": "technical_password"]
        ),
        ("account.structures-not-attached", .account, ["account.problem": "structures_not_attached"]),
        ("structure.details-unavailable", .structure, ["structure.problem": "details_unavailable"]),
        ("config.tech-login-format", .config, ["config.problem": "tech_login_format"]),
        ("config.siret-invalid", .config, ["config.problem": "siret_invalid"]),
        ("config.expiry-invalid", .config, ["config.problem": "expiry_invalid"]),
        ("config.iban-invalid", .config, ["config.problem": "iban_invalid"]),
        ("config.ca-bundle-missing", .config, ["config.problem": "ca_bundle_missing"]),
        ("config.client-id-format", .config, ["config.problem": "client_id_format"]),
        ("config.tech-login-unusual", .config, ["config.problem": "tech_login_unusual"]),
        ("config.token-path", .config, ["config.problem": "token_path"]),
        ("config.expiry-passed", .config, ["config.problem": "expiry_passed"]),
        ("config.expiry-soon", .config, ["config.problem": "expiry_soon"]),
        ("config.user-login-format", .config, ["config.problem": "user_login_format"]),
        ("config.file-permissions", .config, ["config.problem": "file_permissions"]),
        ("local.out-of-descriptors", .network, ["transport.kind": "other", "local.exhausted": "descriptors"]),
        ("local.out-of-memory", .token, ["transport.kind": "other", "local.exhausted": "memory"]),
        ("local.libcurl-missing", .network, ["transport.kind": "library_missing", "transport.detail": "libcurl.so.4"]),
        ("local.libcurl-missing", .account, ["transport.kind": "library_missing", "transport.detail": "libcurl.so.4"]),
        ("run.time-limit", .account, ["transport.kind": "timeout", "run.deadline": "reached", "run.timeout": "3"]),
        ("run.time-limit", .network, ["transport.kind": "timeout", "run.deadline": "reached", "run.timeout": "3"]),
        ("network.dns", .network, ["transport.kind": "dns"]),
        ("network.refused", .network, ["transport.kind": "refused"]),
        ("network.timeout", .network, ["transport.kind": "timeout"]),
        ("network.tls-untrusted", .network, ["transport.kind": "tls_untrusted"]),
        ("network.tls-hostname", .network, ["transport.kind": "tls_hostname"]),
        ("network.tls-expired", .network, ["transport.kind": "tls_expired"]),
        ("network.tls", .network, ["transport.kind": "tls"]),
        ("network.proxy", .network, ["transport.kind": "proxy"]),
        ("token.endpoint-not-found", .token, ["http.status": "404", "body.kind": "html"]),
        ("token.invalid-client", .token, ["http.status": "401", "oauth.error": "invalid_client"]),
        ("token.bad-request", .token, ["http.status": "400", "oauth.error": "unsupported_grant_type"]),
        ("token.unauthorized", .token, ["http.status": "403", "body.kind": "empty"]),
        ("token.malformed", .token, ["http.status": "200", "token.problem": "not_json", "body.kind": "html"]),
        ("token.type", .token, ["http.status": "200", "token.problem": "token_type"]),
        ("gateway.not-found", .gateway, ["http.status": "404", "www_authenticate.realm": "DefaultRealm"]),
        (
            "gateway.no-token", .gateway,
            ["http.status": "400", "oauth.error_description": "Unable to find token in the message"]
        ),
        ("gateway.token-rejected", .gateway, ["http.status": "401", "www_authenticate.error": "invalid_token"]),
        ("gateway.refused", .gateway, ["http.status": "403", "body.kind": "empty"]),
        ("account.password-expired", .account, ["http.status": "401", "tech.password_expired": "true"]),
        ("account.not-yet-active", .account, ["http.status": "401", "tech.created_recently": "true"]),
        (
            "account.bad-credentials", .account,
            ["http.status": "401", "www_authenticate.error_description": "login or password incorrects"]
        ),
        ("account.unauthorized", .account, ["http.status": "401"]),
        ("account.refused", .account, ["http.status": "403", "api.transverses": "refused", "api.factures": "refused"]),
        (
            "structure.inactive", .account,
            [
                "http.status": "200", "account.siret_listed": "false", "structure.lookup": "inactive",
                "structure.status": "INACTIVE",
            ]
        ),
        (
            "account.structure-not-attached", .account,
            ["http.status": "200", "account.siret_listed": "false", "structure.lookup": "found"]
        ),
        (
            "account.siret-unknown", .account,
            ["http.status": "200", "account.siret_listed": "false", "structure.lookup": "not_found"]
        ),
        (
            "account.siret-not-listed", .account,
            ["http.status": "200", "account.siret_listed": "false", "structure.lookup": "refused"]
        ),
        (
            "account.structures-unread", .account,
            ["http.status": "200", "account.siret_listed": "unknown", "structure.lookup": "found"]
        ),
        (
            "account.api-refused", .account,
            ["http.status": "200", "account.siret_listed": "true", "api.refused": "structures"]
        ),
        ("account.code-retour", .account, ["http.status": "200", "code_retour": "20007"]),
        ("structure.password-expired", .structure, ["http.status": "200", "structure.problem": "password_expired"]),
        ("structure.password-expiring", .structure, ["http.status": "200", "structure.problem": "password_expiring"]),
        ("structure.code-retour", .structure, ["http.status": "200", "code_retour": "20001"]),
        ("platform.maintenance", .gateway, ["http.status": "500", "body.kind": "html"]),
        ("platform.overloaded", .account, ["http.status": "503", "retry_after": "120"]),
        ("platform.rate-limited", .gateway, ["http.status": "429", "retry_after": "30"]),
        ("http.timeout", .token, ["transport.kind": "timeout"]),
        ("http.answer-too-large", .gateway, ["transport.kind": "answer_too_large"]),
        ("http.connection-lost", .account, ["transport.kind": "protocol"]),
        ("http.malformed", .gateway, ["http.status": "200", "body.kind": "html"]),
        ("unrecognised", .structure, ["fallback": "true"]),
    ]

    @Test(arguments: cases.map { ($0.0, $0.1, $0.2) })
    func reachesRule(_ expected: String, _ stage: StageID, _ facts: [String: String]) {
        let diagnosis = Self.book.diagnose(stage: stage, facts: facts, language: .en)
        #expect(diagnosis?.id == expected)
        #expect(!(diagnosis?.cause.isEmpty ?? true))
    }

    @Test func everyRuleHasACase() {
        let covered = Set(Self.cases.map(\.0))
        let missing = Self.book.rules.map(\.id).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "rules without a test case: \(missing)")
    }

    @Test func everyRuleSpeaksBothLanguagesAndHasFixes() {
        for rule in Self.book.rules {
            let texts = [rule.cause] + rule.fixes + (rule.candidates ?? []).flatMap { [$0.cause, $0.check] }
            for text in texts {
                #expect(!text.en.isEmpty && !text.fr.isEmpty, "\(rule.id) lacks a language")
                #expect(text.en != text.fr, "\(rule.id): French text is a copy of the English: \(text.en)")
            }
            #expect(!rule.fixes.isEmpty, "\(rule.id) has no fix")
        }
    }

    @Test func placeholdersAreFilledFromFacts() {
        let diagnosis = Self.book.diagnose(
            stage: .config,
            facts: [
                "config.problem": "retired_host", "config.host": "api.aife.economie.gouv.fr",
                "config.replacement": "api.piste.gouv.fr", "config.field": "api_base_url",
            ],
            language: .fr)
        #expect(diagnosis?.cause.contains("api.aife.economie.gouv.fr") == true)
        #expect(diagnosis?.fixes.first?.contains("api.piste.gouv.fr") == true)
    }

    /// A bare 403 names every candidate it cannot rule out, the likely ones first.
    @Test func refusedApiRanksCandidatesByOtherProbes() throws {
        let facts = [
            "http.status": "200", "account.siret_listed": "true", "api.refused": "structures",
            "api.refused_names": "AIFE - Chorus Pro - Structures", "api.transverses": "ok", "environment": "sandbox",
        ]
        let diagnosis = try #require(Self.book.diagnose(stage: .account, facts: facts, language: .en))
        #expect(diagnosis.candidates.map(\.id) == ["api-not-attached", "api-cgu", "habilitations"])
        #expect(diagnosis.candidates.prefix(2).allSatisfy { $0.likely })
        #expect(diagnosis.candidates.last?.likely == false)
        #expect(diagnosis.cause.contains("AIFE - Chorus Pro - Structures"))
    }

    @Test func excludedCandidatesAreDropped() throws {
        let facts = ["http.status": "404", "www_authenticate.realm": "DefaultRealm"]
        let diagnosis = try #require(Self.book.diagnose(stage: .gateway, facts: facts, language: .en))
        #expect(diagnosis.candidates.map(\.id) == ["base-url-path"])
    }

    @Test func conditionsSyntax() {
        #expect(FactCondition(["*"]).matches("x"))
        #expect(!FactCondition(["*"]).matches(nil))
        #expect(FactCondition(["-"]).matches(nil))
        #expect(FactCondition(["!0"]).matches("20000"))
        #expect(!FactCondition(["!0"]).matches("0"))
        #expect(FactCondition(["~password"]).matches("login or PASSWORD incorrects"))
        #expect(FactCondition(["<30"]).matches("12"))
        #expect(!FactCondition([">=30"]).matches("12"))
        #expect(FactCondition(["401", "400"]).matches("400"))
    }
}
