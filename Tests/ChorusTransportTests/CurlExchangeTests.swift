import ChorusTransport
import Foundation
import Testing

/// A transport that ignores the machine's proxy variables, so loopback tests stay on loopback.
func loopbackTransport(_ options: TransportOptions = TransportOptions(proxy: "")) -> CurlTransport {
    CurlTransport(options: options)
}

/// A complete HTTP/1.1 answer with a correct `Content-Length`.
func httpAnswer(_ status: String, headers: [String] = [], body: String = "") -> String {
    let lines = ["HTTP/1.1 \(status)"] + headers + ["Content-Length: \(body.utf8.count)", "Connection: close"]
    return lines.joined(separator: "\r\n") + "\r\n\r\n" + body
}

@Suite("Requests and answers over loopback")
struct CurlExchangeTests {
    @Test func getRoundTripCarriesHeadersAndParsesTheAnswer() async throws {
        let server = try ScriptedHTTPServer(
            .respond(
                httpAnswer(
                    "200 OK", headers: ["Content-Type: application/json", "Set-Cookie: a=1", "Set-Cookie: b=2"],
                    body: #"{"ok":true}"#)))
        defer { server.stop() }

        let request = HTTPRequest(
            method: "GET", url: server.url("/cpro/transverses/v1/health-check?x=1"),
            headers: [HTTPHeader("Accept", "application/json;charset=utf-8"), HTTPHeader("cpro-account", "abc=")])
        let response = try await loopbackTransport().send(request)

        #expect(response.status == 200)
        #expect(response.headers.value(for: "content-type") == "application/json")
        #expect(response.headers.filter { $0.name == "Set-Cookie" }.map(\.value) == ["a=1", "b=2"])
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)
        #expect(response.remoteAddress == "127.0.0.1")
        #expect(response.httpVersion == "1.1")
        #expect(response.timings.totalMs > 0)
        #expect(response.timings.totalMs >= response.timings.connectMs)

        let received = try #require(server.requests.first)
        #expect(received.method == "GET")
        #expect(received.target == "/cpro/transverses/v1/health-check?x=1")
        #expect(received.headers.value(for: "Accept") == "application/json;charset=utf-8")
        #expect(received.headers.value(for: "cpro-account") == "abc=")
        #expect(received.headers.value(for: "Expect") == nil)
    }

    @Test func postSendsTheBodyByteForByte() async throws {
        let server = try ScriptedHTTPServer(.respond(httpAnswer("201 Created", body: "done")))
        defer { server.stop() }
        // Binary on purpose: a zero byte must not cut the body short.
        let body = Data("grant_type=client_credentials&scope=openid".utf8) + Data([0, 1, 2, 0xff])

        let response = try await loopbackTransport().send(
            HTTPRequest(
                method: "POST", url: server.url("/api/oauth/token"),
                headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")], body: body))

        #expect(response.status == 201)
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.body == body)
        #expect(received.headers.value(for: "Content-Length") == String(body.count))
        #expect(received.headers.value(for: "Content-Type") == "application/x-www-form-urlencoded")
    }

    @Test(arguments: ["PUT", "DELETE", "PATCH"])
    func otherMethodsAreSentAsTheyAre(method: String) async throws {
        let server = try ScriptedHTTPServer(.respond(httpAnswer("204 No Content")))
        defer { server.stop() }

        let body = method == "DELETE" ? nil : Data(#"{"a":1}"#.utf8)
        let response = try await loopbackTransport().send(HTTPRequest(method: method, url: server.url(), body: body))

        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        let received = try #require(server.requests.first)
        #expect(received.method == method)
        #expect(received.body == (body ?? Data()))
    }

    @Test func headReadsTheHeadersOnly() async throws {
        let server = try ScriptedHTTPServer(.respond("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nX-Probe: 1\r\n\r\n"))
        defer { server.stop() }

        let response = try await loopbackTransport().send(
            HTTPRequest(method: "HEAD", url: server.url(), timeout: .seconds(5)))

        #expect(response.status == 200)
        #expect(response.headers.value(for: "X-Probe") == "1")
        #expect(response.body.isEmpty)
        #expect(server.requests.first?.method == "HEAD")
    }

    @Test(arguments: [401, 403, 500])
    func errorStatusesAreAnswersNotFailures(status: Int) async throws {
        let challenge = #"Bearer realm="piste", error="invalid_token", error_description="expired""#
        let server = try ScriptedHTTPServer(
            .respond(httpAnswer("\(status) Whatever", headers: ["WWW-Authenticate: \(challenge)"], body: "no")))
        defer { server.stop() }

        let response = try await loopbackTransport().send(HTTPRequest(method: "GET", url: server.url()))

        #expect(response.status == status)
        #expect(response.headers.value(for: "www-authenticate") == challenge)
        #expect(response.body == Data("no".utf8))
    }

    @Test func emptyBodyIsAnEmptyAnswer() async throws {
        let server = try ScriptedHTTPServer(.respond(httpAnswer("200 OK")))
        defer { server.stop() }

        let response = try await loopbackTransport().send(HTTPRequest(method: "POST", url: server.url()))

        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(server.requests.first?.headers.value(for: "Content-Length") == "0")
    }

    @Test func interimAnswerHeadersAreDropped() async throws {
        // GIVEN a server that sends an unsolicited 100 Continue before its answer
        let interim = "HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n"
        let server = try ScriptedHTTPServer(.respond(interim + httpAnswer("200 OK", headers: ["X-Final: yes"])))
        defer { server.stop() }

        // WHEN the request is sent
        let response = try await loopbackTransport().send(
            HTTPRequest(method: "POST", url: server.url(), body: Data("x".utf8)))

        // THEN only the final answer's headers are kept
        #expect(response.status == 200)
        #expect(response.headers.value(for: "X-Final") == "yes")
        #expect(response.headers.value(for: "X-Interim") == nil)
    }

    @Test func redirectsAreReturnedNotFollowed() async throws {
        let elsewhere = try ScriptedHTTPServer(.respond(httpAnswer("200 OK", body: "followed")))
        defer { elsewhere.stop() }
        let server = try ScriptedHTTPServer(
            .respond(httpAnswer("302 Found", headers: ["Location: \(elsewhere.url("/next").absoluteString)"])))
        defer { server.stop() }

        let response = try await loopbackTransport().send(HTTPRequest(method: "GET", url: server.url()))

        #expect(response.status == 302)
        #expect(response.headers.value(for: "Location") == elsewhere.url("/next").absoluteString)
        #expect(elsewhere.requests.isEmpty)
    }

    @Test func connectReportsTheLoopbackConnection() async throws {
        let server = try ScriptedHTTPServer(.close)
        defer { server.stop() }

        let report = try await loopbackTransport().connect(to: server.url(), timeout: .seconds(2))

        #expect(report.host == "127.0.0.1")
        #expect(report.port == server.port)
        #expect(report.remoteAddress == "127.0.0.1")
        #expect(report.tlsVersion == nil)
        #expect(report.timings.totalMs > 0)
        #expect(report.timings.connectMs > 0)
    }
}
