import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// The one stage engine, read as its callers read it: the events of each plan, in order.
@Suite struct StageEngineTests {
    static func engine(_ transport: ScriptedTransport, profile: ResolvedProfile = Fixture.profile()) -> StageEngine {
        StageEngine(
            profile: profile, transport: transport, rules: ChecklistLibrary.embedded.rules,
            strings: Strings(language: .en), clock: VirtualTime(), environment: [:], redactor: Redactor(),
            timeout: .seconds(2))
    }

    /// Each event as a short line: `started token`, `finished token fail 1` (its exchange count), `completed`.
    static func trace(_ run: CheckRun) async -> (lines: [String], outcome: CheckRun.Outcome?) {
        var lines: [String] = []
        var outcome: CheckRun.Outcome?
        for await event in run {
            switch event {
            case .started(let id): lines.append("started \(id.rawValue)")
            case .finished(let result, let exchanges):
                #expect(exchanges.allSatisfy { $0.stage == result.id })
                lines.append("finished \(result.id.rawValue) \(result.status.rawValue) \(exchanges.count)")
            case .completed(let ended):
                lines.append("completed")
                outcome = ended
            }
        }
        return (lines, outcome)
    }

    /// Every stage starts, then finishes with its own exchanges; the report comes last.
    @Test func theCheckStreamsEachStageThenItsReport() async throws {
        let (lines, outcome) = await Self.trace(Self.engine(ScriptedTransport(ScriptedTransport.healthy)).run(.check))
        #expect(
            lines == [
                "started config", "finished config pass 0", "started network", "finished network pass 0",
                "started token", "finished token pass 1", "started gateway", "finished gateway pass 1",
                "started account", "finished account pass 4", "started structure", "finished structure pass 1",
                "completed",
            ])
        let report = try #require(outcome?.report)
        #expect(report.stages.map(\.id) == StageID.allCases)
        #expect(report.passed)
        #expect(outcome?.token?.value == "tok-SECRET-123")
    }

    /// After a failure the later stages are skipped with the reason, never started, and nothing more is sent.
    @Test func aFailureSkipsTheRestWithoutStartingThem() async throws {
        var script = ScriptedTransport.healthy
        script["/api/oauth/token"] = .json(401, #"{"error":"invalid_client"}"#)
        let transport = ScriptedTransport(script)
        let (lines, outcome) = await Self.trace(Self.engine(transport).run(.check))
        #expect(
            Array(lines.suffix(5)) == [
                "finished token fail 1", "finished gateway skip 0", "finished account skip 0",
                "finished structure skip 0", "completed",
            ])
        let report = try #require(outcome?.report)
        #expect(report.stage(.account)?.skipReason == Finding("skip.after_failure", ["stage": "token"]))
        #expect(report.summary.diagnosisId == "token.invalid-client")
        #expect(transport.sent.count == 1)
        #expect(outcome?.token == nil)
    }

    /// The wizard's token probe: no technical account yet, the config stage judged silently, network and token.
    @Test func theTokenPlanNeedsNoTechnicalAccount() async throws {
        let profile = Fixture.profile {
            $0.technicalLogin = nil; $0.technicalPassword = nil; $0.siret = nil
        }
        let transport = ScriptedTransport(ScriptedTransport.healthy)
        let (lines, outcome) = await Self.trace(Self.engine(transport, profile: profile).run(.token))
        #expect(
            lines == [
                "started network", "finished network pass 0", "started token", "finished token pass 1", "completed",
            ])
        #expect(outcome?.report.stages.map(\.id) == [.network, .token])
        #expect(transport.sent.map(\.url.path) == ["/api/oauth/token"])
        // The same profile stops `check` at its config stage.
        let check = await Self.engine(ScriptedTransport(ScriptedTransport.healthy), profile: profile).run()
        #expect(check.stage(.config)?.status == .fail)
    }

    /// An invalid URL stops the token probe at its config stage, which then shows, diagnosed.
    @Test func theTokenPlanShowsItsConfigStageOnlyWhenItFails() async throws {
        let profile = Fixture.profile { $0.tokenURL = "not a url" }
        let transport = ScriptedTransport(ScriptedTransport.healthy)
        let (lines, outcome) = await Self.trace(Self.engine(transport, profile: profile).run(.token))
        #expect(lines == ["finished config fail 0", "finished network skip 0", "finished token skip 0", "completed"])
        let config = try #require(outcome?.report.stage(.config))
        #expect(config.facts["config.field"] == "token_url")
        #expect(config.diagnosis != nil)
        #expect(transport.sent.isEmpty)
    }

    /// A session: config then token, and a client without the run's deadline (it goes on calling after the run).
    @Test func theSessionPlanLeavesAClientWithoutDeadline() async throws {
        let (lines, outcome) = await Self.trace(
            Self.engine(ScriptedTransport(ScriptedTransport.healthy)).run(.session))
        #expect(
            lines == [
                "started config", "finished config pass 0", "started token", "finished token pass 1", "completed",
            ])
        let ended = try #require(outcome)
        #expect(ended.config?.siret == "73282932000074")
        #expect(ended.token != nil)
        #expect(ended.client.deadline == nil)
        #expect(ended.failure == nil)
        let check = await Self.engine(ScriptedTransport(ScriptedTransport.healthy)).run(.check).outcome()
        #expect(check.client.deadline != nil)
    }
}
