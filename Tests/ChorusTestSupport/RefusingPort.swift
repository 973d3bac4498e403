import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP port that refuses connections for as long as this value lives: bound, never listened on. A port
/// bound then released ("closed") can be taken by another suite's server before the test connects to it; this one
/// cannot, because it stays bound. Keep the value alive until the last connection attempt (`withExtendedLifetime`
/// or a use after it).
public final class RefusingPort: Sendable {
    public let port: Int
    private let descriptor: Int32

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Unavailable(description: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw Unavailable(description: "bind 127.0.0.1:0: \(reason)")
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// `http://127.0.0.1:<port>` (or another host naming loopback).
    public func url(host: String = "127.0.0.1", path: String = "") -> String { "http://\(host):\(port)\(path)" }

    deinit { close(descriptor) }
}
