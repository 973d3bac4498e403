import ChorusDemo
import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusDoctorKit
@testable import ChorusSimulator

/// `sim --replay`: a support bundle made from a failing check, served again, gives `check` the same first failing
/// stage and diagnosis, with the bundle's redacted values and made-up credentials.
@Suite struct ReplayTests {
    /// Every scenario whose check fails once the network is reached.
    static let failing: [Scenario] = Scenario.allCases.filter {
        ![.healthy, .passwordExpiringSoon, .structuresNotAttached].contains($0)
    }

    static let bundles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Bundles")

    /// Bundles kept in the repository (made from simulator runs), with what their check found.
    static let kept: [(file: String, stage: StageID, diagnosis: String)] = [
        ("tech-wrong-password.zip", .account, "account.bad-credentials"),
        ("tech-not-attached.zip", .account, "account.structure-not-attached"),
        ("raccordement-missing.zip", .account, "account.refused"),
        ("transverses-not-attached.zip", .gateway, "gateway.refused"),
    ]

    static func timeout(_ scenario: Scenario) -> Duration {
        [.tokenTimeout, .apiTimeout].contains(scenario) ? .seconds(1) : .seconds(10)
    }

    /// Runs `check` on the scenario, keeps the run, writes the bundle; returns the report and the bundle's URL.
    static func bundle(_ scenario: Scenario, into directory: URL, suffix: String = "zip") async throws -> (
        CheckReport, URL
    ) {
        try await SimulatedProfiles.with(scenario) { sim in
            let profile = try CheckFlow.loadProfile(sim.context, name: "default")
            let report = await CheckFlow.run(
                sim.context, profile: profile, options: .init(profile: "default", timeout: timeout(scenario)))
            CheckFlow.persist(sim.context, report)
            let output = directory.appendingPathComponent("\(scenario.rawValue).\(suffix)")
            let status = await BundleFlow.execute(
                sim.context, options: .init(output: output.path, system: ReportFixture.system))
            #expect(status == .ok, "\(sim.console.errors)")
            return (report, output)
        }
    }

    /// `check` against a replay of `file`, with the profile `sim --replay --save-profile` would write.
    static func replayCheck(_ file: URL, timeout: Duration) async throws -> CheckReport {
        let recording = try ReplayRecording.load(file)
        return try await Simulator.replay(recording).stopped { replay in
            let test = try TestContext(loopback: true)
            defer { test.cleanUp() }
            let document = DemoProfile.document(recording.credentials(baseURL: replay.baseURL))
            try ProfileStore(paths: test.context.paths).save(document, as: "replay")
            let profile = try CheckFlow.loadProfile(test.context, name: "replay")
            return await CheckFlow.run(
                test.context, profile: profile, options: .init(profile: "replay", timeout: timeout))
        }
    }

    @Test(arguments: failing)
    func aBundleReplaysToTheSameDiagnosis(_ scenario: Scenario) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (original, file) = try await Self.bundle(scenario, into: directory)
        #expect(original.summary.firstFailure != nil)
        let replayed = try await Self.replayCheck(file, timeout: Self.timeout(scenario))
        #expect(replayed.summary.firstFailure == original.summary.firstFailure, "\(scenario)")
        #expect(replayed.summary.diagnosisId == original.summary.diagnosisId, "\(scenario)")
        if Golden.recording,
            Self.kept.contains(where: { $0.file == file.lastPathComponent })
        {
            try FileManager.default.createDirectory(at: Self.bundles, withIntermediateDirectories: true)
            let kept = Self.bundles.appendingPathComponent(file.lastPathComponent)
            try? FileManager.default.removeItem(at: kept)
            try FileManager.default.copyItem(at: file, to: kept)
        }
    }

    /// The bundles kept in the repository still replay to their diagnosis (regression tests).
    @Test(arguments: kept.map(\.file))
    func keptBundleStillReplays(_ name: String) async throws {
        let expected = try #require(Self.kept.first { $0.file == name })
        let replayed = try await Self.replayCheck(Self.bundles.appendingPathComponent(name), timeout: .seconds(10))
        #expect(replayed.summary.firstFailure == expected.stage)
        #expect(replayed.summary.diagnosisId == expected.diagnosis)
    }

    /// A tar.gz bundle, and the HAR taken out of a bundle, replay to the same diagnosis.
    @Test func tarGzBundlesAndHARFilesReplay() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (original, tarball) = try await Self.bundle(.technicalNotAttached, into: directory, suffix: "tar.gz")
        let fromTarball = try await Self.replayCheck(tarball, timeout: .seconds(10))
        #expect(fromTarball.summary.diagnosisId == original.summary.diagnosisId)
        let entries = try BundleArchive.tarEntries(try BundleArchive.gunzip(Data(contentsOf: tarball)))
        let har = directory.appendingPathComponent("exchanges.har")
        try #require(entries.first { $0.key.hasSuffix("exchanges.har") }?.value).write(to: har)
        let fromHAR = try await Self.replayCheck(har, timeout: .seconds(10))
        #expect(fromHAR.summary.firstFailure == original.summary.firstFailure)
        #expect(fromHAR.summary.diagnosisId == original.summary.diagnosisId)
    }

    /// The HAR alone replays too, and an unreadable file is an error that says why.
    @Test func harFilesAndUnreadableFiles() async throws {
        let zip = try Data(contentsOf: Self.bundles.appendingPathComponent("tech-not-attached.zip"))
        let entries = try BundleArchive.zipEntries(zip)
        let har = try #require(entries.first { $0.key.hasSuffix("exchanges.har") }?.value)
        let recording = try ReplayRecording.parse(har: har)
        #expect(recording.calls.contains { $0.path == "/cpro/transverses/v1/health-check" })
        #expect(recording.recordedSiret?.count == 14)
        #expect(throws: ReplayRecording.Unreadable.self) { try ReplayRecording.parse(har: Data("{}".utf8)) }
        #expect(throws: ReplayRecording.Unreadable.self) { try BundleArchive.zipEntries(zip.prefix(100)) }
        #expect(throws: ReplayRecording.Unreadable.self) { try BundleArchive.gunzip(Data([0x1F, 0x8B, 8])) }
    }
}
