import Foundation
import Synchronization

/// Set from the cancelling task, read by libcurl's progress callback on the transfer thread.
final class CancellationFlag: Sendable {
    private let cancelled = Atomic(false)

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() { cancelled.store(true, ordering: .releasing) }
}

/// Runs one blocking libcurl transfer on a thread of its own, so `curl_easy_perform` never holds a thread of the
/// Swift cooperative pool, and turns task cancellation into a flag the transfer polls.
enum TransferThread {
    /// Starts `work` on a new thread and suspends until it returns.
    ///
    /// When the calling task is cancelled, the flag passed to `work` is raised; the transfer notices it in its
    /// progress callback (libcurl calls it at least about once a second) and ends with `.cancelled`.
    static func run<Value: Sendable>(
        _ work: @escaping @Sendable (CancellationFlag) -> Result<Value, TransportFailure>
    ) async throws -> Value {
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let thread = Thread {
                    continuation.resume(with: work(flag))
                }
                thread.name = "chorus-transport.curl"
                thread.start()
            }
        } onCancel: {
            flag.cancel()
        }
    }
}

extension TransportFailure {
    /// The failure for a transfer whose task was cancelled before or while it ran.
    static func cancelled(timings: TransferTimings = TransferTimings()) -> TransportFailure {
        TransportFailure(kind: .cancelled, message: "The transfer was cancelled.", timings: timings)
    }
}
