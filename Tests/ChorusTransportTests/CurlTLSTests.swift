import ChorusTransport
import Foundation
import Testing

@Suite("TLS verification against openssl s_server", .enabled(if: TLSTestServer.openssl != nil, "needs openssl"))
struct CurlTLSTests {
    private static let localNames = "DNS:localhost,IP:127.0.0.1"

    private func transport(trusting server: TLSTestServer?) -> CurlTransport {
        loopbackTransport(TransportOptions(caBundlePath: server?.certificatePath, proxy: ""))
    }

    @Test(.tlsServer(Self.localNames)) func unknownAuthorityIsUntrusted() async throws {
        // GIVEN a self-signed server and the system's usual authorities only (what TLS interception looks like)
        let server = try #require(TLSTestServer.current)

        // WHEN the doctor calls it
        let failure = await #expect(throws: TransportFailure.self) {
            try await transport(trusting: nil).send(HTTPRequest(method: "GET", url: server.url, timeout: .seconds(5)))
        }

        // THEN the certificate is reported as not trusted, with OpenSSL's reason
        #expect(failure?.kind == .tlsUntrusted)
        #expect(failure?.curlCode == 60)
        #expect(failure?.detail?.contains("verify result 18") == true)
    }

    @Test(.tlsServer(Self.localNames)) func trustedBundleLetsTheRequestThrough() async throws {
        let server = try #require(TLSTestServer.current)

        let response = try await transport(trusting: server).send(
            HTTPRequest(method: "GET", url: server.url, timeout: .seconds(5)))

        #expect(response.status == 200)
        #expect(!response.body.isEmpty)
        #expect(response.timings.tlsHandshakeMs >= response.timings.connectMs)
        #expect(response.timings.tlsHandshakeMs > 0)
    }

    @Test(.tlsServer("DNS:other.example")) func certificateForAnotherNameIsAHostnameFailure() async throws {
        let server = try #require(TLSTestServer.current)

        let failure = await #expect(throws: TransportFailure.self) {
            try await transport(trusting: server).send(
                HTTPRequest(method: "GET", url: server.url, timeout: .seconds(5)))
        }

        #expect(failure?.kind == .tlsHostname)
        #expect(failure?.detail?.contains("issuer:") == true)
    }

    @Test(.tlsServer(Self.localNames, days: -1)) func expiredCertificateIsReportedAsExpired() async throws {
        let server = try #require(TLSTestServer.current)

        let failure = await #expect(throws: TransportFailure.self) {
            try await transport(trusting: server).send(
                HTTPRequest(method: "GET", url: server.url, timeout: .seconds(5)))
        }

        #expect(failure?.kind == .tlsExpired)
        #expect(failure?.detail?.contains("verify result 10") == true)
    }

    @Test(.tlsServer(Self.localNames)) func connectCompletesTheHandshakeAndNamesTheProtocol() async throws {
        let server = try #require(TLSTestServer.current)

        let report = try await transport(trusting: server).connect(to: server.url, timeout: .seconds(5))

        #expect(report.port == server.port)
        #expect(report.remoteAddress == "127.0.0.1")
        #expect(report.tlsVersion?.hasPrefix("TLSv1.") == true)
        #expect(report.timings.tlsHandshakeMs > 0)
    }

    @Test(.tlsServer(Self.localNames)) func connectRefusesAnUntrustedCertificate() async throws {
        let server = try #require(TLSTestServer.current)

        let failure = await #expect(throws: TransportFailure.self) {
            try await transport(trusting: nil).connect(to: server.url, timeout: .seconds(5))
        }

        #expect(failure?.kind == .tlsUntrusted)
    }

    @Test(.tlsServer(Self.localNames)) func unreadableCABundleIsAnInvalidOption() async throws {
        let server = try #require(TLSTestServer.current)
        let transport = loopbackTransport(TransportOptions(caBundlePath: "/nonexistent/chorus-ca.pem", proxy: ""))

        let failure = await #expect(throws: TransportFailure.self) {
            try await transport.send(HTTPRequest(method: "GET", url: server.url, timeout: .seconds(5)))
        }

        #expect(failure?.kind == .invalidRequest)
        #expect(failure?.curlCode == 77)
    }
}
