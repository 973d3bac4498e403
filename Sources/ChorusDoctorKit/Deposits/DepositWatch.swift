import Foundation

/// The polling loop of `flow watch`: bounded in time, growing pauses, `Retry-After` honoured, one token renewal when
/// the gateway says the token expired, a progress line on a terminal and a line per state change elsewhere.
struct DepositWatch {
    var ctx: DoctorContext
    var options: DepositStatusFlow.Options
    var reader: DepositReader
    /// How much each pause grows.
    static let growth = 1.5

    func run(_ initial: DepositReport, session initialSession: PlatformSession) async -> DepositReport {
        var report = initial
        var session = initialSession
        let started = ctx.clock.elapsed()
        var pause = max(options.interval, .milliseconds(100))
        var polls = 0
        var renewed = false
        var lastShown: String?
        let progress = ctx.console.outputIsTerminal && !options.json

        while true {
            polls += 1
            let problem = await reader.read(&report, session: session, syntax: options.syntax)
            report.problem = problem
            var wait = pause
            var asked = false
            if let problem {
                if problem.tokenExpired, !renewed, await session.renewToken() {
                    renewed = true
                    continue
                }
                guard problem.isTransient else { break }
                if let seconds = problem.retryAfter {
                    wait = .seconds(seconds)
                    asked = true
                }
            } else {
                if !report.found || (report.outcome?.stopsWatching ?? false) { break }
                if !progress, !options.json, report.state != lastShown {
                    ctx.console.show(changeLine(report, elapsed: ctx.clock.elapsed() - started))
                    lastShown = report.state
                }
            }
            let remaining = options.timeout - (ctx.clock.elapsed() - started)
            // The platform asked for more time than is left: calling earlier would not be honouring it.
            if remaining <= .zero || (asked && wait > remaining) {
                report.watch = DepositReport.Watch(polls: polls, elapsedMs: 0, timedOut: true)
                break
            }
            await sleep(min(wait, remaining), started: started, report: report, progress: progress, polls: polls)
            if Task.isCancelled { break }
            pause = min(pause * Self.growth, options.maximumInterval)
        }
        if progress { InPlaceLine.wipe(on: ctx.console) }
        let elapsed = StageEngine.milliseconds(ctx.clock.elapsed() - started)
        report.watch = DepositReport.Watch(polls: polls, elapsedMs: elapsed, timedOut: report.watch?.timedOut ?? false)
        return report
    }

    /// Sleeps on the context's time, redrawing the progress line every 250 ms on a terminal; returns early when
    /// the task is cancelled.
    func sleep(_ duration: Duration, started: Duration, report: DepositReport, progress: Bool, polls: Int) async {
        let time = ctx.clock
        guard progress else {
            try? await time.sleep(for: duration)
            return
        }
        let end = time.elapsed() + duration
        var frame = polls
        while time.elapsed() < end {
            let left = end - time.elapsed()
            InPlaceLine.draw(
                progressLine(report, frame: frame, elapsed: time.elapsed() - started, next: left), on: ctx.console)
            frame += 1
            do { try await time.sleep(for: min(left, .milliseconds(250))) } catch { return }
        }
    }

    func progressLine(_ report: DepositReport, frame: Int, elapsed: Duration, next: Duration) -> String {
        let state =
            report.problem.map { "HTTP \($0.httpStatus.map(String.init) ?? $0.transport ?? "?")" } ?? report.state
            ?? "…"
        return ProgressIndicator.frames[frame % ProgressIndicator.frames.count] + " "
            + ctx.strings(
                "flow.watch.progress",
                ["state": state, "elapsed": String(seconds(elapsed)), "next": String(max(1, seconds(next)))])
    }

    func changeLine(_ report: DepositReport, elapsed: Duration) -> String {
        ctx.strings("flow.watch.change", ["elapsed": String(seconds(elapsed)), "state": report.state ?? "?"]) + "\n"
    }

    func seconds(_ duration: Duration) -> Int { Int(duration.components.seconds) }
}
