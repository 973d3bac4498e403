import ChorusTestSupport
import Foundation

#if canImport(Glibc)
    import Glibc

    private let streamSocket = Int32(SOCK_STREAM.rawValue)
    private let sendFlags = Int32(MSG_NOSIGNAL)
#elseif canImport(Darwin)
    import Darwin

    private let streamSocket = SOCK_STREAM
    private let sendFlags: Int32 = 0
#endif

/// `send(2)`, under a name the client's own `send` does not shadow.
private func writeSocket(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    send(descriptor, bytes, count, sendFlags)
}

/// One HTTP/1.1 answer as it came off the socket.
struct Reply: Sendable {
    var status: Int
    /// Header lines in order, names as sent.
    var headers: [(name: String, value: String)]
    /// The decoded body (de-chunked), up to the client's keep limit.
    var body: Data
    /// Bytes of body received in all (raw, before de-chunking when chunked).
    var rawBodyCount: Int
    /// The last raw bytes received, for bodies too large to keep.
    var rawTail: Data

    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSONDocument? { JSONDocument.parse(body) }
}

enum WireError: Error {
    case connect(Int32)
    case timedOut
    case malformed
}

/// A minimal HTTP/1.1 client over POSIX sockets, one connection per request (`Connection: close`), blocking I/O on
/// a thread of its own so the cooperative pool stays free for the server under test.
enum WireClient {
    static func send(
        _ method: String, port: Int, path: String, headers: [(String, String)] = [], body: Data? = nil,
        timeout: Double = 5, keepBytes: Int = 4 << 20
    ) async throws -> Reply {
        try await OwnThread.run {
            try perform(method, port, path, headers, body, timeout: timeout, keepBytes: keepBytes)
        }
    }

    private static func perform(
        _ method: String, _ port: Int, _ path: String, _ headers: [(String, String)], _ body: Data?,
        timeout: Double, keepBytes: Int
    ) throws -> Reply {
        let descriptor = try openConnection(port: port, timeout: timeout)
        defer { close(descriptor) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        var request = Data((head + "\r\n").utf8)
        if let body { request.append(body) }
        try request.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let sent = writeSocket(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                guard sent > 0 else { throw WireError.timedOut }
                offset += sent
            }
        }
        return try readReply(descriptor, keepBytes: keepBytes)
    }

    private static func openConnection(port: Int, timeout: Double) throws -> Int32 {
        let descriptor = socket(AF_INET, streamSocket, 0)
        guard descriptor >= 0 else { throw WireError.connect(errno) }
        var limit = timeval(tv_sec: .init(timeout), tv_usec: .init((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            let code = errno
            close(descriptor)
            throw WireError.connect(code)
        }
        return descriptor
    }

    /// Reads to end of stream: the server closes after answering a `Connection: close` request.
    private static func readReply(_ descriptor: Int32, keepBytes: Int) throws -> Reply {
        var received = Data()
        var headEnd: Int?
        var rawBodyCount = 0
        var tail = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = recv(descriptor, &chunk, chunk.count, 0)
            if count < 0 { throw WireError.timedOut }
            if count == 0 { break }
            let bytes = chunk[0..<count]
            if headEnd == nil {
                received.append(contentsOf: bytes)
                if let range = received.range(of: Data("\r\n\r\n".utf8)) {
                    headEnd = range.upperBound
                    rawBodyCount = received.count - range.upperBound
                }
            } else {
                rawBodyCount += count
                if received.count < keepBytes + (headEnd ?? 0) { received.append(contentsOf: bytes) }
            }
            tail.append(contentsOf: bytes)
            if tail.count > 512 { tail = tail.suffix(256) }
        }
        guard let headEnd else { throw WireError.malformed }
        let headText = String(decoding: received[..<headEnd], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw WireError.malformed }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var reply = Reply(
            status: status, headers: headers, body: Data(received[headEnd...]),
            rawBodyCount: rawBodyCount, rawTail: tail)
        if reply.header("Transfer-Encoding")?.lowercased() == "chunked" {
            reply.body = dechunk(reply.body)
        }
        return reply
    }

    /// Decodes as much of a chunked body as was kept.
    private static func dechunk(_ raw: Data) -> Data {
        var body = Data()
        var index = raw.startIndex
        while let lineEnd = raw[index...].range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: raw[index..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";")[0], radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            let end = min(start + size, raw.endIndex)
            body.append(raw[start..<end])
            index = min(end + 2, raw.endIndex)
        }
        return body
    }
}
