import ChorusDoctorKit
import ChorusTestSupport
import Foundation
import Testing

/// Ctrl-C during a check, outside the wizard (which saves its progress itself): the spinner's line is wiped, not
/// left frozen above the prompt, and the process ends as Ctrl-C ends it (130 in a shell), with nothing left running.
@Suite(.enabled(if: WizardTerminal.available, "tmux is not installed"))
struct CheckInterruptionTests {
    @Test func ctrlCWhileACallIsAwaitedWipesTheSpinnerAndExits130() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try await WizardTerminal.session(environment: ChorusBinary.environment(home: home.url), columns: 80) { t in
            // GIVEN a demo whose token endpoint never answers, its spinner on the screen
            try await t.type("clear; \(ChorusBinary.url.path) demo --scenario token-timeout --timeout 60")
            try await t.waitFor("token: waiting for the answer")
            // WHEN Ctrl-C comes
            try await t.press("C-c")
            try await t.type("echo EXIT=$?")
            let screen = try await t.waitFor("EXIT=130")
            // THEN the spinner's line is gone, the rest of the run is kept
            #expect(!ProgressIndicator.frames.contains { screen.contains($0) }, "\(screen)")
            #expect(!screen.contains("waiting for the answer"), "\(screen)")
            #expect(screen.contains("[ ok ] network"), "\(screen)")
        }
    }
}
