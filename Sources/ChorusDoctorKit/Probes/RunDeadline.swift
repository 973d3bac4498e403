import ChorusTransport
import Foundation
import Synchronization

/// The time one whole run (a check, every stage of it) may spend waiting for the platform.
///
/// `--timeout N` gives a check N seconds in all, whatever the servers send: every call is given at most what is
/// left, and a call that would start once the time is up is not sent (it ends as a timeout). Read through the
/// context's time source, so tests move time by hand.
///
/// A call that hangs from the start of the check is still an ordinary timeout (`http.timeout`): the run's limit is
/// named (`run.deadline`) only when earlier calls used a real part of the time, so a call got markedly less than
/// its own limit (under half of it), or none at all.
public final class RunDeadline: Sendable {
    public let limit: Duration
    /// The time source's monotonic reading at which the run's time is up.
    public let ends: Duration
    private let clock: any TimeSource
    private let shortened = Mutex(false)
    /// Below this, a call is not worth starting: it could not even connect.
    static let least: Duration = .milliseconds(20)

    public init(limit: Duration, clock: any TimeSource) {
        self.limit = limit
        self.clock = clock
        self.ends = clock.elapsed() + limit
    }

    /// What is left, or nil once the time is up.
    public func remaining() -> Duration? {
        let left = ends - clock.elapsed()
        guard left > Self.least else { return nil }
        return .milliseconds(Int64((Self.seconds(left) * 1000).rounded(.down)))
    }

    /// Whether the time is up (a call that timed out at the deadline ends a few milliseconds around it).
    public var hasPassed: Bool { ends - clock.elapsed() < .milliseconds(100) }

    /// The limit for one call: its own, or what is left of the run when that is shorter; nil when the run's time
    /// is up.
    public func limit(for own: Duration) -> Duration? {
        guard let left = remaining() else {
            shortened.withLock { $0 = true }
            return nil
        }
        if Self.seconds(left) < Self.seconds(own) / 2 { shortened.withLock { $0 = true } }
        return min(own, left)
    }

    /// Whether the run's limit, rather than a call's own, decided how long some call could take.
    public var cutACallShort: Bool { shortened.withLock { $0 } }

    /// The failure a call gets when the run's time was up before it could start.
    public var exhausted: TransportFailure {
        TransportFailure(
            kind: .timeout, message: "the whole run's time limit (\(Self.wholeSeconds(limit)) s) was reached")
    }

    /// The facts the diagnosis rules match when a stage fails after the time is up.
    public var facts: [String: String] {
        ["run.deadline": "reached", "run.timeout": Self.wholeSeconds(limit)]
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    static func wholeSeconds(_ duration: Duration) -> String {
        let value = seconds(duration)
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
