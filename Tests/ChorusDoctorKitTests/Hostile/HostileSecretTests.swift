import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// Secrets, in every form and every cut: a hostile server echoes what it was sent, in any encoding, across any
/// excerpt limit, inside headers the tool parses; nothing of a secret may come out.
@Suite struct HostileSecretTests {
    /// Property test: random secrets, planted as the client secret and the technical password, echoed by the
    /// server in one encoding (in the body, a header and the `WWW-Authenticate` challenge). No output, saved run,
    /// report or bundle file holds the secret, its encoded form, or any six characters of it. One pair of secrets
    /// per encoding, each holding every class of character the encodings treat apart (`SecretGenerator.classes`):
    /// what three random pairs per encoding met by chance, each pair meets by construction.
    @Test(arguments: SecretEncoding.allCases)
    func echoedInAnyEncoding(_ encoding: SecretEncoding) async throws {
        let index = UInt64(SecretEncoding.allCases.firstIndex(of: encoding)!)
        var generator = SecretGenerator(seed: 100 &+ index)
        let secret = generator.secret()
        let password = generator.secret()
        let echoed = encoding.encode(secret)
        let echoedPassword = encoding.encode(password)
        let server = try HostileServer([
            "/api/oauth/token": .init(
                401, headers: [("Content-Type", "application/json"), ("X-Echo", echoed)],
                #"{"error":"invalid_client","error_description":"client secret \#(echoed) refused","html":"<b>\#(echoed)</b>"}"#
            )
        ])
        defer { server.stop() }
        var run = try HostileRun(document: server.document(clientSecret: secret, password: password))
        defer { run.cleanUp() }
        await run.check()
        // The technical password is echoed by the Chorus Pro side, once a token was given.
        server.set("/api/oauth/token", HostileServer.healthy["/api/oauth/token"]!)
        server.set(
            "/cpro/transverses/v1/health-check",
            .init(
                401,
                headers: [
                    ("Content-Type", "text/html"),
                    ("WWW-Authenticate", #"Bearer realm="PISTE", error_description="account \#(echoedPassword)""#),
                ], "<html><body>account \(echoedPassword) refused</body></html>"))
        let first = run.outputs
        await run.check()
        await run.reportAndBundle()
        run.outputs += first
        for text in run.everything {
            for form in [secret, echoed, password, echoedPassword] {
                #expect(!text.contains(form), "\(encoding): \(form) leaked in \(text.prefix(300))")
            }
            for window in windows(of: secret, length: 6) + windows(of: password, length: 6) {
                #expect(!text.contains(window), "\(encoding): part of a secret (\(window)) leaked")
            }
        }
    }

    /// The redactor alone, every encoding of fixed awkward secrets (quotes, spaces, non-ASCII, base64-looking).
    @Test(arguments: SecretEncoding.allCases)
    func everyEncodingOfKnownSecrets(_ encoding: SecretEncoding) {
        for secret in [Fixture.clientSecret, Fixture.password, "plain-secret-value-42", "€uro Ωmega 😀 end"] {
            let redactor = Redactor(secrets: [(label: "client_secret", value: secret)])
            let form = encoding.encode(secret)
            let text = "before \(form) after"
            #expect(
                redactor.redact(text) == "before [REDACTED:client_secret] after", "\(encoding) of \(secret): \(form)")
        }
    }

