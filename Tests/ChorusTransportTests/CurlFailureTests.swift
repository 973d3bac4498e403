import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@Suite("Transfers that fail, classified")
struct CurlFailureTests {
    @Test func silentServerTimesOutOnTime() async throws {
        let server = try ScriptedHTTPServer(.hang)
        defer { server.stop() }
        let failure = await #expect(throws: TransportFailure.self) {
            try await loopbackTransport().send(HTTPRequest(method: "GET", url: server.url(), timeout: .seconds(1)))
        }

        #expect(failure?.kind == .timeout)
        #expect(failure?.curlCode == 28)
        // libcurl's own clock: it waited the limit out (no upper bound: how soon after depends on the machine's load).
        #expect((failure?.timings.totalMs ?? 0) >= 900)
    }

    @Test func closedPortIsRefusedQuickly() async throws {
        let refusing = try RefusingPort()
        let url = URL(string: refusing.url(path: "/"))!
        let failure = await #expect(throws: TransportFailure.self) {
            try await loopbackTransport().send(HTTPRequest(method: "GET", url: url, timeout: .seconds(20)))
        }
        withExtendedLifetime(refusing) {}

        // Refused by the system (an errno), not waited out: a timeout would be `.timeout`.
        #expect(failure?.kind == .refused)
        #expect(failure?.detail?.contains("errno") == true)
    }

    @Test func connectToClosedPortIsRefused() async throws {
        let refusing = try RefusingPort()
        let url = URL(string: refusing.url(host: "localhost", path: "/"))!
        let failure = await #expect(throws: TransportFailure.self) {
            try await loopbackTransport().connect(to: url, timeout: .seconds(2))
        }
        withExtendedLifetime(refusing) {}
        #expect(failure?.kind == .refused)
    }

    /// Asks the machine's resolver, the only traffic off loopback in the suite: opt in with CHORUS_TEST_DNS=1.
    /// (The mapping of libcurl's "couldn't resolve host" to `.dns` is covered offline by the classification tests.)
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CHORUS_TEST_DNS"] == "1"))
    func unknownHostIsADNSFailure() async throws {
        // `.invalid` never resolves (RFC 6761); https, because plain http off loopback is refused before DNS.
        let failure = await #expect(throws: TransportFailure.self) {
            try await loopbackTransport().send(
                HTTPRequest(method: "GET", url: URL(string: "https://nonexistent.invalid/")!, timeout: .seconds(5)))
        }
        #expect(failure?.kind == .dns)
        #expect(failure?.curlCode == 6)
    }

    @Test(arguments: ["http://example.com/", "http://127.0.0.1.example.com/", "ftp://127.0.0.1/", "file:///etc/hosts"])
    func unsafeURLsAreRefusedBeforeSending(url: String) async throws {
        let failure = await #expect(throws: TransportFailure.self) {
            try await loopbackTransport().send(HTTPRequest(method: "GET", url: URL(string: url)!))
        }
        #expect(failure?.kind == .invalidRequest)
        #expect(failure?.curlCode == nil)
    }

    @Test func headerLineBreaksAreRefused() async throws {
        let server = try ScriptedHTTPServer(.respond(httpAnswer("200 OK")))
        defer { server.stop() }
        let failure = await #expect(throws: TransportFailure.self) {
            try await loopbackTransport().send(
                HTTPRequest(method: "GET", url: server.url(), headers: [HTTPHeader("X-A", "1\r\nX-B: 2")]))
        }
        #expect(failure?.kind == .invalidRequest)
        #expect(server.requests.isEmpty)
    }

    @Test func declaredLengthOverTheCapIsTooLarge() async throws {
        let server = try ScriptedHTTPServer(.respond(httpAnswer("200 OK", body: String(repeating: "x", count: 5000))))
        defer { server.stop() }
        let failure = await #expect(throws: TransportFailure.self) {
            try await loopbackTransport().send(HTTPRequest(method: "GET", url: server.url(), maxResponseBytes: 1000))
        }
        #expect(failure?.kind == .answerTooLarge)
    }

    @Test func endlessBodyIsCutAtTheCap() async throws {
        // No Content-Length: only the write callback can stop it.
        let server = try ScriptedHTTPServer(.endlessBody(head: "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"))
        defer { server.stop() }
        let failure = await #expect(throws: TransportFailure.self) {
            try await loopbackTransport().send(
                HTTPRequest(method: "GET", url: server.url(), timeout: .seconds(5), maxResponseBytes: 256 * 1024))
        }
        #expect(failure?.kind == .answerTooLarge)
        #expect(failure?.curlCode == 23)
        #expect(failure?.message.contains("262144") == true)
    }

    @Test(arguments: [ScriptedHTTPServer.Script.garbage, .close])
    func nonHTTPAnswersAreProtocolErrors(script: ScriptedHTTPServer.Script) async throws {
        let server = try ScriptedHTTPServer(script)
        defer { server.stop() }
        let failure = await #expect(throws: TransportFailure.self) {
            try await loopbackTransport().send(HTTPRequest(method: "GET", url: server.url(), timeout: .seconds(5)))
        }
        #expect(failure?.kind == .protocolError)
    }

    /// The server never answers and the transfer may take an hour: the test ending at all proves the abort (its
    /// time limit fails it otherwise).
    @Test(.timeLimit(.minutes(1))) func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try ScriptedHTTPServer(.hang)
        defer { server.stop() }
        let transport = loopbackTransport()
        let task = Task {
            try await transport.send(HTTPRequest(method: "GET", url: server.url(), timeout: .seconds(3600)))
        }
        while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        let failure = await #expect(throws: TransportFailure.self) { try await task.value }
        #expect(failure?.kind == .cancelled)
    }

    @Test func alreadyCancelledTaskSendsNothing() async throws {
        let server = try ScriptedHTTPServer(.respond(httpAnswer("200 OK")))
        defer { server.stop() }
        let transport = loopbackTransport()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await transport.send(HTTPRequest(method: "GET", url: server.url()))
        }
        let failure = await #expect(throws: TransportFailure.self) { try await task.value }
        #expect(failure?.kind == .cancelled)
        #expect(server.requests.isEmpty)
    }

    @Test func proxyDemandingAuthenticationIsAProxyFailure() async throws {
        // GIVEN a loopback proxy that answers CONNECT with 407 (the target name is never resolved here)
        let proxy = try ScriptedHTTPServer(
            .respond(
                httpAnswer("407 Proxy Authentication Required", headers: [#"Proxy-Authenticate: Basic realm="corp""#])))
        defer { proxy.stop() }
        let transport = loopbackTransport(TransportOptions(proxy: "http://127.0.0.1:\(proxy.port)"))

        // WHEN a request to the API goes through it
        let failure = await #expect(throws: TransportFailure.self) {
            try await transport.send(
                HTTPRequest(method: "GET", url: URL(string: "https://api.piste.gouv.fr/")!, timeout: .seconds(5)))
        }

        // THEN the proxy is blamed, with its answer
        #expect(failure?.kind == .proxy)
        #expect(failure?.detail?.contains("CONNECT answered 407") == true)
        #expect(proxy.requests.first?.method == "CONNECT")
        #expect(proxy.requests.first?.target == "api.piste.gouv.fr:443")
    }

    @Test func unreachableProxyIsAProxyFailure() async throws {
        let refusing = try RefusingPort()
        let transport = loopbackTransport(TransportOptions(proxy: refusing.url()))
        let failure = await #expect(throws: TransportFailure.self) {
            try await transport.send(
                HTTPRequest(method: "GET", url: URL(string: "https://api.piste.gouv.fr/")!, timeout: .seconds(5)))
        }
        withExtendedLifetime(refusing) {}
        #expect(failure?.kind == .proxy)
        #expect(failure?.detail?.hasPrefix("proxy: http://127.0.0.1:") == true)
    }
}
