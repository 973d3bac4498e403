import ChorusTransport
import Foundation
import Testing

/// The transport of a test context that was given none: a test that forgot to stub the network fails, loudly and
/// by name, instead of reaching whatever answers (or hanging on a DNS lookup). Every call records an issue naming
/// the URL and the fix, then fails as a refused request.
public struct UnstubbedTransport: HTTPTransport {
    private let sourceLocation: SourceLocation

    /// `sourceLocation`: where the context was made (the issue points there).
    public init(sourceLocation: SourceLocation) {
        self.sourceLocation = sourceLocation
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        throw unstubbed("\(request.method) \(request.url.absoluteString)")
    }

    public func connect(to url: URL, timeout: Duration) async throws -> ConnectionReport {
        throw unstubbed("CONNECT \(url.absoluteString)")
    }

    private func unstubbed(_ call: String) -> TransportFailure {
        Issue.record(
            """
            \(call) reached a test context without a transport: give it `transport:` (a ScriptedTransport) or \
            `loopback: true` (libcurl, for a server on 127.0.0.1)
            """, sourceLocation: sourceLocation)
        return TransportFailure(kind: .invalidRequest, message: "no transport in this test (\(call))")
    }
}
