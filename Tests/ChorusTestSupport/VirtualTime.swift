import ChorusDoctorKit
import Foundation
import Synchronization

/// Time that moves only when told, for tests that must not depend on how fast the machine is: the date is a fixed
/// start plus the virtual time passed; `advance` moves it by hand (a scripted call "taking" time); every wait
/// passes at once and moves time on by its length.
///
/// For progress lines, `frames` bounds how many spinner frames pass at once: after that a spinner's waits last until
/// its work ends and cancels it (so a test sees a spinner that has drawn, and the work still finishes first). A new
/// spinner (its first wait is the delay, not a frame) gets `frames` frames again.
public final class VirtualTime: TimeSource {
    private struct State {
        var passed = Duration.zero
        var frameWaits = 0
    }

    private let state = Mutex(State())
    public let start: Date
    public let frames: Int?

    /// (ChorusDoctorKitTests adds `init(frames:)`, starting at its fixture's date.)
    public init(start: Date, frames: Int? = nil) {
        self.start = start
        self.frames = frames
    }

    public func now() -> Date { start.addingTimeInterval(ProgramRun.seconds(elapsed())) }
    public func elapsed() -> Duration { state.withLock { $0.passed } }
    public func advance(by duration: Duration) { state.withLock { $0.passed += duration } }
    public func advance(by seconds: TimeInterval) { advance(by: .milliseconds(Int64(seconds * 1000))) }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let passes: Bool = state.withLock { state in
            if let frames {
                state.frameWaits = duration == ProgressIndicator.frameInterval ? state.frameWaits + 1 : 0
                guard state.frameWaits <= frames else { return false }
            }
            state.passed += duration
            return true
        }
        if passes { return await Task.yield() }
        // Until the work ends and cancels the spinner (an hour is never reached).
        try await Task.sleep(for: .seconds(3600))
    }
}