    /// A secret across the excerpt's cut (512 bytes for a stage, 2048 for the HAR): redacted whole before the
    /// cut, and what remains of it at the cut masked.
    @Test(arguments: [490, 500, 505, 509, 510, 511, 2030, 2040, 2045, 2047])
    func secretAcrossTheCut(_ offset: Int) async throws {
        let secret = "Kx7Qm2Vp9Lw4Rt6Ys8Nb3Hd5Jf1Zc0Ga"
        let unknown = "UnknownServerSideValue0123456789abcdef"
        let prefix = #"{"error":"invalid_client","error_description":""#
        let padding = String(repeating: "p", count: offset - prefix.utf8.count)
        let body =
            prefix + padding + secret
            + #"","client_secret":"\#(unknown)","more":"\#(String(repeating: "m", count: 3000))"}"#
        let server = try HostileServer(["/api/oauth/token": .init(401, body)])
        defer { server.stop() }
        var run = try HostileRun(document: server.document(clientSecret: secret))
        defer { run.cleanUp() }
        await run.check()
        await run.reportAndBundle()
        for text in run.everything {
            for window in windows(of: secret, length: 4) {
                #expect(!text.contains(window), "offset \(offset): \(window) left at a cut")
            }
        }
        // The redactor on its own: a field value or a secret cut open at the end is masked.
        let redactor = Redactor(secrets: [(label: "client_secret", value: secret)])
        for cut in 3..<secret.count {
            let excerpt = redactor.cut("xx " + secret.prefix(cut), limit: 3 + cut)
            #expect(!excerpt.contains(secret.prefix(cut)), "head of \(cut) characters kept")
        }
        let open = redactor.cut(#"{"a":1,"client_secret":"\#(unknown)"#, limit: 40)
        #expect(!open.contains(unknown.prefix(10)), "\(open)")
    }

    /// A password holding `"` echoed in a `WWW-Authenticate` parameter: the header is redacted before it is
    /// parsed, so no first part of it reaches the facts or the saved runs.
    @Test(arguments: [#"Tr0ub4dor"&3-horse"#, #"ab"cd\"ef"gh-long"#, #""leadingQuote123"#, #"trailingQuote99""#])
    func quoteInPasswordEchoedInChallenge(_ password: String) async throws {
        let server = try HostileServer([
            "/cpro/transverses/v1/health-check": .init(
                401,
                headers: [
                    ("Content-Type", "application/json"),
                    (
                        "WWW-Authenticate",
                        #"Bearer realm="PISTE", error="invalid_token", error_description="password \#(password) is wrong""#
                    ),
                ], #"{"error":"invalid_token"}"#)
        ])
        defer { server.stop() }
        var run = try HostileRun(document: server.document(password: password))
        defer { run.cleanUp() }
        let json = await run.check()
        #expect(json.contains("www_authenticate"), "the challenge was parsed")
        let parts = password.split(separator: "\"").filter { $0.count >= 4 }.map(String.init)
        for text in run.everything {
            for part in parts + [password] { #expect(!text.contains(part), "\(part) leaked") }
        }
    }

    /// A URL holding credentials, `@` or `/` in the password: never printed in the config error nor by
    /// `profile set`.
    @Test(arguments: [
        "https://bob:pa/ss@oauth.piste.gouv.fr/api/oauth/token", "https://bob:p@sswd@oauth.piste.gouv.fr/api",
        "https://bob:pa%2Fss@oauth.piste.gouv.fr/", "https://bob:pa ss word@oauth.piste.gouv.fr/",
        #"https://bob:pa"ss@oauth.piste.gouv.fr/"#,
    ])
    func credentialsInURLs(_ url: String) async throws {
        let afterUser = url.range(of: "bob:")!.upperBound
        let password = String(url[afterUser..<url.lastIndex(of: "@")!])
        var document = Fixture.document()
        document.tokenURL = url
        var run = try HostileRun(document: document)
        defer { run.cleanUp() }
        await run.check()
        let set = ProfileFlow.set(run.context.context, name: "other", key: "token_url", value: url) { nil }
        #expect(set == .usage)
        run.outputs.append(run.context.console.output + run.context.console.errors)
        for text in run.everything {
            #expect(!text.contains(password), "\(password) printed")
            #expect(!text.contains("bob:pa"))
        }
    }

    /// One-character secrets and tokens: redacted only where they stand whole, `--json` stays valid JSON, the
    /// text is not garbled, and the config stage warns that such a value cannot be real.
    @Test(arguments: ["e", "a", "1", "\"", "{", ":"])
    func oneCharacterSecret(_ secret: String) async throws {
        let server = try HostileServer()
        defer { server.stop() }
        var run = try HostileRun(document: server.document(clientSecret: secret))
        defer { run.cleanUp() }
        let json = await run.check()
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["schema"] != nil, "--json is valid: \(json.prefix(200))")
        let human = run.outputs[0]
        #expect(human.contains("cannot be a real one"), "warned")
        #expect(human.components(separatedBy: "[REDACTED:client_secret]").count < 6, "not substituted everywhere")
        #expect(human.contains("token"), "ordinary words survive")
    }

    @Test(arguments: ["a", "t", "0"])
    func oneCharacterToken(_ token: String) async throws {
        let server = try HostileServer([
            "/api/oauth/token": .init(
                200, #"{"access_token":"\#(token)","token_type":"Bearer","expires_in":3600,"scope":"openid"}"#)
        ])
        defer { server.stop() }
        var run = try HostileRun(document: server.document())
        defer { run.cleanUp() }
        let json = await run.check()
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "--json is valid")
        #expect(run.outputs[0].components(separatedBy: "[REDACTED:").count < 60, "not substituted everywhere")
        for url in RunStore(paths: run.context.context.paths, redactor: Redactor()).files(profile: "default") {
            #expect((try? RunStore(paths: run.context.context.paths, redactor: Redactor()).load(url)) != nil)
        }
    }
}
