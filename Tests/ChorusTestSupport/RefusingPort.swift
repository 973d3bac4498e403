import Foundation

#if canImport(Glibc)
    import Glibc
    private let streamSocket = Int32(SOCK_STREAM.rawValue)
#elseif canImport(Darwin)
    import Darwin
    private let streamSocket = SOCK_STREAM
#endif

/// A TCP socket on 127.0.0.1, on a port the system picks: what the test servers listen on, and what a refused port
/// is made of.
public enum LoopbackSocket {
    /// The socket bound, listening with `backlog` (nil: bound only, never listened on), and its port.
    public static func open(listening backlog: Int32?) throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, streamSocket, 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && (backlog.map { listen(descriptor, $0) == 0 } ?? true)
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard descriptor >= 0, bound else {
            close(descriptor)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }
}

/// A loopback TCP port that refuses connections for as long as this value lives: bound, never listened on. A port
/// bound then released ("closed") can be taken by another suite's server before the test connects to it; this one
/// cannot, because it stays bound. Keep the value alive until the last connection attempt (`withExtendedLifetime`
/// or a use after it).
public final class RefusingPort: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        (descriptor, port) = try LoopbackSocket.open(listening: nil)
    }

    /// `http://127.0.0.1:<port>` (or another host naming loopback).
    public func url(host: String = "127.0.0.1", path: String = "") -> String { "http://\(host):\(port)\(path)" }

    deinit { close(descriptor) }
}
