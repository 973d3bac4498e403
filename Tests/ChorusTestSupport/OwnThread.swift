import Foundation

/// Blocking work (a process wait, a socket read, a sleep) on a thread of its own, behind a continuation: the test
/// awaits it, and Swift's cooperative pool (two threads on a two-core machine) stays free for the code under test.
public enum OwnThread {
    /// Runs `work` on a new thread and returns what it returned (or throws what it threw).
    public static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    /// Runs `work`, which cannot fail, on a new thread.
    public static func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }

    /// Waits `duration` without holding a thread of the pool (a blocking `usleep` would).
    public static func sleep(for duration: Duration) async {
        try? await Task.sleep(for: duration)
    }
}
