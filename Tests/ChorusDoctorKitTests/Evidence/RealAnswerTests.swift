import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// The answers public sources quote from the real platform (Evidence/Fixtures, each with its source), read by the
/// parsers the probes and commands use.
@Suite struct RealAnswerTests {
    struct Fixture {
        var source: String
        var response: HTTPResponse
    }

    static func fixture(_ name: String) throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name).json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let headers = (object["headers"] as? [String: String] ?? [:]).map { HTTPHeader($0.key, $0.value) }
        let response = HTTPResponse(
            status: try #require(object["status"] as? Int), headers: headers,
            body: Data((object["body"] as? String ?? "").utf8))
        return Fixture(source: try #require(object["source"] as? String), response: response)
    }

    @Test func everyFixtureNamesItsSource() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
        #expect(names.count >= 6)
        for name in names {
            let fixture = try Self.fixture(String(name.dropLast(5)))
            #expect(!fixture.source.isEmpty, "\(name)")
        }
    }

    /// T2's live-sandbox body: the gateway stage calls it healthy.
    @Test func healthCheckOfTheLiveSandboxIsHealthy() throws {
        let response = try Self.fixture("health-check-sandbox").response
        #expect(GatewayProbe.healthy(response))
        #expect(AnswerFacts.of(response)["body.kind"] == "json")
        #expect(AnswerFacts.of(response)["code_retour"] == nil)
    }

    /// O's captured `rechercher/services` answer: every service read, and the page count for the next call.
    @Test func servicesCaptureIsRead() throws {
        let response = try Self.fixture("rechercher-services-capture").response
        guard case .document(let object) = ChorusReply(.response(response)).answer else {
            Issue.record("not a document")
            return
        }
        let services = AnswerFacts.list(object["listeServices"]).compactMap(StructureDirectory.service)
        #expect(services.map(\.code) == ["XX", "W9"])
        let ids = services.map(\.id)
        #expect(ids == [27_946_199, 27_946_194])
        #expect(services.allSatisfy { $0.active })
        let paging = object["parametresRetour"] as? [String: Any]
        #expect(AnswerFacts.int(paging?["pages"]) == 22)
    }

    /// AIFE's own consulterCRDetaille example: `listeErreurDP` is one object; the error is still listed, explained.
    @Test func aifeDetailedReportIsRead() throws {
        let response = try Self.fixture("consulter-cr-detaille-aife").response
        guard case .document(let object) = ChorusReply(.response(response)).answer else {
            Issue.record("not a document")
            return
        }
        let reader = DepositReader(
            explainer: ChecklistLibrary.embedded.explainer, states: ChecklistLibrary.embedded.depositStates,
            language: .en)
        var report = DepositReport(profile: "p", environment: "sandbox", numeroFluxDepot: "CPP0011110000000000001557")
        reader.fill(&report, object)
        #expect(report.state == "IN_INTEGRE_PARTIEL")
        #expect(report.outcome == .partial)
        #expect(report.paymentRequestErrors.count == 1)
        #expect(report.paymentRequestErrors.first?.invoice == "F1110_NBO050740100")
        #expect(report.paymentRequestErrors.first?.explanation?.id == "rejection.supplier-not-referenced")
        #expect(report.fileName == "FSO1110A_CPP001_CPP0011110000000000001557")
    }

    /// The 401 `WWW-Authenticate` text: a technical-account diagnosis wherever it comes from.
    @Test func technicalAccountRefusalIsTheTechnicalAccount() throws {
        let response = try Self.fixture("technical-account-refused").response
        #expect(GatewayProbe.refusesTechnicalAccount(response))
        var facts = AnswerFacts.of(response)
        #expect(facts["www_authenticate.realm"] == "PISTE")
        #expect(facts["www_authenticate.error_description"] == "login or password incorrects")
        let rules = ChecklistLibrary.embedded.rules
        for stage in [StageID.account] {
            facts["stage"] = stage.rawValue
            #expect(
                rules.diagnosis(for: stage, status: .fail, facts: facts, language: .en)?.id == "account.bad-credentials"
            )
        }
        let problem = CallProblem(
            ChorusReply(.response(response)), call: "structure-search", api: "structures",
            explainer: ChecklistLibrary.embedded.explainer, language: .en)
        #expect(problem.diagnosis?.id == "http.technical-account")
        #expect(!problem.tokenExpired)
    }

    /// 403 with an empty body closes the API; the unknown flow answer is "no such flow".
    @Test func emptyRefusalAndUnknownFlow() throws {
        #expect(AccountProbe.access(.response(try Self.fixture("api-refused-empty").response)) == "refused")
        let unknown = ChorusReply(.response(try Self.fixture("flux-introuvable").response)).answer
        #expect(unknown.isUnknownFlow)
        #expect(!unknown.isNothingFound)
        let explained = ChecklistLibrary.embedded.explainer.explain(
            message: #"{"codeRetour":20001,"libelle":"POQ_MSG_01.003 - Flux introuvable."}"#, language: .en)
        #expect(explained.diagnosis?.id == "code.flow-not-found")
    }
}
