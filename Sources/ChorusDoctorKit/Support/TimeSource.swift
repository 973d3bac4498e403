import Foundation

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

/// A fixed calendar date, with real durations and waits: for tests whose output names a day.
public struct FixedDateTime: TimeSource {
    public var instant: Date
    private let system = SystemTime()

    public init(_ instant: Date) { self.instant = instant }

    public func now() -> Date { instant }
    public func elapsed() -> Duration { system.elapsed() }
    public func sleep(for duration: Duration) async throws { try await system.sleep(for: duration) }
}
