import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// A kept run holds its diagnosis in no language (the rule and the facts it matched on): the report words it in
/// the language asked for, whatever language the check ran in. Runs kept with words only still read.
@Suite struct ReportLanguageTests {
    static let rule = "account.bad-credentials"
    static let english = "Chorus Pro refuses the technical account"
    static let french = "Chorus Pro refuse le compte technique"

    /// A home with one refused run, checked in `language`.
    static func home(checkedIn language: Language) async throws -> ReportHome {
        let home = try ReportHome()
        try home.saveProfile(ReportFixture.document())
        try await ReportFixture.keepRun(
            home, script: ReportFixture.refusedAccount, at: ReportFixture.failedTime, language: language)
        return home
    }

    static func report(_ home: ReportHome, language: Language) async throws -> String {
        let (ctx, console) = try home.command(language: language)
        let options = ReportFlow.Options(
            profile: ReportFixture.profileName, format: .text, ticketLanguage: language, system: ReportFixture.system)
        #expect(await ReportFlow.execute(ctx, options: options) == .ok, "\(console.errors)")
        return console.output
    }

    /// GIVEN a run checked in French, WHEN `report --lang en` shows it, THEN its diagnosis reads in English.
    @Test func runKeptInFrenchReadsInEnglish() async throws {
        let home = try await Self.home(checkedIn: .fr)
        defer { home.remove() }
        let kept = try #require(RunStore(paths: home.paths, redactor: Redactor()).latest(profile: "acme"))
        #expect(kept.language == "fr")
        let stage = try #require(kept.stage(.account))
        #expect(stage.diagnosis?.id == Self.rule)
        #expect(stage.diagnosis?.facts?["www_authenticate.error_description"] == "login or password incorrects")
        #expect(stage.diagnosisText == nil, "a kept run holds no words")
        let english = try await Self.report(home, language: .en)
        #expect(english.contains(Self.english))
        #expect(!english.contains(Self.french))
        let french = try await Self.report(home, language: .fr)
        #expect(french.contains(Self.french))
    }

    /// The same kept run, worded by the check's own renderer in either language.
    @Test(arguments: Language.allCases)
    func keptRunRendersInAnyLanguage(_ language: Language) async throws {
        let home = try await Self.home(checkedIn: language == .en ? .fr : .en)
        defer { home.remove() }
        let kept = try #require(RunStore(paths: home.paths, redactor: Redactor()).latest(profile: "acme"))
        let text = CheckTextRenderer(
            strings: Strings(language: language), style: TerminalStyle(enabled: false), verbose: false
        )
        .render(kept)
        #expect(text.contains(language == .en ? Self.english : Self.french))
        #expect(!text.contains(language == .en ? Self.french : Self.english))
    }

    /// A run kept by an older version, its diagnosis in French words only, still loads and reads: as kept in
    /// French, and in English worded again from the same rule.
    @Test func runKeptWithWordsOnlyStillReads() async throws {
        let home = try await Self.home(checkedIn: .fr)
        defer { home.remove() }
        let store = RunStore(paths: home.paths, redactor: Redactor())
        let file = try #require(store.files(profile: "acme").last)
        var run = try store.load(file)
        for index in run.stages.indices {
            run.stages[index].diagnosisText = run.stages[index].diagnosis(in: Strings(language: .fr))
        }
        // The older shape: `diagnosis` in words, no `rule_match`.
        try CheckReport.encoder().encode(run).write(to: file)
        let old = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        #expect(!old.contains("rule_match"))
        #expect(old.contains(Self.french))
        let loaded = try store.load(file)
        let stage = try #require(loaded.stage(.account))
        #expect(stage.diagnosis?.id == Self.rule)
        #expect(stage.diagnosis?.facts == nil)
        #expect(stage.diagnosis(in: Strings(language: .fr))?.cause.contains(Self.french) == true)
        #expect(try await Self.report(home, language: .fr).contains(Self.french))
        let english = try await Self.report(home, language: .en)
        #expect(english.contains(Self.english))
        #expect(!english.contains(Self.french))
    }

    /// `check --json` still words the diagnosis, in the run's language, and does not show the rule match.
    @Test(arguments: Language.allCases)
    func jsonDocumentKeepsTheDiagnosisInWords(_ language: Language) async throws {
        let home = try ReportHome()
        defer { home.remove() }
        try home.saveProfile(ReportFixture.document())
        let (ctx, console) = try home.command(
            language: language, now: ReportFixture.failedTime,
            transport: ScriptedTransport(ReportFixture.refusedAccount))
        let options = CheckFlow.Options(profile: ReportFixture.profileName, json: true, save: false)
        #expect(await CheckFlow.execute(ctx, options: options) == .checkFailed)
        #expect(console.output.contains(language == .en ? Self.english : Self.french))
        #expect(console.output.contains(#""diagnosis" : {"#))
        #expect(!console.output.contains("rule_match"))
        let document = try CheckReport.decoder().decode(CheckReport.self, from: Data(console.output.utf8))
        #expect(document.stage(.account)?.diagnosis?.id == Self.rule)
    }
}
