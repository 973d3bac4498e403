import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

#if canImport(Glibc)
    import Glibc
#endif

/// Resources and time: no text processing worse than linear whatever the server sends, secret commands capped
/// and ended with their whole process group, a million-row dataset streamed. Linear work is shown by counting the
/// redactor's steps (`RedactionWork`), never by a clock; the time limits here only stop a hang, and the timings live
/// in bench/.
@Suite struct HostileResourceTests {
    /// Header values of the shapes that trip regular expressions, `kilobytes` long: a scheme then a long word, a
    /// long base64 run, repeated `a://`, repeated secret field names, repeated escapes.
    static func headerShape(_ shape: String, kilobytes: Int) -> String {
        let (head, unit, tail): (String, String, String) =
            switch shape {
            case "scheme-then-word": ("https://", "a", "")
            case "word-then-scheme": ("", "a", "://x")
            case "base64-run": ("", "QUJD", "-")
            case "repeated-scheme": ("", "a://b:", "")
            case "password-fields": ("", "password=", "")
            // Names inside values that never close: each value runs to the end of the text.
            case "open-json-fields": ("", #""password":""#, "")
            case "open-escaped-fields": ("", #"\"password\":\""#, "")
            case "query-fields": ("", "?password=", "")
            case "percent-escapes": ("", "%41", "")
            case "json-escapes": ("", "\\u0041", "")
            case "html-entities": ("", "&#65;", "")
            case "at-signs": ("https://u:", "@", "")
            default: preconditionFailure("unknown shape \(shape)")
            }
        return head + String(repeating: unit, count: kilobytes * 1024 / unit.utf8.count) + tail
    }

    static let shapes = [
        "scheme-then-word", "word-then-scheme", "base64-run", "repeated-scheme", "password-fields", "open-json-fields",
        "open-escaped-fields", "query-fields", "percent-escapes", "json-escapes", "html-entities", "at-signs",
    ]

    /// The redactor's work on a whole check whose token answer carries a hostile header (scripted, in process: the
    /// headers, the facts, the exchanges, then the run's JSON as it is kept, and the value as a text shows it), for
    /// no value (what the run costs anyway), a value of n and one of 4n: what the value adds grows as the text does.
    /// The planted secret never shows.
    @Test(arguments: shapes)
    func redactionWorkGrowsLinearlyWithHostileHeaders(_ shape: String) async throws {
        var steps: [Int] = []
        for kilobytes in [0, 2, 8] {
            let value = Self.headerShape(shape, kilobytes: kilobytes) + " client_secret=" + Fixture.clientSecret
            let work = RedactionWork()
            let redactor = Redactor(work: work)
            let transport = ScriptedTransport([
                "/api/oauth/token": .json(
                    401, #"{"error":"invalid_client"}"#,
                    headers: [HTTPHeader("WWW-Authenticate", "Bearer x=\"\(value)\"")])
            ])
            let report = await StageEngine(
                profile: Fixture.profile(), transport: transport, rules: ChecklistLibrary.embedded.rules,
                strings: Strings(language: .en), clock: VirtualTime(), environment: [:], redactor: redactor,
                timeout: .seconds(2)
            ).run()
            let kept = redactor.redact(String(decoding: try CheckReport.keepingEncoder().encode(report), as: UTF8.self))
            let shown = redactor.redact(value)
            #expect((try? JSONSerialization.jsonObject(with: Data(kept.utf8))) != nil, "\(shape): the kept run is JSON")
            for text in [kept, shown] {
                for form in SecretForms.text(Fixture.clientSecret) {
                    #expect(!text.contains(form), "\(shape): the client secret shows")
                }
            }
            steps.append(work.steps)
        }
        // What the value adds to the run's work: about four times as much for a value four times as long (a
        // quadratic scan would add sixteen times as much); and the counter does see the value.
        let (added, addedFourTimes) = (steps[1] - steps[0], steps[2] - steps[0])
        #expect(addedFourTimes > 3 * added, "\(shape): work for no value, n and 4n: \(steps)")
        #expect(addedFourTimes <= 5 * added, "\(shape): work for no value, n and 4n: \(steps)")
    }

    /// The whole way once, at full size: a 96 KB hostile header value (three of the shapes, 32 KB each) through
    /// libcurl, the check (human and JSON, verbose), the kept run, the report and the bundle. Nothing crashes, the
    /// JSON parses, no secret shows. Each shape's work is counted above, at sizes a debug build reads quickly.
    @Test(.timeLimit(.minutes(2)))
    func hugeHostileHeaderGoesTheWholeWay() async throws {
        let value = ["open-json-fields", "repeated-scheme", "json-escapes"].map {
            Self.headerShape($0, kilobytes: 32)
        }.joined()
        let headers = [("Content-Type", "application/json"), ("WWW-Authenticate", "Bearer x=\"\(value)\"")]
        let server = try HostileServer([
            "/api/oauth/token": .init(401, headers: headers, #"{"error":"invalid_client"}"#)
        ])
        defer { server.stop() }
        var run = try HostileRun(document: server.document())
        defer { run.cleanUp() }
        let json = await run.check()
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
        await run.reportAndBundle()
        let secrets = [Fixture.clientSecret, Fixture.password]
        for text in run.everything {
            for secret in secrets { #expect(!text.contains(secret), "a secret shows") }
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: [20_000, 5_000])
    func floodOfHeaders(_ count: Int) async throws {
        let headers = [("Content-Type", "application/json")] + (0..<count).map { ("X-Flood-\($0)", "v\($0)") }
        let server = try HostileServer(["/api/oauth/token": .init(401, headers: headers, #"{"error":"x"}"#)])
        defer { server.stop() }
        var run = try HostileRun(document: server.document())
        defer { run.cleanUp() }
        let json = await run.check()
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
        let many = (0..<count).map { HTTPHeader("X-\($0)", "value \($0) password=\($0)") }
        let redacted = Redactor(secrets: [(label: "s", value: "secret-value")]).redact(many)
        #expect(redacted.count == count)
        #expect(redacted[7].value == "value 7 password=[REDACTED:password]")
    }

    /// A secret command that prints without end is read up to the cap, then ended.
    @Test(.timeLimit(.minutes(1)), arguments: ["yes", "head -c 104857600 /dev/zero | tr '\\0' a", "cat /dev/urandom"])
    func endlessSecretCommandIsCapped(_ command: String) async {
        let result = await OwnThread.run { SecretCommandRunner(timeout: .seconds(20)).run(command) }
        guard case .failure(let failure) = result else {
            Issue.record("an endless output was accepted as a secret")
            return
        }
        #expect(failure.description.contains("more than"), "\(failure)")
    }

    /// A timed-out secret command is ended with everything it started (grandchildren included).
    @Test(.timeLimit(.minutes(1)), arguments: ["background", "nested-shell"])
    func timedOutSecretCommandEndsItsGroup(_ kind: String) async throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("grandchild-\(UUID()).pid")
        defer { try? FileManager.default.removeItem(at: pidFile) }
        let command =
            kind == "background"
            ? "sleep 300 & echo $! > '\(pidFile.path)'; sleep 300"
            : "sh -c 'sleep 300 & echo $! > \"\(pidFile.path)\"; wait'"
        let result = await OwnThread.run { SecretCommandRunner(timeout: .seconds(1)).run(command) }
        guard case .failure(let failure) = result else {
            Issue.record("a hanging command gave a secret")
            return
        }
        #expect(failure.description.contains("timed out"))
        let pid = try #require(
            Int32(String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let gone = await Poll.until(every: .milliseconds(20), limit: .seconds(4)) {
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: " ")
            return state == nil || state![2] == "Z"
        }
        #expect(gone, "grandchild \(pid) still runs")
        if !gone { kill(pid, SIGKILL) }
    }

    /// The command inherits no descriptor of the tool: only standard input, output and error are open in it.
    @Test func secretCommandInheritsNoDescriptor() async throws {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer {
            close(fds[0])
            close(fds[1])
            close(socketFD)
        }
        let result = await OwnThread.run {
            SecretCommandRunner().run("for f in /proc/$$/fd/*; do printf '%s ' \"${f##*/}\"; done")
        }
        guard case .success(let listed) = result else {
            Issue.record("\(result)")
            return
        }
        let open = Set(listed.split(separator: " ").compactMap { Int32($0) })
        #expect(open.isSubset(of: [0, 1, 2, 3, 10, 255]), "inherited: \(listed)")
        for fd in [fds[0], fds[1], socketFD] where fd > 3 { #expect(!open.contains(fd), "descriptor \(fd) inherited") }
    }

    /// A million short rows (under the size limit): imported, the repeated warning summarised in a few lines.
    @Test(.timeLimit(.minutes(3))) func millionRowDataset() async throws {
        let test = try TestContext()
        defer { test.cleanUp() }
        let file = test.home.appendingPathComponent("big.csv")
        // Made in one piece: a million appends cost seconds of a debug build, none of them tested.
        let text = "Entité;SIRET\n" + String(repeating: "Fo;95260181300019\n", count: 1_000_000)
        try Data(text.utf8).write(to: file)
        // Half a minute of a debug build's CPU: on a thread of its own, not one of the two the cooperative pool has
        // on this machine, which the other tests' servers and checks need meanwhile.
        let context = test.context
        let status = await OwnThread.run { DatasetFlow.importFile(context, path: file.path, name: "big") }
        #expect(status == .ok, "\(test.console.errors.suffix(500))")
        let lines = test.console.errors.split(separator: "\n")
        #expect(lines.count < 10, "warnings summarised: \(lines.count) lines")
        #expect(test.console.errors.contains("999997"), "the rest is counted")
        // Counted without decoding each entry: reading a million back is what `dataset list` costs, not what this
        // test is about (the stored form's round trip is `largeDatasetReadsBackEqual`).
        let stored = try Data(contentsOf: DatasetStore(paths: test.context.paths).file("big"))
        let counted = try QualificationDataset.decoder().decode(CountedDataset.self, from: stored)
        #expect(counted.entries.count == 1_000_000 && counted.source.rows == 1_000_000)
        #expect(counted.name == "big" && counted.schema == QualificationDataset.schemaName)
    }

    /// A stored dataset with its entries counted, not read.
    struct CountedDataset: Decodable {
        struct Uncounted: Decodable {
            init(from decoder: any Decoder) throws {}
        }
        var schema: String
        var name: String
        var source: QualificationDataset.Source
        var entries: [Uncounted]
    }

    /// A transport failing because this machine ran out (EMFILE, ENOMEM): the stage says it is local, first.
    @Test(arguments: [
        ("socket: Too many open files", "descriptors"), ("libcurl could not create a transfer handle.", "descriptors"),
        ("Cannot allocate memory", "memory"),
    ])
    func localExhaustionIsSaidToBeLocal(_ message: String, _ resource: String) async throws {
        let runner = StageEngine(
            profile: Fixture.profile(), transport: ExhaustedTransport(message: message),
            rules: ChecklistLibrary.embedded.rules, strings: Strings(language: .en),
            clock: VirtualTime(),
            environment: [:], redactor: Redactor(), timeout: .seconds(2))
        let report = await runner.run()
        let network = try #require(report.stage(.network))
        #expect(network.facts["local.exhausted"] == resource)
        #expect(network.findings.first?.key == "local.exhausted.\(resource)")
        // Diagnosed as this machine's limit, never as the network or the platform.
        let rule = resource == "memory" ? "local.out-of-memory" : "local.out-of-descriptors"
        #expect(network.diagnosis?.id == rule)
        #expect(report.summary.diagnosisId == rule)
    }
}

/// A transport on a machine that has run out: every call fails with the system's message.
struct ExhaustedTransport: HTTPTransport {
    var message: String

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        throw TransportFailure(kind: .connect, message: message)
    }

    func connect(to url: URL, timeout: Duration) async throws -> ConnectionReport {
        throw TransportFailure(kind: .connect, message: message)
    }
}
