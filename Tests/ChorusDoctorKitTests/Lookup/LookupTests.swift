import ChorusSimulator
import Foundation
import Testing

@testable import ChorusDoctorKit

/// `lookup` against the simulator over real loopback HTTP.
@Suite struct LookupTests {
    static func siret(_ entity: DatasetStructure.Entity) -> String {
        SimulatorDataset.qualification(now: Date()).structure(entity)!.siret
    }

    static func options(_ siret: String?, service: String? = nil, json: Bool = false, pageSize: Int = 100)
        -> LookupFlow.Options
    {
        LookupFlow.Options(
            profile: "default", identifier: siret, service: service, json: json, timeout: .seconds(15),
            pageSize: pageSize)
    }

    /// GIVEN the recipient that requires a service code and has 27 services, WHEN looked up 10 per page,
    /// THEN every page is read, the active services listed and the requirement shown.
    @Test func serviceMandatoryStructureThroughEveryPage() async throws {
        try await SimulatedProfiles.with { sim in
            let status = await LookupFlow.execute(
                sim.context, options: Self.options(Self.siret(.recipientWithMandatoryService), json: true, pageSize: 10)
            )
            #expect(status == .ok)
            let report = try CheckReport.decoder().decode(LookupReport.self, from: Data(sim.console.output.utf8))
            #expect(report.verdict == .found)
            #expect(report.structure?.serviceCodeRequired == true)
            #expect(report.structure?.commitmentRequired == false)
            #expect(report.services?.count == 27)
            #expect(report.services?.filter(\.active).count == 23)
            #expect(report.notes.contains { $0.id == "qualification" })
        }
    }

