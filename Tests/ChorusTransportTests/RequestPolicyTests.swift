import Foundation
import Testing

@testable import ChorusTransport

@Suite("What the transport refuses before sending")
struct RequestPolicyTests {
    @Test(arguments: [
        "localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.8.9.10", "127.255.255.255", "::1", "[::1]",
        "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1",
    ])
    func loopbackHosts(host: String) {
        #expect(CurlTransport.isLoopbackHost(host))
    }

    @Test(arguments: [
        "example.com", "localhost.example.com", "127.0.0.1.example.com", "foo.localhost", "128.0.0.1",
        "10.0.0.1", "0.0.0.0", "127.1", "::", "::2", "::ffff:10.0.0.1", "", "[::1", "api.piste.gouv.fr",
    ])
    func otherHosts(host: String) {
        #expect(!CurlTransport.isLoopbackHost(host))
    }

    @Test(arguments: [
        ("https://api.piste.gouv.fr/cpro", "https", "api.piste.gouv.fr", 443),
        ("https://api.piste.gouv.fr:8443/", "https", "api.piste.gouv.fr", 8443),
        ("http://localhost/", "http", "localhost", 80),
        ("http://[::1]:8080/", "http", "::1", 8080),
        ("HTTP://127.0.0.1:9/", "http", "127.0.0.1", 9),
    ])
    func destinations(url: String, scheme: String, host: String, port: Int) throws {
        let destination = try RequestPolicy.check(URL(string: url)!)
        #expect(destination == RequestPolicy.Destination(scheme: scheme, host: host, port: port))
    }

    @Test(arguments: [
        "http://api.piste.gouv.fr/", "http://10.0.0.1/", "ftp://localhost/", "file:///tmp/x", "https:///nohost",
    ])
    func refusedURLs(url: String) {
        #expect(throws: TransportFailure.self) { try RequestPolicy.check(URL(string: url)!) }
    }

    @Test(arguments: [
        HTTPRequest(method: "GET POST", url: URL(string: "https://x.example/")!),
        HTTPRequest(method: "", url: URL(string: "https://x.example/")!),
        HTTPRequest(method: "GET", url: URL(string: "https://x.example/")!, headers: [HTTPHeader("Bad Name", "1")]),
        HTTPRequest(method: "GET", url: URL(string: "https://x.example/")!, headers: [HTTPHeader("A", "1\nB: 2")]),
        HTTPRequest(method: "GET", url: URL(string: "https://x.example/")!, maxResponseBytes: -1),
    ])
    func refusedRequests(request: HTTPRequest) {
        let failure = #expect(throws: TransportFailure.self) { try RequestPolicy.check(request) }
        #expect(failure?.kind == .invalidRequest)
    }
}
