import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// Property: whatever the secrets look like (spaces, quotes, backslashes, non-ASCII, base64-looking), planted in
/// the profile and echoed back by the server in headers and bodies, not one of them (nor its base64, percent or
/// JSON form, nor the base64 of `login:password`) is in anything `report` (every format, both languages) and
/// `bundle` (both archive kinds, extracted by the system's tools) write. The client id and technical login appear
/// only partly masked, the IBAN only by its last four characters.
@Suite struct ReportRedactionTests {
    /// SplitMix64: the same secrets for the same seed, so a failure can be replayed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let awkward = Array(#"abcXYZ0189 "'\/:@&=+%?#;,.-_*~éÉçßΩλ漢字😀€"#)

    static func secret(_ kind: Int, _ rng: inout SeededGenerator) -> String {
        let length = Int.random(in: 14...36, using: &rng)
        switch kind % 4 {
        case 0:
            return String((0..<length).map { _ in awkward.randomElement(using: &rng)! })
        case 1:
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            return Data(bytes).base64EncodedString()
        case 2:
            let printable = (0x20...0x7E).map { Character(Unicode.Scalar(UInt8($0))) }
            return String((0..<length).map { _ in printable.randomElement(using: &rng)! })
        default:
            return "\"quoted secret\" with spaces é " + String((0..<8).map { _ in awkward.randomElement(using: &rng)! })
        }
    }

