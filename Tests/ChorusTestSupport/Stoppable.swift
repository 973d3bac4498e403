import ChorusSimulator
import Foundation

/// Something a test starts and must stop before it ends: a simulator, a server, a temporary home with its
/// simulator. Started by a `with…` function that awaits `stop()` on every way out, so nothing a test started
/// outlives it (a stop left to an unawaited task runs whenever, while the next tests share the machine with it).
public protocol Stoppable {
    func stop() async
}

extension Stoppable {
    /// Runs `body` with this, then awaits `stop()` whatever `body` did: returned, threw, failed a `#require`.
    @discardableResult
    public func stopped<Value>(after body: (Self) async throws -> Value) async throws -> Value {
        let value: Value
        do { value = try await body(self) } catch {
            await stop()
            throw error
        }
        await stop()
        return value
    }
}

extension RunningSimulator: Stoppable {}

/// Starts a simulator (as `Simulator.start`: on an ephemeral loopback port), runs `body` with it, and stops it,
/// awaited, whatever `body` did.
@discardableResult
public func withSimulator<Value>(
    _ scenario: Scenario = .healthy, variants: [PlatformVariant] = [], now: Date = Date(), logRequests: Bool = false,
    state: SimulatorStateDirectory? = nil, elapsed: (@Sendable () -> Duration)? = nil,
    _ body: (RunningSimulator) async throws -> Value
) async throws -> Value {
    let simulator = try await Simulator.start(
        scenario: scenario, variants: variants, now: now, logRequests: logRequests, state: state, elapsed: elapsed)
    return try await simulator.stopped(after: body)
}
