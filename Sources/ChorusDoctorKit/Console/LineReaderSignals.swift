// `rl_catch_signals` has no setter in CEditLine's shim.h; `@preconcurrency` lets this one file write the libedit
// global directly (Swift 6 otherwise refuses it as shared mutable state). It runs once, before the first readline().
@preconcurrency import CEditLine

/// libedit's signal handling, turned off for the wizard.
enum EditLineSignals {
    /// With libedit catching SIGINT itself, it would swallow Ctrl-C (re-raising it to an ignored disposition) and
    /// `readline()` would go on; the wizard's own handler restores the terminal, saves and exits 130 instead.
    static func leaveSignalsToTheProgram() {
        rl_catch_signals = 0
    }
}
