import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

/// The simulator against a client written outside this project: the `chorus-api` package from PyPI, installed in
/// a virtual environment, drives `chorus-doctor sim` through its own calls and its own parsing (its hosts, module
/// constants, pointed at the simulator). Every read call it offers, a deposit followed to integration, the invoice
/// found by search with its status moving, then found again after a restart on the same `--state`.
///
/// Needs python3 with venv and pip, and PyPI: without them the test is skipped with a message, unless
/// CHORUS_REQUIRE_CHORUS_API=1 (CI), where it fails.
@Suite struct ChorusAPIConformanceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let script = root.appendingPathComponent("Tests/EndToEndTests/Support/chorus_api_conformance.py")
    /// Under .build (ignored by git), reused between runs.
    static let venv = root.appendingPathComponent(".build/conformance/chorus-api-venv")
    static let required = ProcessInfo.processInfo.environment["CHORUS_REQUIRE_CHORUS_API"] == "1"
    /// The package's read calls (its only write call is `deposer_flux`): each must print `OK <name>`.
    static let calls = [
        "auth", "health_check", "devises", "annuaire_destinataire", "information_siret", "rechercher_structure",
        "rechercher_services", "consulter_structure", "deposer_flux", "consulter_cr_detaille", "consulter_cr",
        "rechercher_facture",
    ]

    struct Outcome {
        var status: Int32
        var output: String
    }

    /// Runs a program to its end (killed after `timeout`), off the cooperative pool; output then errors.
    static func run(_ program: String, _ arguments: [String], timeout: Duration = .seconds(600)) async throws
        -> Outcome
    {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        let result = try await ProgramRun.run(
            URL(fileURLWithPath: program), arguments, environment: environment, timeout: timeout)
        return Outcome(status: result.status, output: result.stdout + result.stderr)
    }

    /// The venv's python with chorus-api importable, or nil (with the reason) when it cannot be made.
    static func python() async -> (String?, String) {
        let python = venv.appendingPathComponent("bin/python").path
        if FileManager.default.isExecutableFile(atPath: python),
            (try? await run(python, ["-c", "import chorusapi.client"]))?.status == 0
        {
            return (python, "")
        }
        let system = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile)
        guard let system else { return (nil, "python3 not found") }
        try? FileManager.default.removeItem(at: venv)
        guard let made = try? await run(system, ["-m", "venv", venv.path]), made.status == 0 else {
            return (nil, "python3 -m venv failed (install python3-venv)")
        }
        guard let installed = try? await run(python, ["-m", "pip", "install", "--quiet", "chorus-api", "requests"]),
            installed.status == 0
        else {
            return (nil, "pip install chorus-api failed (PyPI unreachable?)")
        }
        return (python, "")
    }

    /// `chorus-doctor sim` in its own process, its standard output in a file.
    final class Sim: Stoppable, @unchecked Sendable {
        let process = Process()
        let output: URL

        init(home: URL, state: URL, output: URL) throws {
            self.output = output
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process.executableURL = ChorusBinary.url
            process.arguments = ["sim", "--port", "0", "--log", "--state", state.path]
            process.environment = ChorusBinary.environment(home: home)
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = process.standardOutput
            try process.run()
        }

        var text: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

        /// The values `sim` printed (`  key  value` lines), once it printed the last one.
        func values() async -> [String: String] {
            _ = await Poll.until(every: .milliseconds(100), limit: .seconds(30)) {
                text.contains("user_login") || !process.isRunning
            }
            var values: [String: String] = [:]
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ", omittingEmptySubsequences: true)
                if line.hasPrefix("  "), parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
            }
            return values
        }

        /// SIGTERM, then the exit awaited on a thread of its own.
        func stop() async {
            process.terminate()
            await ProgramRun.exit(of: process)
        }
    }

    @Test("chorus-api from PyPI works against sim through its own calls, and the world survives a restart")
    func chorusAPIAgainstSim() async throws {
        let (found, reason) = await Self.python()
        guard let python = found else {
            if Self.required { Issue.record("CHORUS_REQUIRE_CHORUS_API=1 but \(reason)") }
            print("SKIPPED chorus-api conformance: \(reason)")
            return
        }
        let home = try TemporaryHome()
        defer { home.remove() }
        let state = home.url.appendingPathComponent("sim-state")
        let buyer = try #require(SimulatorDataset.qualification(now: Date()).structure(.recipient)).siret
        func drive(_ phase: String, extra: [String: String] = [:], log: String) async throws -> (
            Outcome, Sim, [String: String]
        ) {
            let sim = try Sim(home: home.url, state: state, output: home.url.appendingPathComponent(log))
            return try await sim.stopped { sim in
                var values = await sim.values()
                values["buyer_siret"] = buyer
                values.merge(extra) { $1 }
                let file = home.url.appendingPathComponent("values-\(phase).json")
                try JSONSerialization.data(withJSONObject: values).write(to: file)
                let outcome = try await Self.run(python, [Self.script.path, file.path, phase], timeout: .seconds(120))
                return (outcome, sim, values)
            }
        }

        let (first, sim, values) = try await drive("first", log: "sim-1.log")
        #expect(first.status == 0, "chorus-api failed against sim:\n\(first.output)\n--- sim:\n\(sim.text)")
        for call in Self.calls {
            #expect(first.output.contains("OK \(call)\n"), "\(call) did not work through chorus-api")
        }
        let result = try #require(
            first.output.split(separator: "\n").last { $0.hasPrefix("RESULT ") }.map { String($0.dropFirst(7)) })
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any])
        let flow = try #require(parsed["flow"] as? String)
        #expect((parsed["statuses"] as? [String])?.last == "MISE_EN_PAIEMENT")

        // --log names every operation called, and never carries a secret.
        let logLines = sim.text.split(separator: "\n").filter { $0.hasPrefix("GET ") || $0.hasPrefix("POST ") }
        for name in [
            "token", "healthCheck", "recupererDevises", "telechargerAnnuaireDestinataire", "consulterInformationsSIRET",
            "rechercherStructure", "rechercherServicesStructure", "consulterStructure", "deposerFluxFacture",
            "consulterCRDetaille", "consulterCR", "rechercherFactureParFournisseur",
        ] {
            #expect(logLines.contains { $0.hasSuffix(" 200 \(name)") }, "sim --log shows no \(name) call")
        }
        for secret in [values["client_secret"], values["technical_password"]].compactMap({ $0 }) {
            #expect(!logLines.contains { $0.contains(secret) }, "a secret in sim --log")
        }
        // The kept world holds invoices and flows, never the credentials that made them.
        let kept = try FileManager.default.contentsOfDirectory(at: state, includingPropertiesForKeys: nil)
        #expect(!kept.isEmpty, "sim --state wrote nothing")
        for file in kept {
            let text = try String(contentsOf: file, encoding: .utf8)
            for secret in [values["client_secret"], values["technical_password"]].compactMap({ $0 }) {
                #expect(!text.contains(secret), "a secret in \(file.lastPathComponent)")
            }
        }

        let (second, restarted, _) = try await drive("after-restart", extra: ["flow": flow], log: "sim-2.log")
        #expect(second.status == 0, "the flow's invoice is gone after a restart:\n\(second.output)\n\(restarted.text)")
        #expect(second.output.contains("OK rechercher_facture\n"))
    }
}
