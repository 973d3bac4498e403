import ChorusDemo
import ChorusDoctorKit
import ChorusSimulator
import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

/// For every simulated fault: `check` over real loopback HTTP (libcurl → Hummingbird) stops at the expected
/// stage with the expected diagnosis. The simulator answers as barely as the real platform.
///
/// Serialized: each case runs the binary, whose run deadline is real time; a scenario that never answers must end
/// on the call's own timeout (`http.timeout`) before that deadline, which 24 binaries at once on two cores can push
/// past (`run.time-limit`). `VariantMatrixTests` runs the same check in process, its deadline on the time seam.
@Suite(.serialized) struct ScenarioTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        var scenario: Scenario
        var stage: StageID?
        var diagnosis: String?
        /// Words the cause or a candidate must mention.
        var mentions: [String] = []
        var testDescription: String { scenario.rawValue }
    }

    static let table: [Expectation] = [
        .init(scenario: .healthy, stage: nil, diagnosis: nil),
        .init(scenario: .wrongSecret, stage: .token, diagnosis: "token.invalid-client", mentions: ["secret"]),
        .init(scenario: .unknownClient, stage: .token, diagnosis: "token.invalid-client", mentions: ["sandbox"]),
        .init(
            scenario: .tokenURLWrong, stage: .token, diagnosis: "token.endpoint-not-found",
            mentions: ["/api/oauth/token"]),
        .init(scenario: .apiBaseWrong, stage: .gateway, diagnosis: "gateway.not-found", mentions: ["DefaultRealm"]),
        .init(
            scenario: .transversesNotAttached, stage: .gateway, diagnosis: "gateway.refused", mentions: ["Transverses"]),
        // Factures + Transverses only is what ERP vendors' sheets prescribe: a warning, not a failure.
        .init(scenario: .structuresNotAttached, stage: nil, diagnosis: nil),
        .init(
            scenario: .cguFacturesNotAccepted, stage: .account, diagnosis: "account.api-refused",
            mentions: ["Factures", "CGU"]),
        .init(
            scenario: .raccordementMissing, stage: .account, diagnosis: "account.refused", mentions: ["raccordement"]),
        .init(scenario: .raccordementPending, stage: .account, diagnosis: "account.refused", mentions: ["validated"]),
        .init(
            scenario: .technicalWrongPassword, stage: .account, diagnosis: "account.bad-credentials",
            mentions: ["Compte technique"]),
        .init(
            scenario: .technicalPasswordExpired, stage: .account, diagnosis: "account.password-expired",
            mentions: ["expiry"]),
        .init(
            scenario: .technicalNotActive, stage: .account, diagnosis: "account.not-yet-active",
            mentions: ["30 minutes"]),
        .init(scenario: .technicalNotAttached, stage: .account, diagnosis: "account.structure-not-attached"),
        .init(scenario: .siretUnknown, stage: .account, diagnosis: "account.siret-unknown", mentions: ["dataset"]),
        .init(scenario: .structureInactive, stage: .account, diagnosis: "structure.inactive", mentions: ["inactive"]),
        .init(scenario: .passwordExpiringSoon, stage: nil, diagnosis: nil),
        .init(scenario: .maintenance, stage: .gateway, diagnosis: "platform.maintenance", mentions: ["maintenance"]),
        .init(scenario: .overloaded, stage: .gateway, diagnosis: "platform.overloaded", mentions: ["120"]),
        .init(scenario: .rateLimited, stage: .gateway, diagnosis: "platform.rate-limited", mentions: ["30"]),
        .init(scenario: .tokenTimeout, stage: .token, diagnosis: "http.timeout"),
        .init(scenario: .apiTimeout, stage: .gateway, diagnosis: "http.timeout"),
        .init(scenario: .malformedToken, stage: .token, diagnosis: "token.malformed", mentions: ["not_json"]),
        .init(scenario: .hugeAnswer, stage: .gateway, diagnosis: "http.answer-too-large"),
    ]

    @Test func tableCoversEveryScenario() {
        #expect(Set(Self.table.map(\.scenario)) == Set(Scenario.allCases))
    }

    @Test(arguments: table)
    func checkStopsAtTheBrokenLayer(_ expected: Expectation) async throws {
        // One second for the scenarios that never answer: their diagnosis is the timeout's.
        let hangs = [Scenario.tokenTimeout, .apiTimeout].contains(expected.scenario)
        let run = try await DemoRun.json(expected.scenario, timeout: hangs ? 1 : 10)
        #expect(run.summary["first_failure"] as? String == expected.stage?.rawValue, "\(run.statuses)")
        #expect(run.summary["diagnosis_id"] as? String == expected.diagnosis)
        if let stage = expected.stage {
            let text = try run.diagnosisText(of: stage)
            for word in expected.mentions {
                #expect(
                    text.localizedCaseInsensitiveContains(word),
                    "diagnosis of \(expected.scenario) does not mention \(word)")
            }
        }
    }

    /// `--list-variants` names every variant; an unknown one is a usage error that lists them.
    @Test func variantsAreListedAndChecked() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let list = try await ChorusBinary.run(["sim", "--list-variants"], home: home.url)
        #expect(list.status == 0)
        for variant in PlatformVariant.allCases { #expect(list.stdout.contains(variant.rawValue)) }
        let wrong = try await ChorusBinary.run(["demo", "--variant", "healthcheck-maybe"], home: home.url)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("healthcheck-strict"))
    }

    /// The Factures + Transverses setup: the check passes with a warning that says what Structures would add.
    @Test func facturesAndTransversesOnlyPassesWithAWarning() async throws {
        let run = try await DemoRun.json(.structuresNotAttached, timeout: 10)
        #expect(run.status == 0)
        #expect(run.summary["status"] as? String == "warn")
        #expect(run.diagnosis(of: .account)?["id"] as? String == "account.structures-not-attached")
        #expect(run.diagnosis(of: .structure)?["id"] as? String == "structure.details-unavailable")
        let facts = try #require(run.stage(.account)?["facts"] as? [String: String])
        #expect(facts["account.siret_listed"] == "true")
        #expect(try run.diagnosisText(of: .account).contains("Transverses"))
    }

    @Test func passwordExpiringSoonWarnsWithoutFailing() async throws {
        let run = try await DemoRun.json(.passwordExpiringSoon, timeout: 10)
        #expect(run.status == 0)
        #expect(run.summary["status"] as? String == "warn")
        #expect(run.diagnosis(of: .structure)?["id"] as? String == "structure.password-expiring")
    }

    /// A bare 403 on Factures while Transverses works: the likely causes are the PISTE ones, listed first.
    @Test func refusedApiCandidatesAreRankedByWhatWorked() async throws {
        let run = try await DemoRun.json(.cguFacturesNotAccepted, timeout: 10)
        let candidates = try #require(run.diagnosis(of: .account)?["candidates"] as? [[String: Any]])
        #expect(candidates.prefix(2).map { $0["id"] as? String } == ["api-not-attached", "api-cgu"])
        #expect(candidates.prefix(2).allSatisfy { $0["likely"] as? Bool == true })
        let facts = try #require(run.stage(.account)?["facts"] as? [String: String])
        #expect(facts["api.transverses"] == "ok")
        #expect(facts["api.factures"] == "refused")
    }
}

