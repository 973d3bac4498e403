import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The one line redrawn in place on a terminal (a spinner, a flow being followed, `check --all`'s counter): drawn and wiped here, so an
/// interruption (Ctrl-C) knows whether one is on the screen and wipes it before saying what it saved, instead of
/// leaving a frozen spinner above the message.
enum InPlaceLine {
    private static let onScreen = Atomic<Bool>(false)
    /// Set by an interruption: nothing is drawn after it (a spinner's next frame would come back above the message).
    private static let interrupted = Atomic<Bool>(false)
    /// Held while the line is written, so that an interruption's wipe cannot fall between a frame's check and its
    /// write.
    private static let writing = Mutex(())
    /// The signals taken while a line is drawn on the process's own console, with what they had before.
    private static let guarded = Mutex<[(Int32, sigaction)]>([])

    /// Replaces the current line with `text` (no newline).
    static func draw(_ text: String, on console: any Console) {
        let drawn = writing.withLock { _ in
            guard !interrupted.load(ordering: .acquiring) else { return false }
            console.out("\r\u{1B}[2K" + text)
            onScreen.store(true, ordering: .releasing)
            return true
        }
        if drawn, console is StandardConsole { guardSignals() }
    }

    /// Wipes the line, leaving the cursor at its start.
    static func wipe(on console: any Console) {
        writing.withLock { _ in
            console.out("\r\u{1B}[2K")
            onScreen.store(false, ordering: .releasing)
        }
        releaseSignals()
    }

    /// For the interruption handler: wipes the line on standard output if one is drawn (true when it did), and no
    /// line is drawn after it.
    static func wipeIfDrawn() -> Bool {
        writing.withLock { _ in
            interrupted.store(true, ordering: .releasing)
            guard onScreen.exchange(false, ordering: .acquiringAndReleasing) else { return false }
            StandardConsole.write("\r\u{1B}[2K", to: STDOUT_FILENO)
            return true
        }
    }

    /// While a line is drawn, Ctrl-C (and SIGTERM, SIGHUP) wipes it, then ends the process as it would have (exit
    /// status by the signal: 130 in a shell for Ctrl-C), instead of leaving a frozen spinner above the prompt. Only
    /// signals left at their default are taken: the wizard's own handlers (which wipe the line themselves, then save)
    /// and anyone else's stay as they are. Given back when the line is wiped.
    private static func guardSignals() {
        guarded.withLock { taken in
            guard taken.isEmpty else { return }
            for number in [SIGINT, SIGTERM, SIGHUP] {
                var current = sigaction()
                guard sigaction(number, nil, &current) == 0 else { continue }
                #if os(Linux)
                    let isDefault = current.__sigaction_handler.sa_handler == nil
                #else
                    let isDefault = current.__sigaction_u.__sa_handler == nil
                #endif
                guard isDefault else { continue }
                signal(number, wipeThenDie)
                taken.append((number, current))
            }
        }
    }

    private static func releaseSignals() {
        guarded.withLock { taken in
            for (number, var previous) in taken { sigaction(number, &previous, nil) }
            taken = []
        }
    }

    /// The handler's side, in signal context: an atomic exchange and a `write`, both async-signal-safe.
    fileprivate static func wipeInSignalContext() {
        interrupted.store(true, ordering: .releasing)
        guard onScreen.exchange(false, ordering: .acquiringAndReleasing) else { return }
        let wipe: StaticString = "\r\u{1B}[2K"
        _ = Foundation.write(STDOUT_FILENO, wipe.utf8Start, wipe.utf8CodeUnitCount)
    }
}

/// Runs in signal context: only async-signal-safe calls (`write`, `signal`, `raise`).
private let wipeThenDie: @convention(c) (Int32) -> Void = { number in
    InPlaceLine.wipeInSignalContext()
    signal(number, SIG_DFL)
    raise(number)
}
