import ChorusSimulator
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// What the real platform shows wins: over hand-noted values, over the simulator's old assumptions.
@Suite struct PlatformDataTests {
    /// GIVEN a profile noting another expiry date and a setup checklist waiting for the raccordement,
    /// WHEN `check` passes, THEN the platform's date replaces the noted one (saying so) and the step is done.
    @Test func checkAdoptsThePlatformsExpiryAndSettlesTheRaccordement() async throws {
        try await SimulatedProfiles.with { sim in
            let store = ProfileStore(paths: sim.context.paths)
            var document = try #require(try store.load("default"))
            let platform = CalendarDay.format(sim.simulator.world.technicalAccount.passwordExpiry)
            document.technicalPasswordExpiry = "2030-01-01"
            try store.save(document, as: "default")
            var progress = SetupProgress(profile: "default", now: Fixture.now)
            progress.mark("raccordement", .waiting, note: "validation", now: Fixture.now)
            try SetupProgressStore(paths: sim.context.paths).save(progress)

            let status = await CheckFlow.execute(
                sim.context, options: CheckFlow.Options(profile: "default", json: true))
            #expect(status == .ok)
            #expect(try store.load("default")?.technicalPasswordExpiry == platform)
            #expect(sim.console.errors.contains(platform) && sim.console.errors.contains("2030-01-01"))
            let kept = try #require(try SetupProgressStore(paths: sim.context.paths).load("default"))
            #expect(kept.record("raccordement").status == .done)
            // The JSON on standard output is untouched by the notice.
            #expect(try JSONSerialization.jsonObject(with: Data(sim.console.output.utf8)) is [String: Any])
        }
    }

    /// `lookup` finds a private structure the technical account is not attached to, also when the platform sends
    /// a list of one as a bare object.
    @Test(arguments: [[], [PlatformVariant.listsOfOneAsObject]])
    func lookupFindsAPrivateStructure(_ variants: [PlatformVariant]) async throws {
        try await SimulatedProfiles.with(variants: variants) { sim in
            let moe = try #require(sim.simulator.dataset.structure(.moe))
            #expect(!moe.isPublic)
            let options = LookupFlow.Options(
                profile: "default", identifier: moe.siret, json: true, timeout: .seconds(15), pageSize: 100)
            #expect(await LookupFlow.execute(sim.context, options: options) == .ok)
            let report = try CheckReport.decoder().decode(LookupReport.self, from: Data(sim.console.output.utf8))
            #expect(report.verdict == .found)
            #expect(report.structure?.idStructureCPP == moe.idStructureCPP)
        }
    }

    /// The simulator follows the specification P quotes: private structures not attached to the account are
    /// hidden unless `restreindreStructuresPrivees` is false, so the old probe would have said "SIRET unknown".
    @Test func technicalAccountAttachedElsewhereIsNotAttachedNotUnknown() async throws {
        try await SimulatedProfiles.with(.technicalNotAttached) { sim in
            let profile = try CheckFlow.loadProfile(sim.context, name: "default")
            let report = await CheckFlow.run(sim.context, profile: profile, options: .init(profile: "default"))
            #expect(report.summary.diagnosisId == "account.structure-not-attached")
            let search = report.exchanges.first { $0.label == "api-structures" }
            #expect(search?.requestBody?.contains(#""restreindreStructuresPrivees":false"#) == true)
        }
    }

    /// A secret pasted with spaces around it: `profile set` and the environment trim it and say so.
    @Test func pastedSecretsAreTrimmedWithANotice() throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let status = ProfileFlow.set(test.context, name: "default", key: "client_secret", value: nil) {
            "  pasted-secret-value\t\n"
        }
        #expect(status == .ok)
        #expect(try ProfileStore(paths: test.context.paths).load("default")?.clientSecret == "pasted-secret-value")
        #expect(test.console.errors.contains("client_secret"))
        let inside = ProfileFlow.set(test.context, name: "default", key: "client_secret", value: nil) {
            "two words"
        }
        #expect(inside == .ok, "a secret with spaces inside is the platform's to judge")
        let resolved = ProfileResolver(environment: ["CHORUS_TECH_PASSWORD": " pass word \n"]).resolve(
            name: "env", document: nil, filePath: nil)
        #expect(resolved.technicalPassword?.value.value == "pass word")
        #expect(resolved.trimmedSecrets == ["technical_password"])
    }

    /// The 401 text of an expired token is unverified: under both variants, a session renews its token once.
    @Test(arguments: [PlatformVariant.expiredTokenDescribed, .expiredTokenBare])
    func anExpiredTokenIsRenewedWhateverItsText(_ variant: PlatformVariant) async throws {
        try await SimulatedProfiles.with(variants: [variant]) { sim in
            let profile = try CheckFlow.loadProfile(sim.context, name: "default")
            guard
                case .success(var session) = await PlatformSession.open(
                    sim.context, profile: profile, timeout: .seconds(10))
            else {
                Issue.record("no session")
                return
            }
            sim.simulator.expireIssuedTokens()
            let refused = await session.post("/cpro/transverses/v1/recuperer/tauxtva", [:], stage: .account, label: "a")
            let problem = CallProblem(
                refused, call: "a", api: "transverses", explainer: ChecklistLibrary.embedded.explainer, language: .en)
            #expect(problem.httpStatus == 401)
            #expect(problem.tokenExpired)
            #expect(await session.renewToken())
            let again = await session.post("/cpro/transverses/v1/recuperer/tauxtva", [:], stage: .account, label: "b")
            #expect(again.response?.status == 200)
        }
    }
}
