import ChorusTestSupport
import ChorusTransport
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
    private let MSG_NOSIGNAL: Int32 = 0
#endif

/// A request as the scripted server read it off the socket.
struct ReceivedRequest: Sendable {
    var method: String
    var target: String
    var headers: [HTTPHeader]
    var body: Data
}

/// A TCP server on 127.0.0.1 (port chosen by the system) that plays the same script for every connection: the
/// tests' stand-in for a web server, a dead one, or something that is not HTTP at all.
final class ScriptedHTTPServer: Sendable {
    enum Script: Sendable {
        /// Reads the request, then sends these bytes as they are and closes.
        case respond(String)
        /// Reads the request and never answers.
        case hang
        /// Reads the request and closes without a byte.
        case close
        /// Reads the request, sends `head`, then body bytes until the client gives up.
        case endlessBody(head: String)
        /// Reads the request and answers with a line that is not HTTP.
        case garbage
    }

    let port: Int
    private let script: Script
    private let listener: Int32
    private let stopped = Atomic(false)
    private let received = Mutex<[ReceivedRequest]>([])

    init(_ script: Script) throws {
        self.script = script
        (listener, port) = try LoopbackSocket.open(listening: 16)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String = "/") -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    /// Requests read so far, oldest first (recorded before the script acts).
    var requests: [ReceivedRequest] {
        received.withLock { $0 }
    }

    /// Stops accepting (a connection to the port is refused when this returns; nothing waits) and ends hanging or
    /// streaming connections within 50 ms, their threads with them.
    func stop() {
        guard stopped.exchange(true, ordering: .acquiringAndReleasing) == false else { return }
        // Shut down, not closed: the accept loop closes the descriptor itself, so it is never reused under it.
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private var isStopped: Bool {
        stopped.load(ordering: .acquiring)
    }

    // MARK: - Connections

    private func acceptLoop() {
        defer { close(listener) }
        while !isStopped {
            guard waitReadable(listener) else { continue }
            let connection = accept(listener, nil, nil)
            if connection < 0 { continue }
            let thread = Thread { [self] in
                serve(connection)
                close(connection)
            }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        guard let request = readRequest(connection) else { return }
        received.withLock { $0.append(request) }
        switch script {
        case .respond(let text): sendAll(connection, Data(text.utf8))
        case .hang: while !isStopped { usleep(20_000) }
        case .close: return
        case .garbage: sendAll(connection, Data("SSH-2.0-OpenSSH_9.2p1 Debian\r\n".utf8))
        case .endlessBody(let head):
            guard sendAll(connection, Data(head.utf8)) else { return }
            let chunk = Data(repeating: 0x61, count: 64 * 1024)
            while !isStopped && sendAll(connection, chunk) {}
        }
    }

    /// Reads up to the end of the headers, then `Content-Length` body bytes.
    private func readRequest(_ connection: Int32) -> ReceivedRequest? {
        var buffer = Data()
        let separator = Data("\r\n\r\n".utf8)
        var head: String?
        var bodyStart = 0
        var expected = 0
        while true {
            if head == nil, let range = buffer.range(of: separator) {
                head = String(decoding: buffer[..<range.lowerBound], as: UTF8.self)
                bodyStart = range.upperBound
                expected = Self.headers(in: head!).value(for: "Content-Length").flatMap { Int($0) } ?? 0
            }
            if head != nil && buffer.count - bodyStart >= expected { break }
            guard !isStopped, let more = receive(connection) else { return nil }
            buffer.append(more)
        }
        let lines = head!.components(separatedBy: "\r\n")
        let start = lines[0].split(separator: " ")
        guard start.count >= 2 else { return nil }
        return ReceivedRequest(
            method: String(start[0]), target: String(start[1]), headers: Self.headers(in: head!),
            body: buffer.subdata(in: bodyStart..<bodyStart + expected))
    }

    private static func headers(in head: String) -> [HTTPHeader] {
        head.components(separatedBy: "\r\n").dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return HTTPHeader(
                String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }

    // MARK: - POSIX sockets

    private func receive(_ connection: Int32) -> Data? {
        guard waitReadable(connection) else { return Data() }
        var bytes = [UInt8](repeating: 0, count: 16 * 1024)
        let count = recv(connection, &bytes, bytes.count, 0)
        return count > 0 ? Data(bytes[..<count]) : nil
    }

    @discardableResult
    private func sendAll(_ connection: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let sent = send(connection, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }

    /// Waits up to 50 ms; false on timeout, so loops can notice `stop()`.
    private func waitReadable(_ descriptor: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 50) > 0
    }

    /// A socket bound to 127.0.0.1 on a port the system picks, listening or not.
}
