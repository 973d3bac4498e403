import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The local PISTE + Chorus Pro: one HTTP server on loopback playing the OAuth server, the API gateway and
/// Chorus Pro, in the world a `Scenario` describes.
public enum Simulator {
    /// Starts the server on host:port (port 0 = ephemeral) and returns once it is listening.
    ///
    /// - Parameters:
    ///   - now: the simulated date (expiry dates and token lifetimes count from it).
    ///   - logRequests: print one line per request on standard output: method, path and status, never headers or
    ///     bodies (they carry secrets).
    /// - Throws: `SimulatorStartError` when the address cannot be listened on (port taken, unknown host…).
    ///   - variants: how to play the behaviours no public source settles (see `PlatformVariant`).
    ///   - state: where the flows, invoices and attachments are kept between runs (`SimulatorStateDirectory.Problem`
    ///     when what is kept there cannot be read).
    ///   - elapsed: the time passed since the start, from which the world moves on (flows processed, invoices paid,
    ///     tokens expired); the real clock's when nil. Tests give their own (a test seam): time that moves only
    ///     when told, so what they see does not depend on how loaded the machine is.
    public static func start(
        scenario: Scenario, variants: [PlatformVariant] = [], host: String = "127.0.0.1", port: Int = 0,
        now: Date = Date(), logRequests: Bool = false, state: SimulatorStateDirectory? = nil,
        elapsed: (@Sendable () -> Duration)? = nil
    ) async throws -> RunningSimulator {
        try await start(
            world: scenario.world(now: now, variants: variants), scenario: scenario, host: host, port: port, now: now,
            logRequests: logRequests, state: state, elapsed: elapsed)
    }

    /// Starts the server on a world built by hand (tests of a state no scenario describes).
    public static func start(
        world: SimulatedWorld, scenario: Scenario, host: String = "127.0.0.1", port: Int = 0, now: Date = Date(),
        logRequests: Bool = false, state: SimulatorStateDirectory? = nil, elapsed: (@Sendable () -> Duration)? = nil
    ) async throws -> RunningSimulator {
        let connections = ConnectionRegistry()
        let platform = SimulatedPlatform(
            world: world, now: now, connections: connections, deposits: try DepositDesk(store: state),
            elapsed: elapsed)
        return try await serve(
            SimulatorResponder(platform: platform, logRequests: logRequests), platform: platform,
            connections: connections, label: "chorus-simulator", scenario: scenario, host: host, port: port, now: now)
    }

    /// Listens on `host:port` with `responder` and returns once the port is bound (`SimulatorStartError` when it
    /// cannot be): the one server start of the simulated world and of `replay`.
    static func serve<Responder: HTTPResponder>(
        _ responder: Responder, platform: SimulatedPlatform, connections: ConnectionRegistry, label: String,
        scenario: Scenario, host: String, port: Int, now: Date
    ) async throws -> RunningSimulator
    where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        var logger = Logger(label: label)
        logger.logLevel = .critical
        let listening = ListeningSignal()
        let application = Application(
            responder: responder,
            server: .http1(configuration: .init(additionalChannelHandlers: [DepartureWatcher(registry: connections)])),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in listening.succeed(port: channel.localAddress?.port ?? port) },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let task = Task(executorPreference: ServingThreads.shared) {
            do {
                try await group.run()
                listening.fail(SimulatorStartError(host: host, port: port, reason: "the server stopped at once"))
            } catch {
                listening.fail(SimulatorStartError(host: host, port: port, reason: Self.describe(error)))
            }
        }
        let boundPort = try await listening.wait()
        return RunningSimulator(
            port: boundPort, host: host, scenario: scenario, now: now, platform: platform, group: group, task: task
        )
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? IOError {
            return String(cString: strerror(error.errnoCode))
        }
        return String(describing: error)
    }
}

/// The simulator could not listen on the address it was given.
public struct SimulatorStartError: Error, CustomStringConvertible, LocalizedError {
    /// The host asked for.
    public var host: String
    /// The port asked for (0 for an ephemeral one).
    public var port: Int
    /// What the system said, e.g. "Address already in use".
    public var reason: String

    public var description: String { "cannot listen on \(host):\(port): \(reason)" }
    public var errorDescription: String? { description }
}

/// A simulator that is listening.
public final class RunningSimulator: Sendable {
    /// The port listened on (the one the system chose when 0 was asked for).
    public let port: Int
    /// The scenario the world was built from.
    public let scenario: Scenario
    /// The world the simulator answers from.
    public let world: SimulatedWorld
    let host: String
    let now: Date
    let platform: SimulatedPlatform
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    init(
        port: Int, host: String, scenario: Scenario, now: Date, platform: SimulatedPlatform, group: ServiceGroup,
        task: Task<Void, Never>
    ) {
        self.port = port
        self.host = host
        self.scenario = scenario
        self.now = now
        self.platform = platform
        self.world = platform.world
        self.group = group
        self.task = task
    }

    /// `http://HOST:PORT`.
    public var baseURL: URL {
        let literal = host.contains(":") ? "[\(host)]" : host
        return URL(string: "http://\(literal):\(port)")!
    }

    /// `baseURL` + `/api/oauth/token`.
    public var tokenURL: URL { baseURL.appendingPathComponent("api/oauth/token") }

    /// The dataset served.
    public var dataset: SimulatorDataset { world.dataset }

    /// Credentials and values a demo profile should use (with the scenario's demo adjustment applied when
    /// `applyingDemoAdjustment`).
    public func demoCredentials(applyingDemoAdjustment: Bool = true) -> DemoCredentials {
        scenario.demoCredentials(
            world: world, now: now, baseURL: baseURL, applyingDemoAdjustment: applyingDemoAdjustment)
    }

    /// Makes every token issued so far expire, as if an hour had passed for them.
    public func expireIssuedTokens() {
        platform.tokens.expireAll()
    }

    /// Stops listening, lets go of held requests and long bodies, and returns once the port is free.
    public func stop() async {
        platform.connections.beginStopping()
        await group.triggerGracefulShutdown()
        await task.value
    }
}

/// One-shot hand-over of the bound port (or the failure) from the server task to `start`.
final class ListeningSignal: Sendable {
    private let state = Mutex<
        (result: Result<Int, SimulatorStartError>?, waiter: CheckedContinuation<Int, any Error>?)
    >(
        (nil, nil)
    )

    func succeed(port: Int) { settle(.success(port)) }

    func fail(_ error: SimulatorStartError) { settle(.failure(error)) }

    private func settle(_ result: Result<Int, SimulatorStartError>) {
        let waiter: CheckedContinuation<Int, any Error>? = state.withLock { state in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result.mapError { $0 as any Error })
    }

    func wait() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let settled: Result<Int, SimulatorStartError>? = state.withLock { state in
                if state.result == nil { state.waiter = continuation }
                return state.result
            }
            if let settled { continuation.resume(with: settled.mapError { $0 as any Error }) }
        }
    }
}