/// Every scenario under every variant of the behaviours no public source settles: the same stage, the same
/// diagnosis (the words may differ: a bare 404 has no realm to quote). The check `demo` runs (`DemoCommand`: the
/// demo profile, libcurl over loopback to a simulator of the scenario and variant), in this process: the binary's
/// path is `ScenarioTests`'s, and a process per pair of variant and scenario (about 300) cost minutes of a parallel
/// run. The run's own time limit is read through the time seam (`FixedDateTime`: only the check's own waits count),
/// so a test process busy with other suites cannot use it up; each call still has its real timeout (libcurl's),
/// which is how the scenarios that never answer end. Not serialized: each variant's scenarios run one after the
/// other, the variants side by side.
@Suite struct VariantMatrixTests {
    @Test(arguments: PlatformVariant.alternatives)
    func everyScenarioHoldsUnderVariant(_ variant: PlatformVariant) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        for expected in ScenarioTests.table {
            let hangs = [Scenario.tokenTimeout, .apiTimeout].contains(expected.scenario)
            let summary = try await withSimulator(expected.scenario, variants: [variant]) { simulator in
                await Self.demoCheck(simulator, home: home, timeout: hangs ? .seconds(1) : .seconds(10)).summary
            }
            #expect(
                summary.firstFailure == expected.stage,
                "\(expected.scenario) under \(variant): first failure \(summary.firstFailure?.rawValue ?? "none")")
            #expect(summary.diagnosisId == expected.diagnosis, "\(expected.scenario) under \(variant)")
        }
    }

    /// What `demo --json` checks: the simulator's demo profile, nothing read from the user's files or variables.
    static func demoCheck(_ simulator: RunningSimulator, home: TemporaryHome, timeout: Duration) async -> CheckReport {
        let redactor = Redactor()
        let environment = ["HOME": home.url.path]
        let context = DoctorContext(
            console: BufferConsole(redactor: redactor), environment: environment,
            paths: Paths(environment: environment),
            clock: FixedDateTime(Date()), strings: Strings(language: .en), library: .embedded, redactor: redactor,
            makeTransport: { CurlTransport(options: $0) })
        let profile = DemoProfile.resolve(simulator.demoCredentials(), name: "demo")
        return await CheckFlow.run(
            context, profile: profile, options: .init(profile: "demo", json: true, timeout: timeout))
    }
}

