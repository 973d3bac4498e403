import ChorusDoctorKit
import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

/// `lookup`, `flow`, `explain`, `dataset`, `check --all` and the expiry warning, through the built binary
/// against the simulator over real loopback HTTP.
@Suite struct BeyondCommandTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("checklists/datasets/sample-structures-users.csv").path

    @Test func lookupWithServiceInBothLanguages() async throws {
        try await BeyondHome.with { home in
            let english = try await home.run(["lookup", "--siret", "94628194600016", "--service", "MARCHES"])
            #expect(english.status == 0, "\(english.stderr)")
            #expect(english.flowing.contains("service code required: yes"))
            #expect(english.flowing.contains("need a commitment number"))
            let french = try await home.run([
                "lookup", "--siret", "94628194600016", "--service", "CULTURE", "--lang", "fr",
            ])
            #expect(french.status == 1)
            #expect(french.stdout.contains("inactif"))
            let json = try await home.run(["lookup", "--siret", "97601895200011", "--json"])
            #expect(json.status == 1)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(object["schema"] as? String == "chorus-doctor.lookup/1")
            #expect(object["verdict"] as? String == "not_found")
            for secret in home.secrets { #expect(!(english.stdout + french.stdout + json.stdout).contains(secret)) }
        }
    }

    @Test func lookupUsage() async throws {
        try await BeyondHome.with { home in
            let none = try await home.run(["lookup"])
            #expect(none.status == 2)
            #expect(none.stderr.contains("--siret"))
            let bad = try await home.run(["lookup", "--siret", "123"])
            #expect(bad.status == 2)
            #expect(bad.stderr.contains("14 digits"))
        }
    }

    @Test func flowStatusAndWatch() async throws {
        try await BeyondHome.with { home in
            let rejected = try await home.run(["flow", "status", SimulatorDataset.DepositNumber.rejected])
            #expect(rejected.status == 1)
            #expect(rejected.stdout.contains("IN_REJETE (final)"))
            #expect(rejected.stdout.contains("rejection.duplicate-number"))
            let watched = try await home.run(
                [
                    "flow", "watch", SimulatorDataset.DepositNumber.progressing, "--interval", "0.3", "--for", "20",
                    "--json",
                ])
            #expect(watched.status == 0, "\(watched.stdout)\(watched.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(watched.stdout.utf8)) as? [String: Any])
            #expect(object["state"] as? String == "IN_INTEGRE")
            #expect((object["watch"] as? [String: Any])?["timed_out"] as? Bool == false)
            let bad = try await home.run(["flow", "watch", "X", "--interval", "0"])
            #expect(bad.status == 2)
        }
    }

    @Test func explainFromArgumentsAndStdin() async throws {
        try await BeyondHome.with { home in
            let argument = try await home.run(["explain", "HTTP 403", "on", "/cpro/structures/v1/rechercher"])
            #expect(argument.status == 0)
            #expect(argument.stdout.contains("http.forbidden-api"))
            let piped = try await home.run(["explain", "--json"], stdin: "Le SIRET du destinataire est obligatoire.\n")
            #expect(piped.status == 0)
            #expect(piped.stdout.contains("rejection.customer-siret-missing"))
            let empty = try await home.run(["explain"], stdin: "")
            #expect(empty.status == 2)
        }
    }

    /// GIVEN the made-up sample, WHEN imported, listed and used, THEN lookup --entity finds its structures.
    @Test func datasetImportListUseAndLookupByEntity() async throws {
        try await BeyondHome.with(profiles: ["qualif"]) { home in
            let imported = try await home.run(["dataset", "import", Self.sample])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("12 rows"))
            let listed = try await home.run(["dataset", "list"])
            #expect(listed.stdout.contains("recipient, commitment (EJ) required"))
            let used = try await home.run(["dataset", "use", "--profile", "qualif", "--entity", "supplier"])
            #expect(used.status == 0)
            let lookup = try await home.run(["lookup", "--profile", "qualif", "--entity", "recipient-ej-required"])
            #expect(lookup.status == 0, "\(lookup.stdout)\(lookup.stderr)")
            #expect(lookup.stdout.contains("98219935800010"))
            let broken = home.url.appendingPathComponent("broken.csv")
            try Data("Entité,SIRET\nFournisseur,95260181300019\n".utf8).write(to: broken)
            let refused = try await home.run(["dataset", "import", broken.path, "--name", "broken"])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("broken.csv, line 1: error: The columns are separated by comma"))
        }
    }

    @Test func checkAllWithAFailingProfile() async throws {
        try await BeyondHome.with(profiles: ["a", "b", "c"]) { home in
            try home.saveProfile("d") { $0.clientSecret = "0b1c2d3e-4f50-4a61-8b72-c3d4e5f60718" }
            let table = try await home.run(["check", "--all", "--jobs", "2"])
            #expect(table.status == 1)
            #expect(table.stdout.contains("FAIL at token"))
            #expect(table.stdout.contains("3 passed"))
            let named = try await home.run(["check", "--profiles", "a,b", "--json"])
            #expect(named.status == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(named.stdout.utf8)) as? [String: Any])
            #expect(object["schema"] as? String == "chorus-doctor.fleet/1")
            let both = try await home.run(["check", "--all", "--profiles", "a"])
            #expect(both.status == 2)
            for secret in home.secrets { #expect(!(table.stdout + table.stderr + named.stdout).contains(secret)) }
        }
    }

    /// The expiry line goes to standard error on every command, and never into --json on standard output.
    @Test func expiryWarningOnEveryCommandButNeverInJSON() async throws {
        try await BeyondHome.with { home in
            let soon = CalendarDay.format(CalendarDay.adding(days: 5, to: Date()))
            try home.saveProfile("expiring") { $0.technicalPasswordExpiry = soon }
            for arguments in [
                ["explain", "403"], ["dataset", "list"], ["lookup", "--siret", "94628194600016", "--json"],
            ] {
                let run = try await home.run(arguments)
                #expect(run.stderr.contains("profile expiring"), "\(arguments)")
                #expect(run.stderr.contains("Raccordements → Compte technique"))
                #expect(!run.stdout.contains("expiring"), "\(arguments)")
            }
            let quiet = try await home.run(["explain", "403"], env: ["CHORUS_DOCTOR_NO_EXPIRY_WARNING": "1"])
            #expect(!quiet.stderr.contains("expiring"))
        }
    }

    @Test(arguments: [
        ["lookup"], ["flow"], ["flow", "status"], ["flow", "watch"], ["explain"], ["dataset"],
        ["dataset", "import"], ["dataset", "list"], ["dataset", "use"],
    ])
    func everyCommandHasHelpInBothLanguages(_ command: [String]) async throws {
        let home = FileManager.default.temporaryDirectory
        let english = try await ChorusBinary.run(command + ["--help"], home: home)
        #expect(english.status == 0)
        #expect(english.stdout.contains("USAGE"))
        #expect(english.stdout.range(of: #"help\.[a-z]"#, options: .regularExpression) == nil, "an untranslated key")
        let french = try await ChorusBinary.run(command + ["--help", "--lang", "fr"], home: home)
        #expect(french.stdout != english.stdout)
    }
}

/// `sim --scenario X --save-profile NAME`: the saved profile shows X, even when X lives in the configuration.
@Suite struct SimProfileTests {
    @Test(arguments: [
        (Scenario.tokenURLWrong, "token.endpoint-not-found"), (.siretUnknown, SimulatorDataset.unknownSiret),
    ])
    func theSavedProfileShowsTheScenario(_ scenario: Scenario, _ expected: String) async throws {
        try await BeyondHome.with(scenario) { home in
            let check = try await home.run(["check", "--json"])
            #expect(check.status == 1, "\(check.stderr)")
            #expect(check.stdout.contains(expected), "\(check.stdout.prefix(400))")
        }
    }
}
