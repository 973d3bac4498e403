import ChorusDoctorKit
import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The built binary, run as a user runs it.
@Suite struct CommandLineTests {
    @Test func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: ChorusBinary.url.path), "\(ChorusBinary.url.path)")
    }

    @Test(arguments: [
        ("help-en.txt", ["--help"], "C.UTF-8"), ("help-fr.txt", ["--help"], "fr_FR.UTF-8"),
        ("help-check-en.txt", ["check", "--help"], "C.UTF-8"),
        ("help-check-fr.txt", ["check", "--help", "--lang", "fr"], "C.UTF-8"),
        // The language given before the command is the command's.
        ("help-check-fr.txt", ["--lang", "fr", "check", "--help"], "C.UTF-8"),
        ("help-check-fr.txt", ["--lang=fr", "check", "--help"], "C.UTF-8"),
        ("help-profile-set-en.txt", ["profile", "set", "--help"], "C.UTF-8"),
    ])
    func helpMatchesGolden(_ name: String, _ arguments: [String], _ lang: String) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await ChorusBinary.run(arguments, home: home.url, env: ["LANG": lang, "COLUMNS": "80"])
        #expect(result.status == 0)
        try Golden.endToEnd.check(result.stdout, named: name)
    }

    @Test func everySubcommandHasHelp() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        for command in [
            ["check"], ["demo"], ["sim"], ["profile"], ["profile", "list"], ["profile", "show"], ["profile", "set"],
            ["profile", "unset"], ["profile", "delete"],
        ] {
            let result = try await ChorusBinary.run(command + ["--help"], home: home.url)
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("USAGE"), "\(command)")
        }
    }

    @Test func usageErrorsExitWithTwo() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        #expect(try await ChorusBinary.run(["check", "--no-such-flag"], home: home.url).status == 2)
        #expect(try await ChorusBinary.run(["demo", "--scenario", "nope"], home: home.url).status == 2)
        #expect(try await ChorusBinary.run(["check", "--lang", "de"], home: home.url).status == 2)
        #expect(try await ChorusBinary.run(["--lang", "de", "check"], home: home.url).status == 2)
    }

    /// `--lang` written before the command is the command's, for a run as for its help.
    @Test func aLanguageBeforeTheCommandIsTheCommands() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let failing = try await ChorusBinary.run(
            ["--lang", "fr", "demo", "--scenario", "raccordement-missing"], home: home.url, env: ["LANG": "C.UTF-8"])
        #expect(failing.status == 1, "\(failing.all)")
        #expect(failing.stdout.contains("[ÉCHEC] compte"))
        let nested = try await ChorusBinary.run(["--lang=fr", "flow", "status", "--help"], home: home.url)
        #expect(nested.status == 0)
        #expect(nested.stdout.contains("PRÉSENTATION"), "\(nested.stdout)")
    }

    @Test func demoPassesAndFailsWithTheDocumentedExitCodes() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let healthy = try await ChorusBinary.run(["demo"], home: home.url)
        #expect(healthy.status == 0, "\(healthy.all)")
        #expect(healthy.stdout.contains("All stages passed"))
        let failing = try await ChorusBinary.run(
            ["demo", "--scenario", "raccordement-missing", "--lang", "fr"], home: home.url)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("[ÉCHEC] compte"))
        #expect(failing.stdout.contains("Raccordement API"))
        #expect(!failing.stdout.contains("\u{1B}["), "NO_COLOR is set: no escape sequences")
    }

    /// The JSON document, with run-dependent values normalised, is stable (schema chorus-doctor.check/1).
    @Test func jsonMatchesGolden() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await ChorusBinary.run(
            ["demo", "--scenario", "cgu-factures-not-accepted", "--json"], home: home.url)
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "chorus-doctor.check/1")
        let stages = try #require(object["stages"] as? [[String: Any]])
        #expect(
            stages.map { $0["id"] as? String } == ["config", "network", "token", "gateway", "account", "structure"])
        #expect(stages[4]["http_status"] as? Int == 200)
        let diagnosis = try #require(stages[4]["diagnosis"] as? [String: Any])
        #expect(diagnosis["id"] as? String == "account.api-refused")
        #expect((diagnosis["fixes"] as? [String])?.isEmpty == false)
        try Golden.endToEnd.check(Normalise.json(result.stdout), named: "check-cgu-factures-not-accepted.json")
    }

    @Test func corruptProfileIsReportedAndLeftUntouched() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try FileManager.default.createDirectory(at: home.profiles, withIntermediateDirectories: true)
        let file = home.profiles.appendingPathComponent("default.yaml")
        let corrupt = "client_id: \"abc\nsiret: [unclosed\n"
        try corrupt.write(to: file, atomically: true, encoding: .utf8)
        let check = try await ChorusBinary.run(["check"], home: home.url)
        #expect(check.status == 3)
        #expect(check.stderr.contains("default.yaml"))
        let set = try await ChorusBinary.run(["profile", "set", "siret", "73282932000074"], home: home.url)
        #expect(set.status == 3)
        #expect(try String(contentsOf: file, encoding: .utf8) == corrupt)
    }

    @Test func missingProfileExplainsWhatToDo() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await ChorusBinary.run(["check"], home: home.url)
        #expect(result.status == 3)
        #expect(result.stderr.contains("chorus-doctor setup"))
        #expect(result.stderr.contains("chorus-doctor demo"))
    }

    @Test func secretsAreNeverTakenFromTheCommandLine() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let refused = try await ChorusBinary.run(
            ["profile", "set", "client_secret", "on-the-command-line"], home: home.url)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--stdin"))
        #expect(!FileManager.default.fileExists(atPath: home.profiles.appendingPathComponent("default.yaml").path))
        let accepted = try await ChorusBinary.run(
            ["profile", "set", "client_secret", "--stdin"], home: home.url, stdin: "from-stdin-0123\n")
        #expect(accepted.status == 0, "\(accepted.all)")
        let file = home.profiles.appendingPathComponent("default.yaml")
        #expect(home.mode(file) == 0o600)
        #expect(!accepted.all.contains("from-stdin-0123"))
        let show = try await ChorusBinary.run(["profile", "show"], home: home.url)
        #expect(show.stdout.contains("client_secret"))
        #expect(!show.stdout.contains("from-stdin-0123"))
    }

    @Test func invalidValuesAreRefusedWithAReason() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let siret = try await ChorusBinary.run(["profile", "set", "siret", "12345678901234"], home: home.url)
        #expect(siret.status == 2)
        #expect(siret.stderr.contains("checksum"))
        let url = try await ChorusBinary.run(
            ["profile", "set", "api_base_url", "http://api.piste.gouv.fr"], home: home.url)
        #expect(url.status == 2)
        #expect(url.stderr.contains("https"))
        let iban = try await ChorusBinary.run(
            ["profile", "set", "iban", "FR7630006000011234567890188"], home: home.url, env: ["LANG": "fr_FR.UTF-8"])
        #expect(iban.status == 2)
        #expect(iban.stderr.contains("IBAN"))
    }

    /// Nothing listens on the port: the network stage says so at once, with the refused-connection diagnosis.
    @Test func connectionRefusedIsReportedAtOnce() async throws {
        var environment = try await BeyondHome.with(.healthy) { Plant.environment($0.template) }
        let refusing = try RefusingPort()
        let closed = refusing.url()
        environment["CHORUS_TOKEN_URL"] = closed + "/api/oauth/token"
        environment["CHORUS_API_URL"] = closed
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await ChorusBinary.run(
            ["check", "--json", "--timeout", "10"], home: home.url, env: environment)
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["first_failure"] as? String == "network")
        #expect(summary["diagnosis_id"] as? String == "network.refused")
        withExtendedLifetime(refusing) {}
    }

    @Test func environmentVariablesAloneAreEnough() async throws {
        try await BeyondHome.with(.healthy, profiles: []) { simulator in
            let home = try TemporaryHome()
            defer { home.remove() }
            let result = try await ChorusBinary.run(
                ["check"], home: home.url, env: Plant.environment(simulator.template))
            #expect(result.status == 0, "\(result.all)")
            #expect(!FileManager.default.fileExists(atPath: home.profiles.path))
        }
    }
}

