import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// Output the server can't drive: control characters shown escaped in every human output, `--json` valid
/// whatever bytes arrive, a corrupt saved run reported and never blocking the others, wrong JSON types unexpected.
@Suite struct HostileOutputTests {
    static let escapes: [(name: String, bytes: String)] = [
        ("escape", "\u{1B}[31mRED"), ("osc-title", "\u{1B}]0;pwned\u{07}"), ("clear-screen", "\u{1B}[2J\u{1B}[H"),
        ("osc52-clipboard", "\u{1B}]52;c;ZWNobyBwd25lZA==\u{07}"), ("carriage-return", "PASS\rFAIL"),
        ("bidi-override", "abc\u{202E}fed"), ("c1-csi", "\u{9B}2J"), ("bell-backspace", "\u{07}\u{08}\u{7F}"),
        ("conceal", "\u{1B}[8mhidden"),
    ]

    /// No raw control character but new lines, tabs and the tool's own colour codes.
    static func isClean(_ text: String, keepingStyle: Bool = false) -> Bool {
        TerminalText.escapingControls(text, keepingStyle: keepingStyle) == text
            && !text.unicodeScalars.contains { $0 == "\u{07}" || $0 == "\u{9B}" || $0 == "\u{202E}" }
            && !text.contains("\u{1B}]") && !text.contains("\u{1B}[2J") && !text.contains("\u{1B}[8m")
    }

    @Test(arguments: escapes.map(\.name))
    func terminalTextEscapesControls(_ name: String) {
        let bytes = Self.escapes.first { $0.name == name }!.bytes
        let shown = TerminalText.escapingControls("before \(bytes) after")
        #expect(Self.isClean(shown), "\(name): \(shown.debugDescription)")
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(shown.debugDescription)")
        // The tool's own styling and progress rewrite survive.
        let style = TerminalStyle(enabled: true)
        #expect(TerminalText.escapingControls(style.red("x"), keepingStyle: true) == style.red("x"))
        #expect(TerminalText.escapingControls(style.red("x")) != style.red("x"), "no colour when colours are off")
        let coloured = TerminalText.escapingControls("before \(bytes) after", keepingStyle: true)
        if name != "escape" {
            #expect(Self.isClean(coloured, keepingStyle: true), "\(name) with colours: \(coloured.debugDescription)")
        }
        #expect(TerminalText.escapingControls("\r\u{1B}[2Kprogress") == "\r\u{1B}[2Kprogress")
    }