/// `chorus-doctor demo --scenario NAME --json`: the simulator runs inside the demo's own process, so a busy test
/// pool cannot slow it, and the path tested is the one users run.
struct DemoRun {
    var status: Int32
    var seconds: Double
    var document: [String: Any]

    static func json(_ scenario: Scenario, variants: [PlatformVariant] = [], timeout: Int) async throws -> DemoRun {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await ChorusBinary.run(
            ["demo", "--scenario", scenario.rawValue, "--json", "--timeout", String(timeout)]
                + variants.flatMap { ["--variant", $0.rawValue] }, home: home.url)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return DemoRun(status: result.status, seconds: result.seconds, document: try #require(object, "\(result.all)"))
    }

    var summary: [String: Any] { document["summary"] as? [String: Any] ?? [:] }
    var stages: [[String: Any]] { document["stages"] as? [[String: Any]] ?? [] }
    var statuses: [String] { stages.map { "\($0["id"] ?? "?")=\($0["status"] ?? "?")" } }

    func stage(_ id: StageID) -> [String: Any]? { stages.first { $0["id"] as? String == id.rawValue } }
    func diagnosis(of id: StageID) -> [String: Any]? { stage(id)?["diagnosis"] as? [String: Any] }

    /// Cause, fixes, candidates, headers and facts of a stage, as one text to search.
    func diagnosisText(of id: StageID) throws -> String {
        let found = try #require(self.stage(id))
        let diagnosis = try #require(self.diagnosis(of: id))
        var parts = [diagnosis["cause"] as? String ?? ""] + (diagnosis["fixes"] as? [String] ?? [])
        for candidate in diagnosis["candidates"] as? [[String: Any]] ?? [] {
            parts += [candidate["cause"] as? String ?? "", candidate["check"] as? String ?? ""]
        }
        parts += (found["headers"] as? [[String: String]] ?? []).compactMap { $0["value"] }
        parts += (found["facts"] as? [String: String] ?? [:]).map(\.value)
        return parts.joined(separator: " ")
    }
}
