import ChorusSimulator
import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// Progress on slow work: a spinner on a terminal, nothing when piped or with `--json`.
@Suite struct ProgressTests {
    static let redraw = "\r\u{1B}[2K"

    /// GIVEN an API that never answers and a 2 s timeout, WHEN checked at a terminal (spinner at once, its frames on
    /// virtual time; the call is sent once the spinner shows, however loaded the machine), THEN the waiting stage
    /// shows a spinner line, wiped before the stage's result is printed.
    @Test func aSlowStageShowsASpinnerOnATerminal() async throws {
        try await SimulatedProfiles.with(.apiTimeout, terminal: true) { sim in
            var options = CheckFlow.Options(profile: "default", timeout: .seconds(2), save: false)
            options.progressDelay = .zero
            var ctx = sim.context
            ctx.clock = VirtualTime(frames: 12)
            let console = sim.console
            ctx.makeTransport = {
                HeldTransport(
                    inner: CurlTransport(options: $0), console: console,
                    shown: ["/cpro/transverses/v1/health-check": "waiting for the answer"])
            }
            _ = await CheckFlow.execute(ctx, options: options)
            let text = sim.console.output
            #expect(text.contains(Self.redraw + "⠋ "), "\(text)")
            #expect(text.contains("waiting for the answer"))
            let lastSpinner = try #require(text.range(of: "waiting for the answer", options: .backwards))
            #expect(text[lastSpinner.upperBound...].contains(Self.redraw), "the line is wiped")
        }
    }

    @Test(arguments: [false, true])
    func nothingWhenPipedOrJSON(_ json: Bool) async throws {
        try await SimulatedProfiles.with(.apiTimeout, terminal: json) { sim in
            var options = CheckFlow.Options(profile: "default", json: json, timeout: .seconds(1), save: false)
            options.progressDelay = .zero
            _ = await CheckFlow.execute(sim.context, options: options)
            #expect(!sim.console.output.contains("\r"))
            #expect(!sim.console.output.contains("waiting for the answer"))
        }
    }

    @Test func aFrameFitsOneLine() {
        let line = ProgressIndicator.line(String(repeating: "x", count: 200), frame: 11, width: 40)
        #expect(line.hasPrefix("⠙ "))
        #expect(TextWrap.displayWidth(line) <= 40)
    }
}