    /// Server answers (body, headers, error description) carrying terminal escapes: human `check` shows them
    /// escaped, with and without `--verbose`; the report too.
    @Test(arguments: escapes.map(\.name))
    func serverAnswersCannotDriveTheTerminal(_ name: String) async throws {
        let bytes = Self.escapes.first { $0.name == name }!.bytes
        let json = try String(decoding: JSONSerialization.data(withJSONObject: ["x": bytes]), as: UTF8.self)
        let encoded = String(json.dropFirst(6).dropLast(2))
        let server = try HostileServer([
            "/api/oauth/token": .init(
                401,
                headers: [("Content-Type", "application/json"), ("WWW-Authenticate", "Bearer error=\"\(bytes)\"")],
                #"{"error":"invalid_client","error_description":"\#(encoded)"}"#),
            "/cpro/transverses/v1/health-check": .init(500, headers: [("Content-Type", "text/plain")], bytes),
        ])
        defer { server.stop() }
        var run = try HostileRun(document: server.document())
        defer { run.cleanUp() }
        await run.check()
        await run.reportAndBundle()
        for (index, text) in run.outputs.enumerated() {
            #expect(Self.isClean(text), "\(name) output \(index): \(text.debugDescription.prefix(400))")
        }
    }

    /// Profile values, environment variables and `explain`'s input carrying escapes.
    @Test(arguments: escapes.map(\.name))
    func localValuesCannotDriveTheTerminal(_ name: String) async throws {
        let bytes = Self.escapes.first { $0.name == name }!.bytes
        // The platform's host does not resolve (scripted): the run ends at the network stage, as offline.
        let offline = ScriptedTransport(["connect:sandbox-oauth.piste.gouv.fr": .failure(.dns)])
        let test = try TestContext(
            environment: ["CHORUS_USER_LOGIN": "user\(bytes)", "CHORUS_SIRET": "1\(bytes)"], transport: offline)
        defer { test.cleanUp() }
        var document = Fixture.document()
        document.pisteApplication = "app\(bytes)"
        try ProfileStore(paths: test.context.paths).save(document, as: "default")
        _ = ProfileFlow.show(test.context, name: "default", json: false)
        _ = await CheckFlow.execute(test.context, options: .init(profile: "default", timeout: .seconds(2)))
        _ = ExplainFlow.execute(test.context, input: "GCU_MSG_01_000 \(bytes) refused", options: .init())
        #expect(Self.isClean(test.console.output), "\(test.console.output.debugDescription.prefix(400))")
        #expect(Self.isClean(test.console.errors), "\(test.console.errors.debugDescription.prefix(400))")
    }

    /// Answers that used to break `--json` (a field redaction eating quotes) or are not text at all: `--json` is
    /// valid, every saved run reads, `report` and `bundle` work.
    @Test(arguments: [
        #"{"error":"x","error_description":"password=abc\"}, and access_token=xyz\" end"}"#,
        #"password=hunter2&access_token=abc"def\"ghi"#, #"{"password":"a\"b\\","access_token":"q\\\"w"}"#,
        "\u{00}\u{01}binary\u{FF}", "{\"password\":\"unterminated", "client_secret=s\\\"&refresh_token=\"\\",
        String(repeating: "access_token=", count: 500), "<html>&quot;password=&quot;x&quot;</html>",
    ])
    func jsonStaysValid(_ body: String) async throws {
        var data = Data(body.utf8)
        if body.hasPrefix("\u{00}") { data = Data([0x00, 0x01, 0x62, 0xFF, 0xFE, 0xC3]) }
        let server = try HostileServer([
            "/api/oauth/token": .init(400, headers: [("Content-Type", "application/json")], body: data)
        ])
        defer { server.stop() }
        var run = try HostileRun(document: server.document())
        defer { run.cleanUp() }
        let json = await run.check()
        #expect(
            (try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "invalid --json: \(json.prefix(600))")
        let store = RunStore(paths: run.context.context.paths, redactor: Redactor())
        let files = store.files(profile: "default")
        #expect(!files.isEmpty)
        for url in files { #expect((try? store.load(url)) != nil, "\(url.lastPathComponent) does not read") }
        let status = await ReportFlow.execute(run.context.context, options: .init(profile: "default"))
        #expect(status == .ok)
    }

    /// A corrupt saved run (the newest) is named, left out, and the older runs are still reported on.
    @Test(arguments: ["{not json", "", "\u{FF}\u{FE}", #"{"schema":"chorus-doctor.check/1"}"#])
    func corruptRunNeverBlocksTheOthers(_ content: String) async throws {
        let server = try HostileServer()
        defer { server.stop() }
        var run = try HostileRun(document: server.document())
        defer { run.cleanUp() }
        await run.check()
        let directory = run.context.context.paths.runs(profile: "default")
        let corrupt = directory.appendingPathComponent("99991231T235959.999Z.json")
        try Data(content.utf8).write(to: corrupt)
        let status = await ReportFlow.execute(run.context.context, options: .init(profile: "default"))
        #expect(status == .ok)
        #expect(run.context.console.errors.contains(corrupt.lastPathComponent), "the corrupt run is named")
        let bundle = await BundleFlow.execute(
            run.context.context,
            options: .init(output: run.context.home.appendingPathComponent("b.zip").path))
        #expect(bundle == .ok)
        #expect(FileManager.default.fileExists(atPath: corrupt.path), "the corrupt file is left as it is")
    }

    /// Structure answers with a field of the wrong JSON type: the stage fails and says the answer was unexpected.
    @Test(arguments: [
        ("/cpro/structures/v1/consulter", #"{"codeRetour":"0","parametres":{}}"#),
        ("/cpro/structures/v1/consulter", #"{"codeRetour":0,"parametres":[true]}"#),
        ("/cpro/structures/v1/consulter", #"{"codeRetour":0,"parametres":{"numeroEJDoitEtreRenseigne":"yes"}}"#),
        (
            "/cpro/structures/v1/consulter",
            #"{"codeRetour":0,"informationGenerales":{"dateExpirationMotPasseCompteTech":20270630}}"#
        ),
        ("/cpro/structures/v1/consulter", #"{"codeRetour":0,"informationGenerales":"none"}"#),
        (
            "/cpro/transverses/v1/recuperer/structures/actives/fournisseur",
            #"{"codeRetour":0,"listeStructures":"73282932000074"}"#
        ),
        (
            "/cpro/transverses/v1/recuperer/structures/actives/fournisseur",
            #"{"codeRetour":0,"listeStructures":[{"identifiant":73282932000074}]}"#
        ),
        (
            "/cpro/transverses/v1/recuperer/structures/actives/fournisseur",
            #"{"codeRetour":0,"listeStructures":["73282932000074"]}"#
        ),
    ])
    func wrongJSONTypesAreUnexpected(_ path: String, _ body: String) async throws {
        var script = ScriptedTransport.healthy
        script[path] = .json(200, body)
        let report = try await Fixture.run(script)
        let stage = try #require(report.stages.first { $0.facts["answer.unexpected"] != nil }, "\(report.stages)")
        #expect(stage.status == .fail)
        #expect(stage.findings.contains { $0.key == "answer.unexpected" })
        #expect(report.summary.status == .fail)
    }
}
