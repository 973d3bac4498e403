import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the transport refuses before anything leaves the machine.
///
/// Only `http` and `https` are spoken; plain `http` only to a loopback host, so secrets never cross a network in
/// clear text; header names and values may not smuggle extra lines.
enum RequestPolicy {
    /// Where a checked URL leads.
    struct Destination: Equatable {
        var scheme: String
        var host: String
        var port: Int
    }

    static func check(_ url: URL) throws(TransportFailure) -> Destination {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw refusal("Only http and https URLs are supported (got \(url.scheme ?? "no scheme")).")
        }
        guard let rawHost = url.host, !rawHost.isEmpty else {
            throw refusal("The URL has no host.")
        }
        let host = unbracketed(rawHost)
        if scheme == "http" && !CurlTransport.isLoopbackHost(host) {
            throw refusal("Plain http is only allowed to this machine (loopback); use https for \(host).")
        }
        return Destination(scheme: scheme, host: host, port: url.port ?? (scheme == "https" ? 443 : 80))
    }

    static func check(_ request: HTTPRequest) throws(TransportFailure) {
        _ = try check(request.url)
        let method = request.method
        guard !method.isEmpty, method.unicodeScalars.allSatisfy(isTokenCharacter) else {
            throw refusal("The HTTP method \"\(method)\" is not a valid token.")
        }
        for header in request.headers {
            guard !header.name.isEmpty, header.name.unicodeScalars.allSatisfy(isTokenCharacter) else {
                throw refusal("The header name \"\(header.name)\" is not a valid token.")
            }
            guard !header.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw refusal("The value of header \(header.name) contains a line break.")
            }
        }
        guard request.maxResponseBytes >= 0 else {
            throw refusal("maxResponseBytes must not be negative.")
        }
    }

    static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    private static func refusal(_ message: String) -> TransportFailure {
        TransportFailure(kind: .invalidRequest, message: message)
    }

    /// RFC 9110 `tchar`.
    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", ".", "^", "_", "`", "|", "~": true
        default: false
        }
    }
}

extension CurlTransport {
    /// True when `host` names this machine: `localhost`, an IPv4 address in 127.0.0.0/8, or `::1` (bracketed or not,
    /// IPv4-mapped loopback included).
    ///
    /// Numeric forms must be canonical (`127.0.0.1`, not `127.1`); other names are never trusted, even if a resolver
    /// would map them to loopback.
    public static func isLoopbackHost(_ host: String) -> Bool {
        var name = RequestPolicy.unbracketed(host).lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" { return true }

        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        if let zone = name.firstIndex(of: "%") { name = String(name[..<zone]) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, name, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        let isLoopback = bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] == 1
        let isMappedLoopback =
            bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
            && bytes[12] == 127
        return isLoopback || isMappedLoopback
    }
}