    @Test func pagesAreAllRequested() async throws {
        try await SimulatedProfiles.with { sim in
            let query = LookupReport.Query(
                identifier: Self.siret(.recipientWithMandatoryService), identifierType: "SIRET", service: nil,
                entity: nil)
            var report = LookupReport(profile: "default", environment: "sandbox", query: query)
            let profile = try CheckFlow.loadProfile(sim.context, name: "default")
            let session = try await PlatformSession.open(sim.context, profile: profile, timeout: .seconds(15)).get()
            let directory = StructureDirectory(session: session, explainer: nil, language: .en, pageSize: 10)
            await LookupFlow.fill(&report, directory: directory)
            let labels = session.log.all.map(\.label)
            #expect(
                labels.filter { $0.hasPrefix("services-page-") } == [
                    "services-page-1", "services-page-2", "services-page-3",
                ])
            #expect(Set(report.services?.map(\.code) ?? []).count == 27)
        }
    }

    @Test func commitmentMandatoryStructure() async throws {
        try await SimulatedProfiles.with { sim in
            #expect(
                await LookupFlow.execute(sim.context, options: Self.options(Self.siret(.recipientWithMandatoryEJ)))
                    == .ok)
            #expect(sim.console.output.contains("commitment number (EJ) required: yes"))
            #expect(sim.console.output.contains("DIRECTION"))
        }
    }

    /// (service asked, verdict, exit status, words in the output)
    static let services: [(String, LookupReport.Verdict, ChorusDoctorKit.ExitStatus, String)] = [
        ("MARCHES", .serviceOK, .ok, "need a commitment number"),
        ("ACHATS", .serviceOK, .ok, "no commitment number is required"),
        ("CULTURE", .serviceInactive, .checkFailed, "inactive"),
        ("ACHAT", .serviceUnknown, .checkFailed, "close codes: ACHATS"),
        ("NOPE", .serviceUnknown, .checkFailed, "does not exist"),
    ]

    @Test(arguments: services)
    func oneService(
        _ code: String, _ verdict: LookupReport.Verdict, _ status: ChorusDoctorKit.ExitStatus, _ words: String
    ) async throws {
        try await SimulatedProfiles.with { sim in
            let result = await LookupFlow.execute(
                sim.context, options: Self.options(Self.siret(.recipientWithMandatoryService), service: code))
            #expect(result == status)
            #expect(sim.console.output.contains(words), "\(sim.console.output)")
        }
    }

    @Test func unknownAndInactiveStructures() async throws {
        try await SimulatedProfiles.with { sim in
            #expect(
                await LookupFlow.execute(sim.context, options: Self.options(SimulatorDataset.unknownSiret))
                    == .checkFailed)
            #expect(sim.console.output.contains("No structure with this identifier"))
            #expect(sim.console.output.contains("do not exist in qualification"))
            #expect(await LookupFlow.execute(sim.context, options: Self.options(Self.siret(.inactive))) == .checkFailed)
            #expect(sim.console.output.contains("This structure is inactive"))
        }
    }

    @Test func otherIdentifierTypesAreAskedAsSuch() async throws {
        try await SimulatedProfiles.with { sim in
            var options = Self.options("BE0123456789")
            options.identifierType = "ue_hors_france"
            #expect(await LookupFlow.execute(sim.context, options: options) == .checkFailed)
            #expect(sim.console.output.contains("BE0123456789 (UE_HORS_FRANCE)"))
        }
    }

    @Test func badInputIsRefusedBeforeAnyCall() async throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        #expect(await LookupFlow.execute(test.context, options: Self.options("95260181300018")) == .usage)
        #expect(test.console.errors.contains("checksum"))
        var options = Self.options("X")
        options.identifierType = "PASSPORT"
        #expect(await LookupFlow.execute(test.context, options: options) == .usage)
        #expect(test.console.errors.contains("UE_HORS_FRANCE"))
    }

    /// GIVEN a PISTE application without the Structures API, THEN the 403 is explained as that, with a note.
    @Test func structuresApiNotAttached() async throws {
        try await SimulatedProfiles.with(.structuresNotAttached) { sim in
            #expect(
                await LookupFlow.execute(sim.context, options: Self.options(Self.siret(.recipient), json: true))
                    == .checkFailed)
            let report = try CheckReport.decoder().decode(LookupReport.self, from: Data(sim.console.output.utf8))
            #expect(report.verdict == .failed)
            #expect(report.problem?.httpStatus == 403)
            #expect(report.problem?.diagnosis?.id == "http.forbidden-api")
            #expect(report.notes.contains { $0.id == "structures_api" })
        }
    }

    @Test func aRefusedTokenIsDiagnosedLikeCheck() async throws {
        try await SimulatedProfiles.with(.wrongSecret) { sim in
            #expect(
                await LookupFlow.execute(sim.context, options: Self.options(Self.siret(.recipient))) == .checkFailed)
            #expect(sim.console.output.contains("the token stage failed"))
            #expect(sim.console.output.contains("token.invalid-client"))
        }
    }

    @Test func entityFromTheImportedDataset() async throws {
        try await SimulatedProfiles.with { sim in
            #expect(DatasetFlow.importFile(sim.context, path: DatasetCommandTests.samplePath, name: "sample") == .ok)
            var options = Self.options(nil, service: "MARCHES")
            options.entity = "recipient-service-required"
            #expect(await LookupFlow.execute(sim.context, options: options) == .ok)
            #expect(sim.console.output.contains("taken from the imported dataset"))
            #expect(sim.console.output.contains("94628194600016"))
        }
    }

    @Test(arguments: [Language.en, .fr])
    func noSecretInAnyOutput(_ language: Language) async throws {
        try await SimulatedProfiles.with(language: language) { sim in
            var options = Self.options(Self.siret(.recipientWithMandatoryService), service: "MARCHES")
            options.verbose = true
            #expect(await LookupFlow.execute(sim.context, options: options) == .ok)
            options.json = true
            #expect(await LookupFlow.execute(sim.context, options: options) == .ok)
            let all = sim.console.output + sim.console.errors
            #expect(sim.console.output.contains("[REDACTED:"))
            for secret in sim.secrets { #expect(!all.contains(secret) || secret.isEmpty, "leaks \(secret)") }
        }
    }
}
