import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A proxy libcurl will go through, and where that choice came from.
public struct ProxySetting: Sendable, Hashable {
    /// The proxy, without user name or password, with the port libcurl dials filled in (1080 by default, 443 for an
    /// `https://` proxy).
    public var url: URL
    /// `"https_proxy"`, `"ALL_PROXY"`… or `"option"` for `TransportOptions.proxy`.
    public var source: String

    public init(url: URL, source: String) {
        self.url = url
        self.source = source
    }
}

/// Works out the proxy libcurl (7.88) picks for a URL, from the same environment variables, so the doctor can say
/// "proxy in use: …" and blame the proxy when it fails.
///
/// libcurl's rules, reproduced:
/// - `https_proxy` then `HTTPS_PROXY` for https; only lowercase `http_proxy` for http (the uppercase one is ignored
///   for security reasons); then `all_proxy`, then `ALL_PROXY`. An empty variable counts as unset.
/// - `no_proxy`, else `NO_PROXY`: `*` alone exempts every host; entries are separated by commas or blanks; a name
///   matches itself and its subdomains, case-insensitively, leading and trailing dots ignored; IPv4 hosts match
///   IPv4 entries, with an optional `/bits` prefix length. An entry with a port (`host:8080`) matches nothing, and
///   loopback hosts are not exempt unless listed.
/// - `no_proxy` also applies to an explicit proxy option; an explicit empty option turns proxies off.
public enum ProxyEnvironment {
    /// The proxy libcurl would use for `url` from `environment` alone, without user information; nil for none.
    public static func proxy(
        for url: URL, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL? {
        setting(for: url, explicitProxy: nil, environment: environment)?.url
    }

    /// The proxy for `url` given an explicit proxy option (nil: use the environment; empty: no proxy).
    public static func setting(
        for url: URL, explicitProxy: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ProxySetting? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host else { return nil }
        if let explicitProxy, explicitProxy.isEmpty { return nil }
        let noProxy = value("no_proxy", in: environment) ?? value("NO_PROXY", in: environment)
        if let noProxy, isExempt(host: host, noProxy: noProxy) { return nil }

        let (raw, source): (String, String)
        if let explicitProxy {
            (raw, source) = (explicitProxy, "option")
        } else if let found = variable(for: scheme, in: environment) {
            (raw, source) = found
        } else {
            return nil
        }
        return normalizedProxyURL(raw).map { ProxySetting(url: $0, source: source) }
    }

    /// libcurl's `no_proxy` test for one host name or address (brackets around IPv6 allowed).
    public static func isExempt(host: String, noProxy: String) -> Bool {
        if noProxy == "*" { return true }
        var name = RequestPolicy.unbracketed(host).lowercased()
        var v4 = in_addr()
        let isIPv4 = inet_pton(AF_INET, name, &v4) == 1
        if !isIPv4 && name.hasSuffix(".") { name.removeLast() }

        let entries = noProxy.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
        for entry in entries {
            if isIPv4 {
                if matchesIPv4(UInt32(bigEndian: v4.s_addr), entry: String(entry)) { return true }
                continue
            }
            var token = Substring(entry.lowercased())
            if token.hasSuffix(".") { token.removeLast() }
            if token.hasPrefix(".") { token.removeFirst() }
            if token.isEmpty { continue }
            if token == name || name.hasSuffix("." + token) { return true }
        }
        return false
    }

    // MARK: - libcurl's lookup order

    private static func variable(for scheme: String, in environment: [String: String]) -> (String, String)? {
        let lower = scheme + "_proxy"
        var candidates = [lower]
        if lower != "http_proxy" { candidates.append(lower.uppercased()) }
        candidates += ["all_proxy", "ALL_PROXY"]
        for name in candidates {
            if let found = value(name, in: environment) { return (found, name) }
        }
        return nil
    }

    private static func value(_ name: String, in environment: [String: String]) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    private static func matchesIPv4(_ address: UInt32, entry: String) -> Bool {
        let parts = entry.split(separator: "/", maxSplits: 1)
        var network = in_addr()
        guard let first = parts.first, inet_pton(AF_INET, String(first), &network) == 1 else { return false }
        let bits = parts.count == 2 ? Int(parts[1].prefix(while: \.isNumber)) ?? 0 : 0
        guard bits <= 32 else { return false }
        let check = UInt32(bigEndian: network.s_addr)
        guard bits != 0 && bits != 32 else { return address == check }
        let mask = UInt32.max << UInt32(32 - bits)
        return (address ^ check) & mask == 0
    }

    /// `scheme://host:port` of a proxy variable's value: `http` when no scheme is given, user information dropped.
    static func normalizedProxyURL(_ raw: String) -> URL? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if !text.contains("://") { text = "http://" + text }
        let schemeEnd = text.range(of: "://")!.upperBound
        let authorityEnd = text[schemeEnd...].firstIndex(where: { "/?#".contains($0) }) ?? text.endIndex
        var authority = text[schemeEnd..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let scheme = text[..<schemeEnd].dropLast(3).lowercased()
        guard var components = URLComponents(string: "\(scheme)://\(authority)"), let host = components.host,
            !host.isEmpty
        else { return nil }
        if components.port == nil { components.port = scheme == "https" ? 443 : 1080 }
        return components.url
    }
}
