/// Polling for a condition that something outside the test makes true (a file a shell writes, a screen tmux
/// shows, a process that exits): asks `probe` every `interval` until it gives a value or `limit` passes. A bound,
/// never a measurement: a test asserts what it waited for, not how long it took.
public enum Poll {
    /// The first value `probe` gives, or nil when `limit` passed first. The waits between probes are awaited (the
    /// pool's threads are not held); a probe that blocks should be quick (reading a file, `kill(pid, 0)`).
    public static func first<Value>(
        every interval: Duration = .milliseconds(40), limit: Duration = .seconds(15),
        _ probe: () async throws -> Value?
    ) async rethrows -> Value? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while true {
            if let value = try await probe() { return value }
            guard clock.now < deadline else { return nil }
            try? await Task.sleep(for: interval)
        }
    }

    /// Whether `condition` became true before `limit` passed.
    public static func until(
        every interval: Duration = .milliseconds(40), limit: Duration = .seconds(15),
        _ condition: () async throws -> Bool
    ) async rethrows -> Bool {
        try await first(every: interval, limit: limit) { try await condition() ? true : nil } ?? false
    }
}
