import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

@Suite struct CheckRunnerTests {
    @Test func healthyPlatformPassesEveryStage() async throws {
        let report = try await Fixture.run(ScriptedTransport.healthy)
        #expect(report.stages.map(\.id) == StageID.allCases)
        #expect(report.stages.allSatisfy { $0.status == .pass }, "\(report.stages.map { "\($0.id):\($0.status)" })")
        #expect(report.summary.status == .pass)
        let structure = try #require(report.stage(.structure))
        #expect(structure.findings.contains { $0.key == "structure.parameters" && $0.values["ej"] == "yes" })
    }

    @Test func aFailureStopsTheLaterStagesWithAReason() async throws {
        var script = ScriptedTransport.healthy
        script["/api/oauth/token"] = .json(
            401, #"{"error":"invalid_client","error_description":"Client authentication failed"}"#)
        let report = try await Fixture.run(script)
        #expect(report.stage(.token)?.status == .fail)
        #expect(report.stage(.token)?.diagnosis?.id == "token.invalid-client")
        for id in [StageID.gateway, .account, .structure] {
            #expect(report.stage(id)?.status == .skip)
            #expect(report.stage(id)?.skipReason?.values["stage"] == "token")
        }
        #expect(report.summary.firstFailure == .token)
    }

    /// GIVEN a good token and a working Transverses API, WHEN Factures answers a bare 403,
    /// THEN the account stage names Factures and ranks "not attached" and "CGU" first.
    @Test func refusedFacturesApiIsNamed() async throws {
        var script = ScriptedTransport.healthy
        script["/cpro/factures/v1/rechercher/fournisseur"] = .empty(403)
        let report = try await Fixture.run(script)
        let account = try #require(report.stage(.account))
        #expect(account.status == .fail)
        #expect(account.diagnosis?.id == "account.api-refused")
        #expect(account.diagnosis(in: Strings(language: .en))?.cause.contains("Factures") == true)
        #expect(account.diagnosis?.candidates.first?.likely == true)
    }

    /// GIVEN the ERP vendor's setup (Factures + Transverses, no Structures), THEN the check passes with warnings:
    /// the attachment is read from Transverses, the structure details cannot be read.
    @Test func facturesAndTransversesOnlyIsAValidSetup() async throws {
        var script = ScriptedTransport.healthy
        script["/cpro/structures/v1/rechercher"] = .empty(403)
        script["/cpro/structures/v1/consulter"] = .empty(403)
        let report = try await Fixture.run(script)
        #expect(report.summary.status == .warn)
        #expect(report.stage(.account)?.diagnosis?.id == "account.structures-not-attached")
        #expect(report.stage(.structure)?.status == .warn)
        #expect(report.stage(.structure)?.diagnosis?.id == "structure.details-unavailable")
        #expect(report.stage(.structure)?.facts["structure.id"] == "26017724")
    }

    /// Only a clear refusal closes an API: a 500 or a 404 on the invoice search proves nothing.
    @Test func anUnclearAnswerDoesNotCloseAnApi() async throws {
        for answer in [ScriptedTransport.Answer.empty(500), .empty(404), .empty(202)] {
            var script = ScriptedTransport.healthy
            script["/cpro/factures/v1/rechercher/fournisseur"] = answer
            let report = try await Fixture.run(script)
            #expect(report.stage(.account)?.status == .pass, "\(answer)")
        }
    }

    @Test func codeRetourNonZeroIsAFailure() async throws {
        var script = ScriptedTransport.healthy
        script["/cpro/structures/v1/consulter"] = .json(200, #"{"codeRetour":20001,"libelle":"GCU_MSG_01_001"}"#)
        let report = try await Fixture.run(script)
        #expect(report.stage(.structure)?.status == .fail)
        #expect(report.stage(.structure)?.diagnosis?.id == "structure.code-retour")
    }

    /// Only what cannot be sent, or would be unsafe, stops the check before the network.
    @Test func unsendableValuesStopBeforeTheNetwork() async throws {
        let profile = Fixture.profile {
            $0.clientID = nil; $0.apiBaseURL = "http://api.piste.gouv.fr"
        }
        let transport = ScriptedTransport(ScriptedTransport.healthy)
        let runner = StageEngine(
            profile: profile, transport: transport, rules: ChecklistLibrary.embedded.rules,
            strings: Strings(language: .fr), clock: VirtualTime(), environment: [:],
            redactor: Redactor())
        let report = await runner.run()
        #expect(report.stage(.config)?.status == .fail)
        #expect(transport.sent.isEmpty)
        let keys = report.stage(.config)?.findings.map(\.key) ?? []
        #expect(keys.contains("config.problem.missing"))
        #expect(keys.contains("config.problem.url_invalid"))
    }

    /// GIVEN values that merely look wrong (an odd SIRET, a retired host), THEN the config stage warns and the
    /// check still asks the platform; WHEN the platform refuses, the suspicious value is named first.
    @Test func suspiciousValuesWarnAndThePlatformDecides() async throws {
        let profile = Fixture.profile {
            $0.siret = "73282932000075"; $0.apiBaseURL = "https://api.aife.economie.gouv.fr"
        }
        var script = ScriptedTransport.healthy
        script["/cpro/transverses/v1/health-check"] = .empty(403)
        let transport = ScriptedTransport(script)
        let runner = StageEngine(
            profile: profile, transport: transport, rules: ChecklistLibrary.embedded.rules,
            strings: Strings(language: .fr), clock: VirtualTime(), environment: [:],
            redactor: Redactor())
        let report = await runner.run()
        #expect(report.stage(.config)?.status == .warn)
        let keys = report.stage(.config)?.findings.map(\.key) ?? []
        #expect(keys.contains("config.problem.siret_invalid"))
        #expect(keys.contains("config.problem.retired_host"))
        #expect(!transport.sent.isEmpty)
        let gateway = try #require(report.stage(.gateway))
        #expect(gateway.status == .fail)
        #expect(gateway.diagnosis?.candidates.first?.id == "suspect.config.retired-host")
        #expect(gateway.diagnosis?.candidates.first?.likely == true)
    }

    /// A client secret with spaces inside is still sent as it is; the platform decides, and its refusal names
    /// the spaces first.
    @Test func secretWithSpacesIsSentAndJudgedByThePlatform() async throws {
        let profile = Fixture.profile { $0.clientSecret = "abc def" }
        var script = ScriptedTransport.healthy
        script["/api/oauth/token"] = .json(401, #"{"error":"invalid_client"}"#)
        let transport = ScriptedTransport(script)
        let runner = StageEngine(
            profile: profile, transport: transport, rules: ChecklistLibrary.embedded.rules,
            strings: Strings(language: .en), clock: VirtualTime(), environment: [:],
            redactor: Redactor())
        let report = await runner.run()
        #expect(report.stage(.config)?.status == .warn)
        let sent = try #require(transport.sent.first { $0.url.path == "/api/oauth/token" })
        #expect(String(decoding: sent.body ?? Data(), as: UTF8.self).contains("client_secret=abc%20def"))
        #expect(report.stage(.token)?.diagnosis?.id == "token.invalid-client")
        #expect(report.stage(.token)?.diagnosis?.candidates.first?.id == "suspect.config.client-secret-format")
        // And when the platform accepts it, the check passes with the warning only.
        let accepted = try await Fixture.run(ScriptedTransport.healthy, profile: profile)
        #expect(accepted.summary.status == .warn)
        #expect(accepted.summary.firstFailure == nil)
    }

    /// A secret pasted with spaces around it is trimmed with a notice; when the platform then says 401, the
    /// pasted space / typo comes first.
    @Test func trimmedSecretIsRankedFirstWhenRefused() async throws {
        var document = Fixture.document()
        document["client_secret"] = " \(Fixture.clientSecret)\n"
        let profile = ProfileResolver(environment: [:]).resolve(name: "t", document: document, filePath: nil)
        #expect(profile.clientSecret?.value.value == Fixture.clientSecret)
        #expect(profile.trimmedSecrets == ["client_secret"])
        var script = ScriptedTransport.healthy
        script["/api/oauth/token"] = .json(401, #"{"error":"invalid_client"}"#)
        let runner = StageEngine(
            profile: profile, transport: ScriptedTransport(script), rules: ChecklistLibrary.embedded.rules,
            strings: Strings(language: .en), clock: VirtualTime(), environment: [:],
            redactor: Redactor())
        let report = await runner.run()
        #expect(report.stage(.config)?.findings.contains { $0.key == "config.problem.secret_trimmed" } == true)
        #expect(report.stage(.token)?.diagnosis?.id == "token.invalid-client")
        #expect(report.stage(.token)?.diagnosis?.candidates.first?.id == "suspect.config.client-secret-trimmed")
    }

    @Test func expiredPasswordNotedInProfileTurnsA401IntoThatDiagnosis() async throws {
        var script = ScriptedTransport.healthy
        let challenge = HTTPHeader(
            "WWW-Authenticate",
            #"Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects""#)
        for path in script.keys where path.hasPrefix("/cpro/") && !path.contains("health") {
            script[path] = .empty(401, headers: [challenge])
        }
        let report = try await Fixture.run(
            script, profile: Fixture.profile { $0.technicalPasswordExpiry = "2026-10-01" })
        #expect(report.stage(.config)?.status == .warn)
        #expect(report.stage(.account)?.diagnosis?.id == "account.password-expired")
    }

    @Test func requestsCarryBothCredentials() async throws {
        let transport = ScriptedTransport(ScriptedTransport.healthy)
        let runner = StageEngine(
            profile: Fixture.profile(), transport: transport, rules: ChecklistLibrary.embedded.rules,
            strings: Strings(language: .en), clock: VirtualTime(), environment: [:],
            redactor: Redactor())
        _ = await runner.run()
        let call = try #require(transport.sent.first { $0.url.path.hasSuffix("tauxtva") })
        #expect(call.headers.value(for: "Authorization") == "Bearer tok-SECRET-123")
        let account = Data("TECH_1_00000000012345@cpp2017.fr:\(Fixture.password)".utf8).base64EncodedString()
        #expect(call.headers.value(for: "cpro-account") == account)
        let token = try #require(transport.sent.first)
        #expect(String(decoding: token.body ?? Data(), as: UTF8.self).contains("grant_type=client_credentials"))
    }

    /// Every byte the runner keeps or prints is free of the planted secrets and the token.
    @Test(arguments: [Language.en, .fr])
    func noSecretInAnyRendering(_ language: Language) async throws {
        let report = try await Fixture.run(ScriptedTransport.healthy, language: language)
        let json = String(decoding: try CheckReport.encoder().encode(report), as: UTF8.self)
        let text = CheckTextRenderer(
            strings: Strings(language: language), style: TerminalStyle(enabled: true), verbose: true
        ).render(report)
        let account = Data("TECH_1_00000000012345@cpp2017.fr:\(Fixture.password)".utf8).base64EncodedString()
        for secret in [Fixture.clientSecret, Fixture.password, "tok-SECRET-123", account, "s3cr3t", "P@ss"] {
            #expect(!json.contains(secret), "JSON leaks \(secret)")
            #expect(!text.contains(secret), "text leaks \(secret)")
        }
        #expect(text.contains("[REDACTED:"))
    }
}

@Suite struct ExchangeLogTests {
    /// Concurrent calls finish in any order; the record must not.
    @Test func accountExchangesAreKeptInAFixedOrder() async throws {
        for _ in 0..<5 {
            let report = try await Fixture.run(ScriptedTransport.healthy)
            let labels = report.exchanges.filter { $0.stage == .account }.map(\.label)
            #expect(labels == ["structures-of-account", "api-transverses", "api-structures", "api-factures"])
        }
    }
}
