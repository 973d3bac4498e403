import Foundation
import Synchronization

/// The seam for time, all of it: the calendar date (expiry days, timestamps in reports), a monotonic reading for
/// durations and deadlines, and waiting. The system's in the tool; tests fix the date, or make time virtual so that
/// nothing depends on how fast the machine is.
public protocol TimeSource: Sendable {
    /// The wall-clock date.
    func now() -> Date
    /// Time since an instant fixed when the source was made; never goes back (stage durations, deadlines).
    func elapsed() -> Duration
    /// Waits `duration` (throws when the task is cancelled).
    func sleep(for duration: Duration) async throws
}

/// The system's time: `Date()` for the calendar, `ContinuousClock` (unaffected by changes of the wall clock) for
/// durations and waits.
public struct SystemTime: TimeSource {
    private let start = ContinuousClock.now

    public init() {}

    public func now() -> Date { Date() }
    public func elapsed() -> Duration { ContinuousClock.now - start }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}

/// For tests against real servers: a fixed calendar date, and a monotonic reading that moves only by the waits
/// (`sleep` waits for real, and counts). How long the machine takes to compute, or to schedule a task when every
/// suite runs at once, never counts: a run's deadline and the durations shown do not depend on the machine's load,
/// while a loop that waits (a flow followed to its end) still reaches its time limit. The calls' own timeouts stay
/// on real time (libcurl's).
public final class FixedDateTime: TimeSource {
    public let instant: Date
    private let waited = Mutex(Duration.zero)

    public init(_ instant: Date) { self.instant = instant }

    public func now() -> Date { instant }
    public func elapsed() -> Duration { waited.withLock { $0 } }
    public func sleep(for duration: Duration) async throws {
        let start = ContinuousClock.now
        defer { waited.withLock { $0 += ContinuousClock.now - start } }
        try await Task.sleep(for: duration)
    }
}
