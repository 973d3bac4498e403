import ChorusDoctorKit
import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

/// Secrets planted in the configuration never appear in any output mode nor in any file the tool writes.
@Suite struct SecretLeakTests {
    /// The simulator's real credentials, so the whole run happens (token issued, every stage called).
    @Test func healthyRunLeaksNothing() async throws {
        try await BeyondHome.with(.healthy, profiles: []) { simulator in
            let credentials = simulator.template
            let home = try TemporaryHome()
            defer { home.remove() }
            let environment = Plant.environment(credentials)
            var outputs: [String] = []
            for arguments in [
                ["check"], ["check", "--verbose"], ["check", "--json"], ["check", "--json", "--verbose"],
                ["profile", "show"], ["profile", "show", "--json"],
            ] {
                let result = try await ChorusBinary.run(arguments, home: home.url, env: environment)
                #expect(result.status == 0, "\(arguments): \(result.all)")
                outputs.append(result.all)
            }
            let verbose = outputs[1]
            #expect(verbose.contains("[REDACTED:client_secret]"))
            #expect(verbose.contains("Bearer [REDACTED:token]"))
            #expect(verbose.contains("cpro-account: [REDACTED:cpro-account]"))
            let login = try #require(credentials.technicalLogin)
            let clientSecret = try #require(credentials.clientSecret)
            let technicalPassword = try #require(credentials.technicalPassword)
            let account = Data("\(login):\(technicalPassword)".utf8).base64EncodedString()
            let secrets = [clientSecret, technicalPassword, account]
            for secret in secrets {
                for (index, output) in outputs.enumerated() {
                    #expect(!output.contains(secret), "output \(index) leaks a secret")
                }
                for (path, text) in home.everyFile() {
                    #expect(!text.contains(secret), "\(path) leaks a secret")
                }
            }
            // Tokens: the simulator issues random ones; none may appear. They follow "access_token" in the answer,
            // which is recorded as redacted, so the word must only appear next to a placeholder.
            let clearToken = try NSRegularExpression(pattern: #"access_token\\?"\s*:\s*\\?"(?!\[REDACTED:)"#)
            for (index, output) in outputs.enumerated() {
                let range = NSRange(output.startIndex..., in: output)
                #expect(clearToken.firstMatch(in: output, range: range) == nil, "output \(index) shows a token")
            }
            #expect(outputs[3].contains("access_token"), "the verbose JSON shows the token answer, redacted")
            let runs = try FileManager.default.contentsOfDirectory(
                atPath: home.state.appendingPathComponent("runs/default").path)
            #expect(runs.count == 4)
            for run in runs { #expect(home.mode(home.state.appendingPathComponent("runs/default/\(run)")) == 0o600) }
        }
    }

    /// Awkward secrets (quotes, spaces, non-ASCII, base64-looking) stored in a profile file.
    @Test(arguments: [
        ("q\"u'o`te$s\\-Ωé-ü", "pass word with spaces"), ("YWJjZGVmZ2hpams=", "Zm9vOmJhcg=="),
        ("%41%42+plus&amp", "€uro:colon"),
    ])
    func awkwardSecretsLeakNothing(_ secret: String, _ password: String) async throws {
        try await BeyondHome.with(.healthy, profiles: []) { simulator in
            let credentials = simulator.template
            let home = try TemporaryHome()
            defer { home.remove() }
            var environment = Plant.environment(credentials)
            environment.removeValue(forKey: "CHORUS_CLIENT_SECRET")
            environment.removeValue(forKey: "CHORUS_TECH_PASSWORD")
            let setSecret = try await ChorusBinary.run(
                ["profile", "set", "client_secret", "--stdin"], home: home.url, stdin: secret)
            let setPassword = try await ChorusBinary.run(
                ["profile", "set", "technical_password", "--stdin"], home: home.url, stdin: password)
            var outputs = [setSecret.all, setPassword.all]
            for arguments in [["check", "--verbose"], ["check", "--json", "--verbose"], ["profile", "show"]] {
                outputs.append(try await ChorusBinary.run(arguments, home: home.url, env: environment).all)
            }
            let account = Data("\(credentials.technicalLogin ?? ""):\(password)".utf8).base64EncodedString()
            let forms = [
                secret, password, account, Data(secret.utf8).base64EncodedString(),
                secret.addingPercentEncoding(withAllowedCharacters: FormEncoding.allowed)!,
            ]
            for form in forms {
                for output in outputs { #expect(!output.contains(form), "output leaks \(form)") }
                for (path, text) in home.everyFile() where !path.hasSuffix("default.yaml") {
                    #expect(!text.contains(form), "\(path) leaks \(form)")
                }
            }
            let profile = home.profiles.appendingPathComponent("default.yaml")
            #expect(home.mode(profile) == 0o600)
        }
    }

    /// GIVEN a profile whose technical password the platform refuses, WHEN the user makes the report (every format)
    /// and the bundle, THEN the support ticket gives support the identifiers it needs whole (technical login, OAuth
    /// client id, SIRET, PISTE application, environment) and the support URL, and not one secret is anywhere.
    @Test func theTicketShowsIdentifiersAndNoSecret() async throws {
        try await BeyondHome.with(.technicalWrongPassword) { beyond in
            let template = beyond.template
            let login = try #require(template.technicalLogin)
            let clientID = try #require(template.clientID)
            let siret = try #require(template.siret)
            let application = try #require(template.pisteApplication)
            #expect(try await beyond.run(["check"]).status == 1)
            var outputs: [String] = []
            for format in ["md", "text", "json"] {
                let report = try await beyond.run(["report", "--format", format])
                #expect(report.status == 0, "\(report.stderr)")
                outputs += [report.stdout, report.stderr]
            }
            let archive = beyond.url.appendingPathComponent("support.tar.gz")
            let bundle = try await beyond.run(["bundle", "-o", archive.path])
            #expect(bundle.status == 0, "\(bundle.stderr)")
            let unpacked = beyond.url.appendingPathComponent("unpacked")
            #expect(try await SupportArchive.unpack(archive, into: unpacked) == 0)
            let files = try FileManager.default.subpathsOfDirectory(atPath: unpacked.path).compactMap {
                try? String(contentsOf: unpacked.appendingPathComponent($0), encoding: .utf8)
            }

            // The ticket (Markdown, text, JSON, and the bundle's report.md and report.json) shows the identifiers whole.
            let json = try JSONSerialization.jsonObject(with: Data(outputs[4].utf8)) as? [String: Any]
            let ticket = try #require(json?["ticket"] as? [String: Any])
            let body = try #require(ticket["body"] as? String)
            for identifier in [login, clientID, siret, application, "qualification"] {
                #expect(body.contains(identifier), "the ticket lacks \(identifier): \(body)")
                #expect(outputs[0].contains(identifier) && outputs[2].contains(identifier), "\(identifier)")
            }
            #expect(ticket["support_url"] as? String == "https://portail.chorus-pro.gouv.fr/aife_csm?id=aife_contact")
            #expect(outputs[0].contains("https://portail.chorus-pro.gouv.fr/aife_csm?id=aife_contact"))
            #expect(
                files.filter { $0.contains(login) && $0.contains(clientID) }.count == 2, "report.md and report.json")
            // Outside the ticket, the connection section keeps them partly masked.
            let connection = try #require(json?["connection"] as? [String: Any])
            #expect(connection["technical_login"] as? String == Masking.partial(login))
            // No secret, in any form, anywhere.
            let account = Data("\(login):\(template.technicalPassword ?? "")".utf8).base64EncodedString()
            for secret in beyond.secrets + [account] {
                for output in outputs + files + [bundle.stdout, bundle.stderr] {
                    #expect(!output.contains(secret), "a secret leaked")
                }
            }
            #expect(outputs[0].contains("[REDACTED:"))
        }
    }
}
