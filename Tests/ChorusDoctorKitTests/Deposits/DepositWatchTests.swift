import ChorusSimulator
import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// `flow watch`: until a final state, bounded in time, growing pauses, Retry-After, token renewal, progress.
@Suite struct DepositWatchTests {
    typealias Number = SimulatorDataset.DepositNumber

    static func options(_ number: String, timeout: Duration = .seconds(10), json: Bool = false)
        -> DepositStatusFlow.Options
    {
        DepositStatusFlow.Options(
            profile: "default", number: number, json: json, requestTimeout: .seconds(15), interval: .milliseconds(200),
            maximumInterval: .milliseconds(600), timeout: timeout)
    }

    /// GIVEN the flow the simulator deposits at start (IN_RECU → … → IN_INTEGRE in 3 s),
    /// WHEN watched, THEN the watch ends with it integrated (how many steps it sees depends on the machine's load).
    @Test func followsASimulatedFlowToItsFinalState() async throws {
        try await SimulatedProfiles.with { sim in
            #expect(await DepositStatusFlow.watch(sim.context, options: Self.options(Number.progressing)) == .ok)
            let text = sim.console.output
            #expect(text.contains("State: IN_INTEGRE (final)"))
            #expect(text.components(separatedBy: "] IN_EN_COURS_TRAITEMENT_CPP").count <= 2)
            #expect(!text.contains("\u{1B}["), "no terminal codes when not on a terminal")
        }
    }

    /// The simulator's moving flow, read at given instants.
    @Test func theSimulatedFlowMoves() throws {
        let start = Date()
        let flow = try #require(SimulatorDataset.qualification(now: start).flow(Number.progressing))
        let seen = [0, 0.7, 1.2, 2, 3.5].map { flow.state(at: start.addingTimeInterval($0)).state }
        #expect(seen == [.received, .processedBySE, .waitingForProcessing, .processing, .integrated])
    }

