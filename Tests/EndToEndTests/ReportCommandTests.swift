import ChorusDoctorKit
import ChorusTestSupport
import Foundation
import Testing

/// `report` and `bundle` as a user runs them: the built binary, after `demo` kept a failing run.
@Suite struct ReportCommandTests {
    /// The simulator's public demo secrets, which `demo` sends for real over loopback.
    static let demoSecrets = ["9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4", "Qualif-Demo-2024!"]

    @Test(arguments: [
        ("help-report-en.txt", ["report", "--help"], "C.UTF-8"),
        ("help-report-fr.txt", ["report", "--help"], "fr_FR.UTF-8"),
        ("help-bundle-en.txt", ["bundle", "--help"], "C.UTF-8"),
    ])
    func helpMatchesGolden(_ name: String, _ arguments: [String], _ lang: String) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await ChorusBinary.run(arguments, home: home.url, env: ["LANG": lang, "COLUMNS": "80"])
        #expect(result.status == 0)
        #expect(result.stdout.contains(lang.hasPrefix("fr") ? "UTILISATION :" : "USAGE:"))
        try Golden.endToEnd.check(result.stdout, named: name)
    }

    @Test func noRunYetExitsWithThree() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let report = try await ChorusBinary.run(["report"], home: home.url)
        #expect(report.status == 3)
        #expect(report.stderr.contains("chorus-doctor check --profile default"))
        let bundle = try await ChorusBinary.run(["bundle", "--lang", "fr"], home: home.url)
        #expect(bundle.status == 3)
        #expect(bundle.stderr.contains("Aucun contrôle"))
    }

    @Test func usageErrorsExitWithTwo() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        #expect(try await ChorusBinary.run(["report", "--format", "pdf"], home: home.url).status == 2)
        #expect(try await ChorusBinary.run(["report", "--ticket-lang", "de"], home: home.url).status == 2)
        #expect(try await ChorusBinary.run(["bundle", "--format", "rar"], home: home.url).status == 2)
        #expect(
            try await ChorusBinary.run(["bundle", "-o", "x.zip", "--format", "tar.gz"], home: home.url).status == 2)
    }

    /// GIVEN `demo` kept a failing run, WHEN the user asks for the report and the bundle,
    /// THEN both name the cause, the bundle is a 0600 archive `tar` reads, and no demo secret is in any of it.
    @Test func reportAndBundleAfterAFailingDemo() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let demo = try await ChorusBinary.run(["demo", "--scenario", "raccordement-missing"], home: home.url)
        #expect(demo.status == 1)

        let markdown = try await ChorusBinary.run(["report", "--profile", "demo"], home: home.url)
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.contains("[account.refused]"))
        #expect(markdown.stdout.contains("Bonjour,"))
        #expect(markdown.stdout.contains("raccordement"))

        let json = try await ChorusBinary.run(["report", "--profile", "demo", "--format", "json"], home: home.url)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["schema"] as? String == "chorus-doctor.report/1")

        let archive = home.url.appendingPathComponent("support.tar.gz")
        let bundle = try await ChorusBinary.run(["bundle", "--profile", "demo", "-o", archive.path], home: home.url)
        #expect(bundle.status == 0, "\(bundle.stderr)")
        #expect(home.mode(archive) == 0o600)
        let unpacked = home.url.appendingPathComponent("unpacked")
        #expect(try await SupportArchive.unpack(archive, into: unpacked) == 0)

        let outputs = [markdown.all, json.all, bundle.all] + home.everyFile().map(\.1)
        for secret in Self.demoSecrets {
            for output in outputs { #expect(!output.contains(secret), "a demo secret leaked") }
        }
        #expect(home.everyFile().contains { $0.0.hasSuffix("/exchanges.har") })
    }
}
