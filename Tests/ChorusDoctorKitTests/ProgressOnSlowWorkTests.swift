import ChorusSimulator
import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// Progress on slow work beyond `check`: `lookup`, `flow status`, `report --run` and `invoice send` show a spinner
/// with the elapsed time on a terminal while they wait for the platform, and nothing when piped or with `--json`.
///
/// Time is virtual (`VirtualTime`): the spinner's half-second delay and its frames pass at once, then it
/// stays on its last frame until the work ends; the platform's first answer is held until then, so the work is
/// "slow" whatever the machine's speed, and no test measures the wall clock.
@Suite struct ProgressOnSlowWorkTests {
    static let redraw = "\r\u{1B}[2K"

    enum Command: String, CaseIterable, CustomTestStringConvertible {
        case lookup, flowStatus, reportRun, invoiceSend
        var testDescription: String { rawValue }
    }

    static let siret = LookupTests.siret(.recipientWithMandatoryService)
    static let flow = SimulatorDataset.DepositNumber.integrated

    /// What each command's spinners say, in order (without the seconds).
    static func labels(_ command: Command) -> [String] {
        switch command {
        case .lookup: ["asking Chorus Pro about \(siret)…"]
        case .flowStatus: ["asking Chorus Pro for flow \(flow)…"]
        case .reportRun: ["token: waiting for the answer…"]
        case .invoiceSend: ["connecting to Chorus Pro…", "sending invoice.xml to Chorus Pro…"]
        }
    }

    /// Runs `command` against the simulator; returns what the console got, and the labels its spinners show.
    static func run(_ command: Command, terminal: Bool, json: Bool) async throws -> (String, [String]) {
        try await SimulatedProfiles.with(terminal: terminal) { sim in
            let labels = Self.labels(command)
            var ctx = sim.context
            ctx.clock = VirtualTime(frames: 12)
            // Held only where a spinner is expected, until it has been up for a (virtual) second.
            var shown: [String: String] = [:]
            if terminal && !json {
                shown["/api/oauth/token"] = labels[0] + " 1 s"
                if command == .invoiceSend { shown[InvoiceSendFlow.depositPath] = labels[1] + " 1 s" }
            }
            let (console, held) = (sim.console, shown)
            ctx.makeTransport = { HeldTransport(inner: CurlTransport(options: $0), console: console, shown: held) }
            switch command {
            case .lookup:
                _ = await LookupFlow.execute(ctx, options: LookupTests.options(Self.siret, json: json))
                return (sim.console.output, labels)
            case .flowStatus:
                _ = await DepositStatusFlow.status(ctx, options: DepositStatusTests.options(Self.flow, json: json))
                return (sim.console.output, labels)
            case .reportRun:
                let options = ReportFlow.Options(format: json ? .json : .markdown, runFirst: true)
                #expect(await ReportFlow.execute(ctx, options: options) == .ok, "\(sim.console.errors)")
                return (sim.console.output, labels)
            case .invoiceSend:
                let file = sim.test.home.appendingPathComponent("invoice.xml")
                var sample = InvoiceSampleFlow.Options()
                (sample.to, sample.offline, sample.output) = ("97865797100013", true, file.path)
                #expect(await InvoiceSampleFlow.execute(sim.context, options: sample) == .ok, "\(sim.console.errors)")
                let before = sim.console.output
                var options = InvoiceSendFlow.Options(path: file.path)
                (options.analyze, options.json, options.interval, options.timeout) = (
                    false, json, .milliseconds(100), .zero
                )
                _ = await InvoiceSendFlow.execute(ctx, options: options)
                return (String(sim.console.output.dropFirst(before.count)), labels)
            }
        }
    }

    /// GIVEN a terminal and a platform that answers only once the spinner has been up for a while, WHEN the command
    /// runs, THEN its spinner shows what it waits for and the seconds elapsed, and is wiped before the answer.
    @Test(arguments: Command.allCases)
    func slowWorkShowsASpinnerOnATerminal(_ command: Command) async throws {
        let (text, labels) = try await Self.run(command, terminal: true, json: false)
        for label in labels {
            #expect(text.contains(Self.redraw + "⠋ " + label + " 0 s"), "\(command): \(text.debugDescription)")
            // The virtual clock passed one second: the elapsed time comes from the time seam.
            #expect(text.contains(label + " 1 s"), "\(command)")
        }
        let last = try #require(text.range(of: labels.last!, options: .backwards))
        #expect(text[last.upperBound...].contains(Self.redraw), "the line is wiped")
        // (Later calls may show theirs: `report --run` has one per stage.) The last line drawn is wiped, and the
        // answer follows it, with no spinner frame in it.
        let wipe = try #require(text.range(of: Self.redraw, options: .backwards))
        let answer = text[wipe.upperBound...]
        #expect(answer.count > 20, "the answer comes after the spinner")
        #expect(!ProgressIndicator.frames.contains { answer.contains($0) }, "no spinner is left in the answer")
    }

    /// GIVEN output that is not a terminal, or `--json` on a terminal, THEN no spinner and no carriage return.
    @Test(arguments: Command.allCases, [false, true])
    func nothingWhenPipedOrJSON(_ command: Command, _ json: Bool) async throws {
        let (text, labels) = try await Self.run(command, terminal: json, json: json)
        #expect(!text.contains("\r"), "\(command)")
        for label in labels { #expect(!text.contains(label), "\(command)") }
        #expect(!text.isEmpty, "the command printed its result")
    }
}

/// Holds each request to a path of `shown` until the console shows that path's progress text: the work is slow,
/// however fast the machine. (After ten seconds it lets the request go, so a missing spinner fails the test's
/// expectations instead of hanging it.)
struct HeldTransport: HTTPTransport {
    let inner: any HTTPTransport
    let console: BufferConsole
    let shown: [String: String]

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let text = shown[request.url.path] {
            for _ in 0..<2000 where !console.output.contains(text) { try? await Task.sleep(for: .milliseconds(5)) }
        }
        return try await inner.send(request)
    }

    func connect(to url: URL, timeout: Duration) async throws -> ConnectionReport {
        try await inner.connect(to: url, timeout: timeout)
    }
}
