import ChorusSimulator
import ChorusTestSupport
import ChorusTransport
import Foundation
import Synchronization
import Testing

@testable import ChorusDoctorKit

/// `check --all` / `--profiles`: many profiles against one simulator, a bounded number at a time.
@Suite struct FleetTests {
    /// GIVEN twelve good profiles, one whose secret was regenerated, one corrupt file and one name that does not exist,
    /// WHEN checked together, THEN each gets its own row, failures first in the table, and the exit status is 1.
    @Test func aMixedFleet() async throws {
        let names = (1...12).map { String(format: "client-%02d", $0) }
        try await SimulatedProfiles.with(profiles: names + ["regenerated"]) { sim in
            let store = ProfileStore(paths: sim.context.paths)
            var regenerated = try #require(try store.load("regenerated"))
            regenerated.clientSecret = "0b1c2d3e-0000-4a61-8b72-c3d4e5f60718"
            try store.save(regenerated, as: "regenerated")
            try AtomicFile.write(Data("client_id: [".utf8), to: sim.context.paths.profileFile("corrupt"))

            let options = FleetFlow.Options(profiles: nil, jobs: 4, timeout: .seconds(15))
            #expect(await FleetFlow.execute(sim.context, options: options) == .checkFailed)
            let text = sim.console.output
            #expect(text.contains("14 profile(s) in"))
            #expect(text.contains("12 passed, 0 with warnings, 1 failed, 1 not checked"))
            let lines = text.split(separator: "\n").map(String.init)
            let regeneratedLine = try #require(lines.firstIndex { $0.contains("regenerated") })
            let firstGood = try #require(lines.firstIndex { $0.contains("client-01") })
            #expect(regeneratedLine < firstGood, "failures come first")
            #expect(lines[regeneratedLine].contains("token.invalid-client"))
            #expect(text.contains("corrupt: The profile file cannot be used"))
            for secret in sim.secrets { #expect(!text.contains(secret)) }
            #expect(RunStore(paths: sim.context.paths, redactor: Redactor()).latest(profile: "client-07") != nil)
        }
    }

    @Test func jsonSchemaAndNamedProfiles() async throws {
        try await SimulatedProfiles.with(profiles: ["a", "b", "c"]) { sim in
            let options = FleetFlow.Options(
                profiles: ["c", "a", "missing"], jobs: 2, json: true, timeout: .seconds(15), save: false)
            #expect(await FleetFlow.execute(sim.context, options: options) == .checkFailed)
            let report = try CheckReport.decoder().decode(FleetReport.self, from: Data(sim.console.output.utf8))
            #expect(report.schema == "chorus-doctor.fleet/1")
            #expect(report.profiles.map(\.profile) == ["a", "c", "missing"])
            #expect(report.profiles.map(\.status) == [.pass, .pass, .unavailable])
            #expect(report.profiles[0].expiry?.source == .platform)
            #expect(report.summary.total == 3 && report.summary.unavailable == 1)
            #expect(RunStore(paths: sim.context.paths, redactor: Redactor()).latest(profile: "a") == nil, "--no-save")
        }
    }

    /// The CHORUS_* profile variables would override every profile at once: a fleet ignores them.
    @Test func profileVariablesDoNotLeakIntoEveryProfile() async throws {
        try await SimulatedProfiles.with(
            profiles: ["a", "b"], environment: ["CHORUS_CLIENT_SECRET": "wrong"]
        ) { sim in
            let report = await FleetFlow.run(
                sim.context, names: ["a", "b"], options: .init(profiles: nil, timeout: .seconds(15)))
            #expect(report.passed, "\(report.profiles.map { "\($0.profile): \($0.diagnosisId ?? "-")" })")
        }
    }

    @Test func noProfileIsAUsageError() async throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        #expect(await FleetFlow.execute(test.context, options: .init(profiles: nil)) == .usage)
    }

    /// At most `jobs` checks in flight: each check sends at most 4 requests at once (the account stage).
    @Test(arguments: [1, 3])
    func concurrencyIsBounded(_ jobs: Int) async throws {
        let transport = CountingTransport(ScriptedTransport(ScriptedTransport.healthy))
        let test = try TestContext(transport: transport)
        defer { test.cleanUp() }
        for index in 0..<9 { try ProfileStore(paths: test.context.paths).save(Fixture.document(), as: "p\(index)") }
        let report = await FleetFlow.run(
            test.context, names: (0..<9).map { "p\($0)" }, options: .init(profiles: nil, jobs: jobs, save: false))
        #expect(report.summary.passed == 9)
        #expect(transport.maximum <= jobs * 4)
        if jobs > 1 { #expect(transport.maximum > 4, "checks ran one after the other") }
    }

    /// 200 profiles against one simulator; run with CHORUS_BENCH_FLEET=1 (bench/fleet.sh times the binary).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CHORUS_BENCH_FLEET"] == "1"))
    func twoHundredProfiles() async throws {
        let names = (1...200).map { String(format: "client-%03d", $0) }
        try await SimulatedProfiles.with(profiles: names) { sim in
            for jobs in [1, 8, 16] {
                let started = ContinuousClock.now
                let report = await FleetFlow.run(
                    sim.context, names: names, options: .init(profiles: nil, jobs: jobs, save: false))
                print(
                    "fleet: 200 profiles, \(jobs) at a time: \(ContinuousClock.now - started), passed \(report.summary.passed)"
                )
                #expect(report.summary.passed == 200)
            }
        }
    }
}

/// Wraps a transport and records how many requests were in flight at most.
final class CountingTransport: HTTPTransport {
    let inner: any HTTPTransport
    private let state = Mutex((now: 0, maximum: 0))

    init(_ inner: any HTTPTransport) { self.inner = inner }

    var maximum: Int { state.withLock { $0.maximum } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        state.withLock {
            $0.now += 1
            $0.maximum = max($0.maximum, $0.now)
        }
        defer { state.withLock { $0.now -= 1 } }
        try await Task.sleep(for: .milliseconds(5))
        return try await inner.send(request)
    }

    func connect(to url: URL, timeout: Duration) async throws -> ConnectionReport {
        try await inner.connect(to: url, timeout: timeout)
    }
}
