import Foundation
import Hummingbird
import NIOCore

/// PISTE's OAuth server, its API gateway and Chorus Pro behind it, answering from one `SimulatedWorld`.
final class SimulatedPlatform: Sendable {
    let world: SimulatedWorld
    let tokens = TokenRegistry()
    /// The flows deposited, the invoices and attachments made while the simulator runs (or kept from earlier runs).
    let deposits: DepositDesk
    let connections: ConnectionRegistry
    private let origin: Date
    /// Time elapsed since the start: the real clock's, unless the simulator was started with its own.
    private let elapsed: @Sendable () -> Duration

    init(
        world: SimulatedWorld, now: Date, connections: ConnectionRegistry, deposits: DepositDesk = DepositDesk(),
        elapsed: (@Sendable () -> Duration)? = nil
    ) {
        self.world = world
        self.deposits = deposits
        self.origin = now
        self.connections = connections
        let started = ContinuousClock.now
        self.elapsed = elapsed ?? { ContinuousClock.now - started }
    }

    /// The simulated wall clock: the `now` the simulator was started with, plus the time elapsed since.
    var now: Date {
        let elapsed = elapsed()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return origin.addingTimeInterval(seconds)
    }

    /// Routes one request to the OAuth server or the gateway, as the two hosts would.
    func answer(_ request: Request, channel: any Channel) async throws -> Response {
        let path = request.uri.path
        if path == "/api/oauth/token" {
            return try await tokenEndpoint(request, channel: channel)
        }
        if let operation = ChorusOperation(path: path) {
            return try await gateway(request, operation: operation, channel: channel)
        }
        if path.lowercased().contains("oauth") || path.hasSuffix("/token") {
            return WireAnswer.oauthNotFound
        }
        return WireAnswer.gatewayNotFound(world.behaviours)
    }

    /// Keeps a request unanswered until its client leaves or the simulator stops, then drops the connection.
    ///
    /// - Throws: always `ExchangeAbandoned`: there is no answer to write.
    func holdUnanswered(channel: any Channel) async throws -> Response {
        await connections.waitUntilGone(channel)
        try? await channel.close()
        throw ExchangeAbandoned()
    }

    /// Reads a request body of reasonable size; nil when it is larger than `limit`.
    func collectBody(_ request: Request, limit: Int = 1 << 20) async -> ByteBuffer? {
        try? await request.body.collect(upTo: limit)
    }
}

/// A request that was never answered: its connection was dropped instead.
struct ExchangeAbandoned: Error {}
