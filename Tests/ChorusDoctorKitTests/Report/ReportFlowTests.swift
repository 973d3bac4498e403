import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// `report` and `bundle` as commands: exit codes, `--run`, what they read from the state directory.
@Suite struct ReportFlowTests {
    @Test(arguments: Language.allCases)
    func noRunYetExitsWithThreeAndSaysWhatToRun(_ language: Language) async throws {
        let home = try ReportHome()
        defer { home.remove() }
        try home.saveProfile(ReportFixture.document())
        let (ctx, console) = try home.command(language: language)
        #expect(await ReportFlow.execute(ctx, options: .init(profile: ReportFixture.profileName)) == .configFile)
        #expect(console.errors.contains("chorus-doctor check --profile acme"))
        #expect(console.output.isEmpty)
        let (bundleCtx, bundleConsole) = try home.command(language: language)
        #expect(
            await BundleFlow.execute(bundleCtx, options: .init(profile: ReportFixture.profileName, preview: true))
                == .configFile)
        #expect(bundleConsole.errors.contains("chorus-doctor check"))
    }

    @Test func runFirstChecksKeepsTheRunAndReports() async throws {
        let home = try ReportHome()
        defer { home.remove() }
        try home.saveProfile(ReportFixture.document())
        let (ctx, console) = try home.command(transport: ScriptedTransport(ReportFixture.refusedAccount))
        let options = ReportFlow.Options(profile: ReportFixture.profileName, format: .text, runFirst: true)
        #expect(await ReportFlow.execute(ctx, options: options) == .ok)
        #expect(RunStore(paths: home.paths, redactor: Redactor()).files(profile: ReportFixture.profileName).count == 1)
        #expect(console.output.contains("account.bad-credentials"))
        #expect(console.errors.contains("Checking profile acme first"))
    }

    @Test func runFirstNeedsAProfile() async throws {
        let home = try ReportHome()
        defer { home.remove() }
        let (ctx, console) = try home.command()
        let options = ReportFlow.Options(profile: "missing", runFirst: true)
        #expect(await ReportFlow.execute(ctx, options: options) == .configFile)
        #expect(console.errors.contains("missing"))
    }

    /// Runs of `demo` have no profile file: the report is made from the runs alone.
    @Test func reportWithoutAProfileFile() async throws {
        let home = try await ReportGoldenTests.home()
        defer { home.remove() }
        try FileManager.default.removeItem(at: home.paths.profileFile(ReportFixture.profileName))
        let (ctx, console) = try home.command()
        #expect(await ReportFlow.execute(ctx, options: .init(profile: ReportFixture.profileName)) == .ok)
        #expect(console.errors.isEmpty)
        #expect(console.output.contains("account.bad-credentials"))
    }

    /// A corrupt profile is left alone, said once on standard error, and the report still comes from the runs.
    @Test func corruptProfileIsReportedAndLeftUntouched() async throws {
        let home = try await ReportGoldenTests.home()
        defer { home.remove() }
        let file = home.paths.profileFile(ReportFixture.profileName)
        try AtomicFile.write(Data("client_secret: [unclosed\n".utf8), to: file)
        let (ctx, console) = try home.command()
        #expect(await ReportFlow.execute(ctx, options: .init(profile: ReportFixture.profileName)) == .ok)
        #expect(console.errors.contains("could not be read"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "client_secret: [unclosed\n")
    }

    @Test func badProfileNameIsAUsageError() async throws {
        let home = try ReportHome()
        defer { home.remove() }
        let (ctx, _) = try home.command()
        #expect(await ReportFlow.execute(ctx, options: .init(profile: "../etc")) == .usage)
    }

    @Test func unreadableRunsExitWithThree() async throws {
        let home = try ReportHome()
        defer { home.remove() }
        let runs = home.paths.runs(profile: "acme")
        try AtomicFile.write(Data("{not json".utf8), to: runs.appendingPathComponent("20261121T090000.000Z.json"))
        let (ctx, console) = try home.command()
        #expect(await ReportFlow.execute(ctx, options: .init(profile: "acme")) == .configFile)
        #expect(console.errors.contains(runs.path))
    }

    @Test func bundleIntoAnUnwritablePlaceFailsWithSeventy() async throws {
        let home = try await ReportGoldenTests.home()
        defer { home.remove() }
        let (ctx, console) = try home.command()
        let options = BundleFlow.Options(profile: ReportFixture.profileName, output: home.url.path)
        #expect(await BundleFlow.execute(ctx, options: options) == .failure)
        #expect(console.errors.contains(home.url.path))
    }

    // MARK: - History and checklist

    @Test func failingSinceIsTheStartOfTheCurrentStreak() async throws {
        func run(_ day: Int, _ status: StageStatus) -> CheckReport {
            CheckReport(
                profile: "p", environment: "sandbox", language: "en",
                startedAt: Date(timeIntervalSince1970: Double(day) * 86_400),
                durationMs: 1, stages: [], summary: .init(status: status, message: ""), fingerprint: [:], exchanges: [])
        }
        let history = RunHistory(runs: [run(1, .fail), run(2, .pass), run(3, .warn), run(4, .fail), run(5, .fail)])
        #expect(history.failingSince == Date(timeIntervalSince1970: 4 * 86_400))
        #expect(history.lastPassing?.startedAt == Date(timeIntervalSince1970: 3 * 86_400))
        #expect(RunHistory(runs: [run(1, .pass)]).failingSince == nil)
        #expect(RunHistory(runs: [run(1, .pass)]).lastPassing == nil)
    }

    @Test func changesListWhatDiffers() throws {
        var before = CheckReport(
            profile: "p", environment: "sandbox", language: "en", proxy: nil, startedAt: ReportFixture.workedTime,
            durationMs: 1, stages: [], summary: .init(status: .pass, message: ""),
            fingerprint: ["client_id": "739d…afa33", "siret": "73282932000074", "tool_version": "0.1.0"], exchanges: [])
        var after = before
        after.startedAt = ReportFixture.failedTime
        after.summary = .init(status: .fail, firstFailure: .token, diagnosisId: "token.invalid-client", message: "")
        after.fingerprint["client_id"] = "4f6d…5c6d"
        after.proxy = "proxy.corp.example:3128"
        before.fingerprint["technical_password_set"] = "yes (file)"
        after.fingerprint["technical_password_set"] = "yes (env)"
        let changes = RunComparison(strings: Strings(language: .en)).changes(from: before, to: after)
        #expect(changes.items.map(\.field) == ["first_failure", "client_id", "technical_password_set", "proxy"])
        #expect(changes.items[1].before == "739d…afa33" && changes.items[1].after == "4f6d…5c6d")
        #expect(changes.items[3].before == "none")
    }

    @Test func checklistStateIsReadTolerantly() throws {
        let home = try ReportHome()
        defer { home.remove() }
        let url = SetupChecklistState.file(paths: home.paths, profile: "p")
        let variants = [
            #"{"steps":[{"id":"raccordement","status":"waiting","note":"asked","date":"2026-11-03"}]}"#,
            #"{"steps":{"raccordement":{"state":"waiting","note":"asked","updated_at":"2026-11-03T08:00:00Z"}}}"#,
            #"[{"step":"raccordement","done":false,"note":"asked","at":"2026-11-03"}]"#,
        ]
        for text in variants {
            try AtomicFile.write(Data(text.utf8), to: url)
            let steps = try #require(
                SetupChecklistState.load(paths: home.paths, profile: "p", library: .embedded, language: .fr))
            #expect(steps.map(\.id) == ["raccordement"])
            #expect(steps[0].status == "waiting")
            #expect(steps[0].note == "asked")
            #expect(steps[0].date.map(ReportDate.day) == "2026-11-03")
        }
        try AtomicFile.write(Data("garbage".utf8), to: url)
        #expect(SetupChecklistState.load(paths: home.paths, profile: "p", library: .embedded, language: .en) == nil)
        #expect(SetupChecklistState.load(paths: home.paths, profile: "none", library: .embedded, language: .en) == nil)
    }

    /// Keys the report builds at run time exist in both languages (the literal ones are checked by StringsTests).
    @Test func everyComputedKeyExists() throws {
        var keys = RunComparison.labelKeys
        for stage in StageID.allCases {
            keys += ["report.stage.", "report.ticket.verified.", "report.ticket.question."].map { $0 + stage.rawValue }
        }
        for status in ["pass", "warn", "fail", "skip"] { keys.append("report.status.\(status)") }
        for status in ["done", "skipped", "waiting", "pending"] { keys.append("report.checklist.status.\(status)") }
        for environment in PlatformEnvironment.allCases { keys.append("report.environment.\(environment.rawValue)") }
        for language in Language.allCases { keys.append("report.language.\(language.rawValue)") }
        for column in ["stage", "status", "time", "http", "notes"] { keys.append("report.stages.\(column)") }
        for column in ["step", "status", "date", "note"] { keys.append("report.checklist.\(column)") }
        keys += ["report.ticket.question.platform", "report.ticket.question.pass"]
        keys += SupportBundle.fileNames.map { "bundle.file.\($0.replacingOccurrences(of: ".", with: "_"))" }
        for language in Language.allCases {
            let strings = Strings(language: language)
            let missing = keys.filter { !strings.has($0) }
            #expect(missing.isEmpty, "\(language): \(missing)")
        }
    }
}
