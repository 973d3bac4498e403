import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// Where a kept run's bytes are redacted: once when kept (stamped with the rules), again as the report takes them
/// only if they were kept under other rules, and once more, whole, by the report's writer; never a second time by
/// the console.
@Suite struct KeptRunRedactionTests {
    static let planted =
        "proxy https://alice:Older-S3cret!@proxy.corp:3128/ secret 9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4"
    static let secrets = ["Older-S3cret!", "9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4"]

    /// Keeps a failing run, then rewrites its file: `planted` in the failing stage's body excerpt, and the rules'
    /// stamp left or taken out (a run kept by a version before the stamp).
    static func keptRun(stamped: Bool) async throws -> (home: ReportHome, file: URL) {
        let home = try ReportHome()
        try home.saveProfile(ReportFixture.document())
        try await ReportFixture.keepRun(home, script: ReportFixture.refusedAccount, at: ReportFixture.failedTime)
        let file = try #require(RunStore(paths: home.paths, redactor: Redactor()).files(profile: "acme").last)
        var run = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(run["redaction_rules"] as? Int == Redactor.rulesVersion, "the run store stamps what it keeps")
        if !stamped { run["redaction_rules"] = nil }
        var stages = try #require(run["stages"] as? [[String: Any]])
        let failing = try #require(stages.firstIndex { $0["status"] as? String == "fail" })
        stages[failing]["body_excerpt"] = planted
        run["stages"] = stages
        // Written by another tool: its slashes escaped (`https:\/\/alice:…`).
        try JSONSerialization.data(withJSONObject: run).write(to: file)
        return (home, file)
    }

    /// What `report` (text) prints and what `bundle` writes for the kept run.
    static func reportAndBundle(_ home: ReportHome) async throws -> [String] {
        let (ctx, console) = try home.command()
        #expect(await ReportFlow.execute(ctx, options: .init(profile: "acme", format: .text)) == .ok)
        let material = try await ReportFlow.gather(ctx, profile: "acme", runFirst: false, timeout: .seconds(1))
        let report = try ReportFlow.build(ctx, material, ticketLanguage: .fr, system: ReportFixture.system)
        let bundle = SupportBundle(
            report: report, material: material, strings: ctx.strings, redactor: ctx.redactor, runCount: 10)
        return [console.output] + (try bundle.files()).map { String(decoding: $0.data, as: UTF8.self) }
    }

    /// The failing exchange's body as the report builder takes it from the kept run.
    static func reportedExcerpt(_ home: ReportHome) async throws -> String? {
        let (ctx, _) = try home.command()
        let material = try await ReportFlow.gather(ctx, profile: "acme", runFirst: false, timeout: .seconds(1))
        return try ReportFlow.build(ctx, material, ticketLanguage: .fr, system: ReportFixture.system)
            .failingExchange?.bodyExcerpt
    }

    /// A run kept by an older version (no stamp) is read as written; the values the report takes from it are
    /// redacted under this version's rules as they are taken.
    @Test func aRunKeptUnderOtherRulesHasItsValuesRedactedAsTheReportTakesThem() async throws {
        let (home, file) = try await Self.keptRun(stamped: false)
        defer { home.remove() }
        let loaded = try RunStore(paths: home.paths, redactor: Redactor()).load(file)
        #expect(loaded.redactionRules == nil)
        let excerpt = try #require(try await Self.reportedExcerpt(home))
        #expect(excerpt.contains("[REDACTED:password]") && excerpt.contains("[REDACTED:client_secret]"), "\(excerpt)")
        for text in [excerpt] + (try await Self.reportAndBundle(home)) {
            for secret in Self.secrets { #expect(!text.contains(secret)) }
        }
    }

    /// A stamped run's values are taken as they are (no second pass); one edited afterwards still never shows a
    /// secret: the report's writer redacts the whole document.
    @Test func aStampedRunIsTakenAsItIsAndTheWriterStillRedacts() async throws {
        let (home, _) = try await Self.keptRun(stamped: true)
        defer { home.remove() }
        #expect(try await Self.reportedExcerpt(home) == Self.planted)
        let written = try await Self.reportAndBundle(home)
        #expect(written.count == SupportBundle.fileNames.count + 1)
        for text in written {
            for secret in Self.secrets { #expect(!text.contains(secret)) }
        }
    }

    /// The console writes a sink's `RedactedText` without running the redactor on it again; a `String` it always
    /// redacts. Counted by the redactor's work, not assumed.
    @Test func theConsoleDoesNotRedactTheSinksTextAgain() {
        let work = RedactionWork()
        let redactor = Redactor(secrets: [(label: "s", value: "secret-value-1")], work: work)
        let console = BufferConsole(redactor: redactor)
        let cleared = RedactingSink(redactor: redactor).text(
            "a secret-value-1 b https://u:pw@h", policy: .showingIdentifiers)
        let once = work.steps
        #expect(once > 0)
        console.out(cleared)
        #expect(work.steps == once, "the console redacted the sink's text again")
        #expect(console.output == "a [REDACTED:s] b https://u:[REDACTED:password]@h")
        console.out(" secret-value-1")
        #expect(work.steps > once)
        #expect(console.output.hasSuffix(" [REDACTED:s]"))
    }
}
