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

    /// Replaces the current line with `text` (no newline).
    static func draw(_ text: String, on console: any Console) {
        console.out("\r\u{1B}[2K" + text)
        onScreen.store(true, ordering: .releasing)
    }

    /// Wipes the line, leaving the cursor at its start.
    static func wipe(on console: any Console) {
        console.out("\r\u{1B}[2K")
        onScreen.store(false, ordering: .releasing)
    }

    /// For the interruption handler: wipes the line on standard output if one is drawn; true when it did.
    static func wipeIfDrawn() -> Bool {
        guard onScreen.exchange(false, ordering: .acquiringAndReleasing) else { return false }
        StandardConsole.write("\r\u{1B}[2K", to: STDOUT_FILENO)
        return true
    }
}
