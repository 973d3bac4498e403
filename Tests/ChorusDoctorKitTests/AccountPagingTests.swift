import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// The account's structures come in pages (`recuperer/structures/actives/fournisseur`). A SIRET missing from the
/// pages read proves it is not attached only when every page was read.
@Suite struct AccountPagingTests {
    static let listing = "/cpro/transverses/v1/recuperer/structures/actives/fournisseur"

    /// Page 1 lists another structure and announces two pages; page 2 is answered by `secondPage`.
    final class PagedTransport: HTTPTransport {
        let base: ScriptedTransport
        let secondPage: ScriptedTransport.Answer?

        init(secondPage: ScriptedTransport.Answer?) {
            base = ScriptedTransport(ScriptedTransport.healthy)
            self.secondPage = secondPage
        }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            guard request.url.path == AccountPagingTests.listing else { return try await base.send(request) }
            let asksPageTwo = String(decoding: request.body ?? Data(), as: UTF8.self).contains("pageResultatDemandee")
            let page1 =
                #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","pageCourante":1,"pages":2,"listeStructures":[{"idStructureCPP":1,"identifiant":"11111111111111","designationStructure":"OTHER"}]}"#
            let answer = asksPageTwo ? secondPage : nil
            return try await ScriptedTransport([request.url.path: answer ?? .json(200, page1)]).send(request)
        }

        func connect(to url: URL, timeout: Duration) async throws -> ConnectionReport {
            try await base.connect(to: url, timeout: timeout)
        }
    }

    /// WHEN page 2 does not come back in time, THEN the failure named is the timeout, not "not attached".
    @Test func aPageThatTimesOutIsNotTakenForAMissingSiret() async throws {
        let report = try await Fixture.run(PagedTransport(secondPage: .failure(.timeout)))
        let account = try #require(report.stage(.account))
        #expect(account.status == .fail)
        #expect(account.facts["account.siret_listed"] == "unknown")
        #expect(account.diagnosis?.id == "http.timeout")
        #expect(account.findings.contains { $0.key == "account.structures_incomplete" && $0.values["pages"] == "2" })
    }

    /// WHEN page 2 is a 503, THEN the platform's unavailability is diagnosed.
    @Test func aPageRefusedByTheGatewayIsDiagnosedAsSuch() async throws {
        let report = try await Fixture.run(PagedTransport(secondPage: .empty(503)))
        let account = try #require(report.stage(.account))
        #expect(account.status == .fail)
        #expect(account.httpStatus == 503)
        #expect(account.diagnosis?.id != "account.structure-not-attached")
        #expect(account.diagnosis?.id != "account.siret-not-listed")
    }

    /// WHEN the platform ignores `pageResultatDemandee` and answers page 1 again (unverified behaviour), THEN the
    /// account stage warns that the list was not read to its end, and the structure stage decides with the
    /// Structures search, which finds the SIRET.
    @Test func aPlatformThatIgnoresPagingLeavesTheStructureStageToDecide() async throws {
        let report = try await Fixture.run(PagedTransport(secondPage: nil))
        let account = try #require(report.stage(.account))
        #expect(account.status == .warn)
        #expect(account.diagnosis?.id == "account.structures-unread")
        #expect(report.stage(.structure)?.status == .pass)
        for language in [Language.en, .fr] {
            let cause = try #require(account.diagnosis(in: Strings(language: language))?.cause)
            #expect(cause.contains("1") && cause.contains("2"), "\(cause)")
            #expect(!cause.contains("{"), "\(cause)")
        }
    }

    /// WHEN every page is read and the SIRET is on none, THEN it is not attached (as before).
    @Test func aCompleteListingWithoutTheSiretStillSaysNotAttached() async throws {
        let page2 =
            #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","pageCourante":2,"pages":2,"listeStructures":[{"idStructureCPP":2,"identifiant":"22222222222222","designationStructure":"ANOTHER"}]}"#
        let report = try await Fixture.run(PagedTransport(secondPage: .json(200, page2)))
        let account = try #require(report.stage(.account))
        #expect(account.status == .fail)
        #expect(account.facts["account.siret_listed"] == "false")
        #expect(account.diagnosis?.id == "account.structure-not-attached")
    }
}
