import Foundation
import Synchronization

/// A spinner with the elapsed time, for work that takes longer than about half a second: on a terminal only
/// (`enabled` is false when piped or with `--json`), redrawn in place on one line and wiped when the work ends,
/// so that nothing of it stays in the output.
public final class ProgressIndicator: Sendable {
    public static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    /// How long work runs before the line appears.
    public static let delay = Duration.milliseconds(500)
    /// How often the line is redrawn.
    public static let frameInterval = Duration.milliseconds(100)

    let console: any Console
    public let enabled: Bool
    let delay: Duration
    let clock: any TimeSource
    /// Which spinner is current (a new one, or the end, makes an older one's late frames moot), whether its line
    /// is on the screen, and the task drawing it.
    private struct State {
        var generation = 0
        var shown = false
        var task: Task<Void, Never>?
    }
    private let state = Mutex(State())

    public init(
        console: any Console, enabled: Bool, delay: Duration = ProgressIndicator.delay,
        clock: any TimeSource = SystemTime()
    ) {
        self.console = console
        self.enabled = enabled
        self.delay = delay
        self.clock = clock
    }

    /// The indicator of a command's slow work: on the context's console when it is a terminal and the output is
    /// for a person (`machineOutput` false: no `--json`, `--format nagios`…), timed by the context's clock.
    public convenience init(_ ctx: DoctorContext, machineOutput: Bool, delay: Duration = ProgressIndicator.delay) {
        self.init(
            console: ctx.console, enabled: ctx.console.outputIsTerminal && !machineOutput, delay: delay,
            clock: ctx.clock)
    }

    /// Starts showing `label` (given the whole seconds elapsed) once the work has taken `delay`.
    public func begin(_ label: @escaping @Sendable (Int) -> String) {
        guard enabled else { return }
        end()
        let (delay, clock, width) = (self.delay, self.clock, console.width)
        state.withLock { state in
            state.generation += 1
            let current = state.generation
            state.task = Task { [weak self] in
                let started = clock.elapsed()
                do {
                    try await clock.sleep(for: delay)
                    var frame = 0
                    while !Task.isCancelled, let self {
                        let seconds = Int((clock.elapsed() - started).components.seconds)
                        self.draw(Self.line(label(seconds), frame: frame, width: width), generation: current)
                        frame += 1
                        try await clock.sleep(for: Self.frameInterval)
                    }
                } catch {
                    // Cancelled: the work ended.
                }
            }
        }
    }

    /// Shows `label` while `work` runs (after `delay`), and wipes it when `work` ends.
    public func during<T>(
        _ label: @escaping @Sendable (Int) -> String, _ work: () async throws -> T
    ) async rethrows -> T {
        begin(label)
        defer { end() }
        return try await work()
    }

    /// The work ended: the line goes away (nothing is printed if it never appeared).
    public func end() {
        guard enabled else { return }
        state.withLock { state in
            state.task?.cancel()
            state.task = nil
            state.generation += 1
            if state.shown { InPlaceLine.wipe(on: console) }
            state.shown = false
        }
    }

    private func draw(_ text: String, generation current: Int) {
        state.withLock { state in
            guard state.generation == current else { return }
            state.shown = true
            InPlaceLine.draw(text, on: console)
        }
    }

    /// One frame: the spinner, then the text cut to fit one line of `width` columns.
    public static func line(_ text: String, frame: Int, width: Int = 80) -> String {
        let room = max(10, min(width, 1000) - 3)
        var cut = ""
        for character in text {
            guard TextWrap.displayWidth(cut + String(character)) <= room else { break }
            cut.append(character)
        }
        return frames[frame % frames.count] + " " + cut
    }
}
