import CEditLine

/// libedit's signal handling, turned off for the wizard.
enum EditLineSignals {
    /// With libedit catching SIGINT itself, it would swallow Ctrl-C (re-raising it to an ignored disposition) and
    /// `readline()` would go on; the wizard's own handler restores the terminal, saves and exits 130 instead. Runs
    /// once, before the first `readline()`.
    static func leaveSignalsToTheProgram() {
        chorus_rl_set_catch_signals(0)
    }
}
