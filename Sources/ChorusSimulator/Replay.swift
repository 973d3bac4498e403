import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

extension Simulator {
    /// Serves the exchanges of `recording` instead of a simulated world (`sim --replay`): each request gets the
    /// answer recorded for the same method and path (the n-th call to a path the n-th answer, the last one
    /// repeating); a call recorded without answer is held unanswered (a timeout) or, for an answer too large,
    /// streamed without end; a path never recorded gets the gateway's bare 404.
    public static func replay(
        _ recording: ReplayRecording, host: String = "127.0.0.1", port: Int = 0, logRequests: Bool = false
    ) async throws -> RunningSimulator {
        let now = Date()
        let connections = ConnectionRegistry()
        let platform = SimulatedPlatform(world: .configured(now: now), now: now, connections: connections)
        return try await serve(
            ReplayResponder(cursor: ReplayCursor(recording), platform: platform, logRequests: logRequests),
            platform: platform, connections: connections, label: "chorus-replay", scenario: .healthy, host: host,
            port: port, now: now)
    }
}

/// Which recorded answer comes next for each method and path.
final class ReplayCursor: Sendable {
    private let calls: [String: [ReplayRecording.Call]]
    private let served = Mutex<[String: Int]>([:])

    init(_ recording: ReplayRecording) {
        calls = Dictionary(grouping: recording.calls) { Self.key($0.method, $0.path) }
    }

    static func key(_ method: String, _ path: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        return method.uppercased() + " " + trimmed
    }

    func next(method: String, path: String) -> ReplayRecording.Call? {
        let key = Self.key(method, path)
        guard let list = calls[key], !list.isEmpty else { return nil }
        let index = served.withLock { counts in
            defer { counts[key, default: 0] += 1 }
            return min(counts[key, default: 0], list.count - 1)
        }
        return list[index]
    }
}

/// Answers from the recording.
struct ReplayResponder: HTTPResponder {
    let cursor: ReplayCursor
    let platform: SimulatedPlatform
    let logRequests: Bool

    /// Headers a replay must not copy: the transfer is framed again by this server.
    static let framing: Set<String> = ["content-length", "transfer-encoding", "connection", "keep-alive"]

    func respond(to request: Request, context: SimulatorRequestContext) async throws -> Response {
        _ = try? await request.body.collect(upTo: 1 << 20)
        guard let call = cursor.next(method: request.method.rawValue, path: request.uri.path) else {
            return WireAnswer.empty(.notFound)
        }
        if logRequests {
            let outcome = call.failure == nil ? String(call.status) : "-"
            FileHandle.standardOutput.write(Data("\(request.method.rawValue) \(request.uri.path) \(outcome)\n".utf8))
        }
        if let failure = call.failure {
            if failure.hasPrefix("answer_too_large") { return Self.endless() }
            return try await platform.holdUnanswered(channel: context.channel)
        }
        var fields = HTTPFields()
        for header in call.headers where !Self.framing.contains(header.name.lowercased()) {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: call.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: call.body)))
    }

    /// An answer that never ends (the recorded one was cut for being too large).
    static func endless() -> Response {
        let chunk = ByteBuffer(repeating: UInt8(ascii: " "), count: 64 * 1024)
        let body = ResponseBody { writer in
            for _ in 0..<4096 { try await writer.write(chunk) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: WireAnswer.jsonContentType], body: body)
    }
}
