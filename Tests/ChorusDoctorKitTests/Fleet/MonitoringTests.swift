import ChorusSimulator
import ChorusTestSupport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// `check --format nagios` and `--format prometheus`, for the monitoring integrators already run.
@Suite struct MonitoringTests {
    /// One line `CHORUS-DOCTOR STATE - text | perfdata`, perfdata as the plugin guidelines write it, and the plugin
    /// exit code for each situation.
    @Test(arguments: [
        (Scenario.healthy, "OK", ChorusDoctorKit.ExitStatus.ok),
        (.passwordExpiringSoon, "WARNING", .checkFailed),
        (.technicalWrongPassword, "CRITICAL", .usage),
    ])
    func nagios(_ scenario: Scenario, _ word: String, _ exit: ChorusDoctorKit.ExitStatus) async throws {
        try await SimulatedProfiles.with(scenario, profiles: ["acme", "beta"]) { sim in
            let options = FleetFlow.Options(profiles: nil, format: .nagios, timeout: .seconds(15), save: false)
            #expect(await FleetFlow.execute(sim.context, options: options) == exit)
            let lines = sim.console.output.split(separator: "\n").map(String.init)
            let first = try #require(lines.first)
            #expect(first.hasPrefix("CHORUS-DOCTOR \(word) - 2 profile(s) checked"), "\(first)")
            let parts = first.split(separator: "|", omittingEmptySubsequences: false)
            #expect(parts.count == 2, "exactly one | separates text and perfdata")
            let perfdata = parts[1].split(separator: " ").map(String.init)
            let item = #/^('[^']+'|[^'= ]+)=-?[0-9.]+(s|ms|%|B|KB|MB|TB|c)?(;[0-9.:~@-]*){0,4}$/#
            for entry in perfdata { #expect(entry.wholeMatch(of: item) != nil, "\(entry)") }
            #expect(perfdata.contains("profiles=2;;;0"))
            #expect(perfdata.contains { $0.hasPrefix("'acme_duration'=") })
            if scenario != .healthy {
                #expect(lines.dropFirst().contains { $0.hasPrefix("acme: ") }, "long output names the profile")
            }
            for secret in sim.secrets { #expect(!sim.console.output.contains(secret)) }
        }
    }

    /// No profile, or one whose file cannot be used: UNKNOWN (3).
    @Test func nagiosUnknown() async throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let options = FleetFlow.Options(profiles: nil, format: .nagios, timeout: .seconds(15), save: false)
        #expect(await FleetFlow.execute(test.context, options: options) == .configFile)
        #expect(test.console.output.hasPrefix("CHORUS-DOCTOR UNKNOWN - 0 profile(s) checked"))

        try AtomicFile.write(Data("client_id: [".utf8), to: test.context.paths.profileFile("corrupt"))
        let again = try TestContext()
        defer { again.cleanUp() }
        var ctx = again.context
        ctx.paths = test.context.paths
        #expect(await FleetFlow.execute(ctx, options: options).rawValue == NagiosOutput.State.unknown.rawValue)
    }

    /// The Prometheus exposition: every family with HELP and TYPE, one sample per profile (and per stage), label
    /// values escaped, parsed by the `prometheus_client` parser when Python has it (CI installs it).
    @Test func prometheus() async throws {
        try await SimulatedProfiles.with(.technicalWrongPassword, profiles: ["acme", "beta"]) { sim in
            let options = FleetFlow.Options(profiles: nil, format: .prometheus, timeout: .seconds(15), save: false)
            #expect(await FleetFlow.execute(sim.context, options: options) == .ok, "metrics written: exit 0")
            let text = sim.console.output
            let sample = #/^chorus_doctor_[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? -?[0-9.e+-]+$/#
            var families: [String: String] = [:]
            for line in text.split(separator: "\n").map(String.init) {
                if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                    let words = line.split(separator: " ", maxSplits: 3).map(String.init)
                    if words[1] == "TYPE" { families[words[2]] = words[3] }
                    continue
                }
                #expect(line.wholeMatch(of: sample) != nil, "\(line)")
            }
            #expect(families["chorus_doctor_check_success"] == "gauge")
            #expect(text.contains(#"chorus_doctor_check_success{profile="acme",environment="sandbox"} 0"#))
            #expect(text.contains(#"chorus_doctor_stage_status{profile="acme",stage="account",status="fail"} 1"#))
            #expect(text.contains(#"chorus_doctor_stage_status{profile="beta",stage="token",status="pass"} 1"#))
            #expect(text.contains(#"chorus_doctor_password_expiry_days{profile="acme",source="#))
            #expect(text.contains(#"chorus_doctor_stage_duration_seconds{profile="acme",stage="token"} "#))
            for secret in sim.secrets { #expect(!text.contains(secret)) }

            if let parsed = try await PrometheusParser.parse(text) {
                #expect(parsed["chorus_doctor_check_success"] == 2, "\(parsed)")
                #expect(parsed["chorus_doctor_stage_status"] == 2 * 6 * 4)
                #expect(parsed["chorus_doctor_up"] == 2)
                #expect(parsed["chorus_doctor_last_run_timestamp_seconds"] == 1)
            }
        }
    }

    @Test func labelValuesAreEscaped() {
        #expect(PrometheusOutput.escape(#"a"b\c"# + "\n") == #"a\"b\\c\n"#)
        #expect(NagiosOutput.label("o'brien") == "'o''brien'")
        #expect(NagiosOutput.plain("a|b\nc") == "a/b c")
    }
}

/// The reference parser: `prometheus_client.parser` run by python3. Nil when Python or the package is missing
/// (`.ci/run` installs it, so CI always parses).
enum PrometheusParser {
    static let script = """
        import sys, json
        from prometheus_client.parser import text_string_to_metric_families
        counts = {}
        for family in text_string_to_metric_families(sys.stdin.read()):
            counts[family.name] = len(family.samples)
        print(json.dumps(counts))
        """

    /// Sample count per family name.
    static func parse(_ text: String) async throws -> [String: Int]? {
        let required = ProcessInfo.processInfo.environment["CHORUS_REQUIRE_PROMETHEUS_PARSER"] == "1"
        let python =
            which("python3")
            ?? ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let python, try await run(python, ["-c", "import prometheus_client"], input: "").status == 0 else {
            #expect(!required, "CHORUS_REQUIRE_PROMETHEUS_PARSER=1 but python3 with prometheus_client is missing")
            return nil
        }
        let result = try await run(python, ["-c", script], input: text)
        #expect(result.status == 0, "the parser refused the exposition: \(result.stderr)")
        return try JSONDecoder().decode([String: Int].self, from: Data(result.stdout.utf8))
    }

    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    static func run(_ executable: String, _ arguments: [String], input: String) async throws -> ProgramRun.Result {
        try await ProgramRun.run(URL(fileURLWithPath: executable), arguments, stdin: input)
    }
}