/// Replaces values that change from run to run.
enum Normalise {
    static func json(_ text: String) -> String {
        var result = text
        let rules: [(String, String)] = [
            (#"("duration_ms" : )[0-9.]+"#, "$10"), (#"("started_at" : ")[^"]+"#, "$1TIME"),
            (#"127\.0\.0\.1:[0-9]+"#, "127.0.0.1:PORT"), (#"(ms in all\)|ms au total\))"#, "$1"),
            (#"\(([0-9.]+) ms "#, "(N ms "), (#"("(dns|tcp|tls)" : ")[0-9]+"#, "$1N"),
            (#"("tech\.(expiry|platform_expiry)_(days|date)" : ")[^"]+"#, "$1X"),
            (#"("(date|days|technical_password_expiry)" : ")[^"]+"#, "$1X"),
            (#"("message" : "[^"]*\()[0-9.]+ ms"#, "$1N ms"), (#"("transport\.message" : ")[^"]*"#, "$1X"),
        ]
        for (pattern, template) in rules {
            let regex = try! NSRegularExpression(pattern: pattern)
            result = regex.stringByReplacingMatches(
                in: result, range: NSRange(result.startIndex..., in: result), withTemplate: template)
        }
        return result
    }
}

/// Environment variables carrying a profile, as CI and scripts use them.
enum Plant {
    static func environment(_ p: ProfileDocument, secret: String? = nil, password: String? = nil) -> [String: String] {
        [
            "CHORUS_ENV": "sandbox", "CHORUS_TOKEN_URL": p.tokenURL ?? "", "CHORUS_API_URL": p.apiBaseURL ?? "",
            "CHORUS_CLIENT_ID": p.clientID ?? "", "CHORUS_CLIENT_SECRET": secret ?? p.clientSecret ?? "",
            "CHORUS_TECH_LOGIN": p.technicalLogin ?? "", "CHORUS_TECH_PASSWORD": password ?? p.technicalPassword ?? "",
            "CHORUS_SIRET": p.siret ?? "",
        ]
    }

}