    static func jsonString(_ value: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [value])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    /// A platform that echoes every secret it is sent, in headers and bodies.
    static func echoingScript(secret: String, password: String, token: String) -> [String: ScriptedTransport.Answer] {
        let credentials = Data("\(ReportFixture.login):\(password)".utf8).base64EncodedString()
        var script = ScriptedTransport.healthy
        script["/api/oauth/token"] = .json(
            200,
            #"{"access_token":\#(jsonString(token)),"token_type":"Bearer","expires_in":3600,"scope":"openid","note":\#(jsonString("client_secret=" + secret))}"#,
            headers: [HTTPHeader("X-Echo", secret)])
        script["/cpro/transverses/v1/health-check"] = .json(
            200, #"{"statusCode":"200","echo":\#(jsonString("Bearer " + token))}"#)
        let body =
            #"{"codeRetour":1,"echo":\#(jsonString(credentials)),"secret":\#(jsonString(secret)),"#
            + #""proxy":\#(jsonString("https://\(ReportFixture.login):\(password)@proxy.example:3128/")),"#
            + #""iban":\#(jsonString(ReportFixture.iban)),"password":\#(jsonString(password))}"#
        let challenge = HTTPHeader(
            "WWW-Authenticate", #"Bearer realm="PISTE",error_description="refused \#(password) / \#(credentials)""#)
        for path in script.keys where path.hasPrefix("/cpro/") && !path.contains("health") {
            script[path] = .json(401, body, headers: [challenge, HTTPHeader("X-Debug", "Basic " + credentials)])
        }
        return script
    }

    /// Every way a secret could be written out.
    static func forms(_ value: String) -> Set<String> {
        let json = String(jsonString(value).dropFirst().dropLast())
        var forms: Set<String> = [
            value, Data(value.utf8).base64EncodedString(), json, json.replacingOccurrences(of: "\\/", with: "/"),
        ]
        forms.insert(value.addingPercentEncoding(withAllowedCharacters: FormEncoding.allowed)!)
        forms.insert(value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
        return forms.filter { $0.count >= 8 }
    }

    @Test(arguments: 0..<8)
    func noSecretInAnyReportOrBundle(_ seed: Int) async throws {
        var rng = SeededGenerator(state: UInt64(seed) &* 7919 &+ 17)
        let secret = Self.secret(seed, &rng)
        let password = Self.secret(seed + 1, &rng)
        let token = Self.secret(seed + 2, &rng)
        let home = try ReportHome()
        defer { home.remove() }
        try home.saveProfile(ReportFixture.document(clientSecret: secret, password: password))

        // GIVEN a passing check, then one against a platform echoing every secret
        let (checkCtx, checkConsole) = try home.command(
            now: ReportFixture.workedTime, transport: ScriptedTransport(ScriptedTransport.healthy))
        #expect(await CheckFlow.execute(checkCtx, options: .init(profile: ReportFixture.profileName)) != .failure)
        let echoing = ScriptedTransport(Self.echoingScript(secret: secret, password: password, token: token))
        let (echoCtx, echoConsole) = try home.command(now: ReportFixture.failedTime, transport: echoing)
        #expect(await CheckFlow.execute(echoCtx, options: .init(profile: ReportFixture.profileName)) == .checkFailed)
        let checkOutputs = [checkConsole.output, checkConsole.errors, echoConsole.output, echoConsole.errors]
        var outputs: [String] = []

        // (every other seed: the profile is gone by the time support asks: the runs alone must be clean)
        if seed % 2 == 1 { try FileManager.default.removeItem(at: home.paths.profileFile(ReportFixture.profileName)) }

        // WHEN every report and both bundles are made, each by a fresh "process"
        for language in Language.allCases {
            for format in ReportFormat.allCases {
                let (ctx, console) = try home.command(language: language)
                let options = ReportFlow.Options(profile: ReportFixture.profileName, format: format)
                #expect(await ReportFlow.execute(ctx, options: options) == .ok, "\(console.errors)")
                outputs += [console.output, console.errors]
            }
        }
        let unpacked = home.url.appendingPathComponent("unpacked")
        for kind in ArchiveKind.allCases {
            let archive = home.url.appendingPathComponent("out/bundle.\(kind.fileExtension)")
            for preview in [true, false] {
                let (ctx, console) = try home.command()
                let options = BundleFlow.Options(
                    profile: ReportFixture.profileName, output: archive.path, preview: preview)
                #expect(await BundleFlow.execute(ctx, options: options) == .ok, "\(console.errors)")
                outputs += [console.output, console.errors]
            }
            #expect(AtomicFile.permissions(of: archive) == 0o600)
            try await ArchiveTool.extract(archive, kind: kind, into: unpacked.appendingPathComponent(kind.rawValue))
        }

        // THEN no form of any secret is anywhere (the runs `check` kept included)...
        let written =
            outputs.map { Data($0.utf8) } + FileTree.files(under: home.url.appendingPathComponent("out")).map(\.data)
            + FileTree.files(under: unpacked).map(\.data)
        let everything = written + checkOutputs.map { Data($0.utf8) } + home.filesOutsideProfiles().map(\.data)
        #expect(FileTree.files(under: unpacked).count == 2 * SupportBundle.fileNames.count)
        let secrets =
            Self.forms(secret).union(Self.forms(password)).union(Self.forms(token))
            .union([Data("\(ReportFixture.login):\(password)".utf8).base64EncodedString()])
        Self.expectAbsent(secrets, in: everything, seed: seed)
        // ... the IBAN shows by its last four characters only, and identifiers only masked outside the support
        // ticket, which gives support the technical login and the client id whole while the profile reads.
        Self.expectAbsent([String(ReportFixture.iban.dropLast(4)), "3000 6000 0112"], in: written, seed: seed)
        Self.expectAbsent(
            [ReportFixture.clientID, ReportFixture.login], in: written.map(Self.withoutTicket), seed: seed)
        let reportFile = try #require(FileTree.files(under: unpacked).first { $0.path.hasSuffix("/report.md") })
        let report = String(decoding: reportFile.data, as: UTF8.self)
        #expect(report.contains("[REDACTED:"))
        #expect(report.contains(Masking.partial(ReportFixture.login)))
        let ticket = String(decoding: written.first { Self.withoutTicket($0) != $0 } ?? Data(), as: UTF8.self)
        #expect(ticket.contains(seed % 2 == 0 ? ReportFixture.login : Masking.partial(ReportFixture.login)))
        #expect(ticket.contains(seed % 2 == 0 ? ReportFixture.clientID : Masking.partial(ReportFixture.clientID)))
    }

    /// The text with every support ticket body (greeting to closing, in either language and any encoding) left out.
    static func withoutTicket(_ data: Data) -> Data {
        let text = String(decoding: data, as: UTF8.self)
        let body = try! NSRegularExpression(pattern: #"(?:Bonjour|Hello),[\s\S]*?(?:Cordialement|Best regards),"#)
        let range = NSRange(text.startIndex..., in: text)
        guard body.firstMatch(in: text, range: range) != nil else { return data }
        return Data(body.stringByReplacingMatches(in: text, range: range, withTemplate: "").utf8)
    }

    static func expectAbsent(
        _ needles: Set<String>, in haystack: [Data], seed: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for needle in needles {
            let bytes = Data(needle.utf8)
            for (index, data) in haystack.enumerated() where data.range(of: bytes) != nil {
                Issue.record(
                    "seed \(seed): \(needle.debugDescription) found in output #\(index)", sourceLocation: sourceLocation
                )
            }
        }
    }
}
