import ChorusTransport
import Foundation
import Synchronization

/// A transport that answers from a script: path → answer (404 for a path the script does not name). Records every
/// request it was given. For unit tests; network behaviour is tested against the simulator over loopback.
public final class ScriptedTransport: HTTPTransport {
    public enum Answer: Sendable {
        case json(Int, String, headers: [HTTPHeader] = [])
        case empty(Int, headers: [HTTPHeader] = [])
        case failure(TransportFailure.Kind)
    }

    private let script: [String: Answer]
    private let requests = Mutex<[HTTPRequest]>([])

    /// Called with each request before it is answered (a test moves its clock there, as if the call took time).
    private let onSend: (@Sendable (HTTPRequest) -> Void)?

    public init(_ script: [String: Answer], onSend: (@Sendable (HTTPRequest) -> Void)? = nil) {
        self.script = script
        self.onSend = onSend
    }

    public var sent: [HTTPRequest] { requests.withLock { $0 } }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        requests.withLock { $0.append(request) }
        onSend?(request)
        switch script[request.url.path] ?? .empty(404) {
        case .json(let status, let body, let headers):
            return HTTPResponse(
                status: status, headers: headers + [HTTPHeader("Content-Type", "application/json")],
                body: Data(body.utf8))
        case .empty(let status, let headers):
            return HTTPResponse(status: status, headers: headers)
        case .failure(let kind):
            throw TransportFailure(kind: kind, message: "scripted \(kind.rawValue)")
        }
    }

    public func connect(to url: URL, timeout: Duration) async throws -> ConnectionReport {
        onSend?(HTTPRequest(method: "CONNECT", url: url, timeout: timeout))
        if case .failure(let kind) = script["connect:\(url.host ?? "")"] {
            throw TransportFailure(kind: kind, message: "scripted \(kind.rawValue)")
        }
        return ConnectionReport(host: url.host ?? "", port: 443, remoteAddress: "192.0.2.1")
    }
}
