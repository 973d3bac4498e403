import ChorusTestSupport
import ChorusTransport
import Foundation
import Synchronization
import Testing

@testable import ChorusDoctorKit

/// `--timeout` bounds the whole check, whatever the servers send (issue: "a 96 KB header made `check --timeout 3`
/// take 126 s"; a slow server used to get the limit again at every call).
@Suite struct RunDeadlineTests {
    /// A check of the healthy platform where every call (connects included) takes `seconds` on virtual time;
    /// `given` is told the limit each call was given.
    static func check(
        eachCallTaking seconds: TimeInterval, timeout: Duration, language: Language = .en,
        given: (@Sendable (Duration) -> Void)? = nil
    ) async throws -> CheckReport {
        let clock = VirtualTime()
        let transport = ScriptedTransport(ScriptedTransport.healthy) { request in
            given?(request.timeout)
            clock.advance(by: seconds)
        }
        let runner = StageEngine(
            profile: Fixture.profile(), transport: transport, rules: ChecklistLibrary.embedded.rules,
            strings: Strings(language: language), clock: clock, environment: [:], redactor: Redactor(),
            timeout: timeout)
        return await runner.run()
    }

    /// GIVEN every call takes 1.5 s and the check has 4 s, THEN the check stops when the time is up, at the
    /// stage that was running, with the run's time limit as its diagnosis; no call is given more than what is
    /// left, and none is sent after the time is up.
    @Test func theWholeCheckEndsAtItsDeadline() async throws {
        let limits = Mutex<[Duration]>([])
        let report = try await Self.check(eachCallTaking: 1.5, timeout: .seconds(4)) { limit in
            limits.withLock { $0.append(limit) }
        }
        let failed = try #require(report.stages.first { $0.status == .fail })
        #expect(failed.diagnosis?.id == "run.time-limit", "\(failed.id): \(failed.facts)")
        #expect(failed.facts["run.timeout"] == "4")
        #expect(failed.diagnosis(in: Strings(language: .en))?.cause.contains("4 s") == true)
        #expect(report.summary.firstFailure == failed.id)
        // Calls were given 4 s, then 2.5 s, then 1 s: never more than what was left.
        let given = limits.withLock { $0 }
        #expect(given.count == 3, "\(given)")
        #expect(given == [.seconds(4), .milliseconds(2500), .milliseconds(1000)])
        // The later stages are skipped, not tried.
        let later = report.stages.drop { $0.id != failed.id }.dropFirst()
        #expect(later.allSatisfy { $0.status == .skip })
    }

    /// The same in French, and the limit is a number the fix can repeat.
    @Test func theTimeLimitIsSaidInFrench() async throws {
        let report = try await Self.check(eachCallTaking: 10, timeout: .seconds(5), language: .fr)
        let failed = try #require(report.stages.first { $0.status == .fail })
        #expect(failed.diagnosis?.id == "run.time-limit")
        #expect(failed.diagnosis(in: Strings(language: .fr))?.cause.contains("5 s en tout") == true)
    }

    /// A check with time to spare is not touched: every call gets its own limit, the check passes.
    @Test func aQuickCheckIsUntouched() async throws {
        let report = try await Self.check(eachCallTaking: 0.01, timeout: .seconds(15))
        #expect(report.summary.status == .pass)
    }

    /// One slow answer within its own limit, where the run has time left, is an ordinary timeout (not the
    /// run's limit): a call that fails alone says so.
    @Test func aSingleTimeoutBeforeTheDeadlineIsAnOrdinaryTimeout() async throws {
        var script = ScriptedTransport.healthy
        script["/cpro/transverses/v1/health-check"] = .failure(.timeout)
        let report = try await Fixture.run(script)
        let failed = try #require(report.stages.first { $0.status == .fail })
        #expect(failed.facts["transport.kind"] == "timeout")
        #expect(failed.facts["run.deadline"] == nil)
        #expect(failed.diagnosis?.id == "http.timeout")
    }

    /// Over real sockets: a server that makes every answer wait 0.8 s, and `check --timeout 2`. The check ends
    /// with the run's time limit, having sent only the calls that fit.
    @Test(.timeLimit(.minutes(1))) func aSlowServerCannotStretchTheCheck() async throws {
        let server = try HostileServer()
        defer { server.stop() }
        server.slowDown(by: 0.8)
        let run = try HostileRun(document: server.document())
        defer { run.cleanUp() }
        var ctx = run.context.context
        ctx.clock = SystemTime()  // the deadline is read from the context's clock; here it runs for real
        let status = await CheckFlow.execute(ctx, options: .init(profile: "default", json: true, timeout: .seconds(2)))
        #expect(status == .checkFailed)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(run.context.console.output.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["diagnosis_id"] as? String == "run.time-limit", "\(summary)")
        // Fewer calls than a check that has the time: the stages after the deadline were never tried.
        let quick = try HostileServer()
        defer { quick.stop() }
        let full = try HostileRun(document: quick.document())
        defer { full.cleanUp() }
        #expect(await CheckFlow.execute(full.context.context, options: .init(profile: "default")) == .ok)
        #expect(server.requestCount < quick.requestCount, "\(server.requestCount) of \(quick.requestCount) calls")
    }
}
