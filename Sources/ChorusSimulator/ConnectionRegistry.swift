import Foundation
import NIOCore
import Synchronization

/// Knows which connections their clients have left, so that a request held unanswered can be let go.
///
/// The server keeps half-closed connections open (`allowRemoteHalfClosure`), so a client that gives up is only
/// visible as an `inputClosed` event: `DepartureWatcher` records it here.
final class ConnectionRegistry: Sendable {
    private let departed = Mutex<Set<ObjectIdentifier>>([])
    private let stopping = Mutex(false)
    private let held = Mutex(0)

    /// Requests currently held unanswered.
    var heldCount: Int { held.withLock { $0 } }

    /// Whether the simulator is stopping: held requests and long bodies end.
    var isStopping: Bool { stopping.withLock { $0 } }

    func beginStopping() {
        stopping.withLock { $0 = true }
    }

    func clientLeft(_ channel: any Channel) {
        _ = departed.withLock { $0.insert(ObjectIdentifier(channel)) }
    }

    func forget(_ channel: any Channel) {
        _ = departed.withLock { $0.remove(ObjectIdentifier(channel)) }
    }

    /// Whether nobody is listening any more on `channel`.
    func isGone(_ channel: any Channel) -> Bool {
        isStopping || !channel.isActive || departed.withLock { $0.contains(ObjectIdentifier(channel)) }
    }

    /// Returns once the client of `channel` has left or the simulator is stopping.
    func waitUntilGone(_ channel: any Channel) async {
        held.withLock { $0 += 1 }
        defer { held.withLock { $0 -= 1 } }
        while !isGone(channel) {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// A pipeline handler that tells the registry when a client closes its side of the connection.
final class DepartureWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let registry: ConnectionRegistry

    init(registry: ConnectionRegistry) {
        self.registry = registry
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            registry.clientLeft(context.channel)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        registry.forget(context.channel)
        context.fireChannelInactive()
    }
}
