import Foundation

/// A spinner with the elapsed time, for work that takes longer than about half a second: on a terminal only
/// (`enabled` is false when piped or with `--json`), redrawn in place on one line and wiped when the work ends,
/// so that nothing of it stays in the output.
public final class ProgressIndicator: @unchecked Sendable {
    public static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    /// How long work runs before the line appears.
    public static let delay = Duration.milliseconds(500)

    let console: any Console
    public let enabled: Bool
    let delay: Duration
    private let lock = NSLock()
    private var generation = 0
    private var shown = false
    private var task: Task<Void, Never>?

    public init(console: any Console, enabled: Bool, delay: Duration = ProgressIndicator.delay) {
        self.console = console
        self.enabled = enabled
        self.delay = delay
    }

    /// Starts showing `label` (given the whole seconds elapsed) once the work has taken `delay`.
    public func begin(_ label: @escaping @Sendable (Int) -> String) {
        guard enabled else { return }
        end()
        let current = lock.withLock {
            generation += 1
            return generation
        }
        let delay = self.delay
        task = Task { [weak self] in
            let started = ContinuousClock.now
            try? await Task.sleep(for: delay)
            var frame = 0
            while !Task.isCancelled, let self {
                let seconds = Int((ContinuousClock.now - started).components.seconds)
                self.draw(Self.line(label(seconds), frame: frame), generation: current)
                frame += 1
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// The work ended: the line goes away (nothing is printed if it never appeared).
    public func end() {
        guard enabled else { return }
        task?.cancel()
        task = nil
        lock.withLock {
            generation += 1
            if shown { console.out("\r\u{1B}[2K") }
            shown = false
        }
    }

    private func draw(_ text: String, generation current: Int) {
        lock.withLock {
            guard generation == current else { return }
            shown = true
            console.out("\r\u{1B}[2K" + text)
        }
    }

    /// One frame: the spinner, then the text cut to fit one line.
    public static func line(_ text: String, frame: Int, width: Int = 80) -> String {
        frames[frame % frames.count] + " " + String(text.prefix(max(10, width - 3)))
    }
}