    static func scripted(_ states: [String], terminal: Bool = false) throws -> (TestContext, SequencedTransport) {
        let token = SequencedTransport.json(200, #"{"access_token":"tok-1","token_type":"Bearer","expires_in":3600}"#)
        let answers = states.map {
            SequencedTransport.json(
                200, #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","etatCourantDepotFlux":"\#($0)"}"#)
        }
        let transport = SequencedTransport([
            "/api/oauth/token": [token], "/cpro/transverses/v1/consulterCRDetaille": answers,
        ])
        let test = try TestContext(terminal: terminal, transport: transport, time: VirtualTime())
        try ProfileStore(paths: test.context.paths).save(Fixture.document(), as: "default")
        return (test, transport)
    }

    /// GIVEN a flow seen as IN_RECU twice, then IN_EN_COURS_TRAITEMENT_CPP, then IN_INTEGRE,
    /// THEN each state change is printed once, and the watch stops at the final state after four calls.
    @Test func printsEachStateChangeOnce() async throws {
        let (test, transport) = try Self.scripted(["IN_RECU", "IN_RECU", "IN_EN_COURS_TRAITEMENT_CPP", "IN_INTEGRE"])
        defer { test.cleanUp() }
        #expect(await DepositStatusFlow.watch(test.context, options: Self.options("F1")) == .ok)
        let text = test.console.output
        #expect(text.components(separatedBy: "] IN_RECU").count == 2)
        #expect(text.components(separatedBy: "] IN_EN_COURS_TRAITEMENT_CPP").count == 2)
        #expect(text.contains("Watched 4 time(s)"))
        #expect(transport.sent.filter { $0.url.path.hasSuffix("consulterCRDetaille") }.count == 4)
    }

    @Test func progressLineOnlyOnATerminal() async throws {
        let (test, _) = try Self.scripted(["IN_RECU", "IN_EN_COURS_TRAITEMENT_CPP", "IN_INTEGRE"], terminal: true)
        defer { test.cleanUp() }
        #expect(await DepositStatusFlow.watch(test.context, options: Self.options("F1")) == .ok)
        #expect(test.console.output.contains("\r\u{1B}[2K"))
        #expect(test.console.output.contains(" IN_RECU · "))
        #expect(test.console.output.contains("next check in"))
        #expect(!test.console.output.contains("] IN_RECU"), "no change lines on a terminal: the progress line says it")
    }

    /// GIVEN a flow that never moves, WHEN watched for 1 s (virtual time) with 200 ms pauses growing to 600 ms,
    /// THEN the watch polls at 0, 200, 500 and 950 ms, waits the last 50 ms, polls once more and stops at its
    /// limit, says so, and exits 1.
    @Test func staysWithinItsTimeLimit() async throws {
        let (test, _) = try Self.scripted(["IN_EN_COURS_TRAITEMENT_CPP"])
        defer { test.cleanUp() }
        let status = await DepositStatusFlow.watch(
            test.context, options: Self.options("F1", timeout: .seconds(1), json: true))
        #expect(status == .checkFailed)
        let report = try CheckReport.decoder().decode(DepositReport.self, from: Data(test.console.output.utf8))
        let watch = try #require(report.watch)
        #expect(watch.timedOut)
        #expect(watch.elapsedMs == 1000, "\(watch.elapsedMs) ms")
        #expect(watch.polls == 5, "pauses of 200, 300, 450, then the 50 ms left: \(watch.polls) polls")
        #expect(report.state == "IN_EN_COURS_TRAITEMENT_CPP")
    }

    /// GIVEN a throttled application (429, Retry-After: 30), WHEN watched for 1.5 s with 200 ms pauses,
    /// THEN the watch waits as asked instead of hammering: one call, then it stops at its limit.
    @Test func honoursRetryAfter() async throws {
        let token = SequencedTransport.json(200, #"{"access_token":"tok-1","token_type":"Bearer","expires_in":3600}"#)
        let throttled = HTTPResponse(status: 429, headers: [HTTPHeader("Retry-After", "30")])
        let transport = SequencedTransport([
            "/api/oauth/token": [token], "/cpro/transverses/v1/consulterCRDetaille": [throttled],
        ])
        let time = VirtualTime()
        let test = try TestContext(transport: transport, time: time)
        defer { test.cleanUp() }
        try ProfileStore(paths: test.context.paths).save(Fixture.document(), as: "default")
        let status = await DepositStatusFlow.watch(
            test.context, options: Self.options("F1", timeout: .milliseconds(1500), json: true))
        #expect(status == .checkFailed)
        #expect(time.elapsed() == .zero, "Retry-After 30 s is more than the 1.5 s left: no wait, no second call")
        let report = try CheckReport.decoder().decode(DepositReport.self, from: Data(test.console.output.utf8))
        #expect(report.problem?.httpStatus == 429 && report.problem?.retryAfter == 30)
        #expect(report.problem?.diagnosis?.id == "http.rate-limited")
        #expect(report.watch?.polls == 1 && report.watch?.timedOut == true)
    }

    /// The simulator's throttling scenario, end to end.
    @Test func throttledSimulator() async throws {
        try await SimulatedProfiles.with(.rateLimited) { sim in
            let status = await DepositStatusFlow.watch(
                sim.context, options: Self.options(Number.progressing, timeout: .milliseconds(1500), json: true))
            #expect(status == .checkFailed)
            let report = try CheckReport.decoder().decode(DepositReport.self, from: Data(sim.console.output.utf8))
            #expect(report.problem?.retryAfter == 30)
            #expect((report.watch?.polls ?? 99) <= 2)
        }
    }

    /// A final answer stops at once; a state that never changes does not print the same line twice.
    @Test func finalFlowStopsAtOnce() async throws {
        try await SimulatedProfiles.with { sim in
            #expect(await DepositStatusFlow.watch(sim.context, options: Self.options(Number.rejected)) == .checkFailed)
            #expect(sim.console.output.contains("Watched 1 time(s)"))
        }
    }

    /// GIVEN a gateway that says the token expired mid-watch, THEN one new token is asked for and the watch goes on.
    @Test func renewsAnExpiredToken() async throws {
        let expired = HTTPHeader(
            "WWW-Authenticate",
            #"Bearer realm="PISTE",error="invalid_token",error_description="The access token is invalid or has expired""#
        )
        let token = SequencedTransport.json(200, #"{"access_token":"tok-1","token_type":"Bearer","expires_in":3600}"#)
        let integrated = SequencedTransport.json(
            200,
            #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","numeroFluxDepot":"F1","etatCourantDepotFlux":"IN_INTEGRE"}"#)
        let transport = SequencedTransport([
            "/api/oauth/token": [token],
            "/cpro/transverses/v1/consulterCRDetaille": [HTTPResponse(status: 401, headers: [expired]), integrated],
        ])
        let test = try TestContext(transport: transport)
        defer { test.cleanUp() }
        try ProfileStore(paths: test.context.paths).save(Fixture.document(), as: "default")
        #expect(await DepositStatusFlow.watch(test.context, options: Self.options("F1")) == .ok)
        #expect(transport.sent.filter { $0.url.path == "/api/oauth/token" }.count == 2)
        #expect(test.console.output.contains("IN_INTEGRE"))
    }
}
