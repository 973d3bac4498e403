import ChorusTransport
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The machine a report comes from: tool, OS, libcurl and its TLS library, the CA bundle, which proxy variables
/// are set. Proxy variables are listed by name only: their values can hold credentials.
public struct SystemSnapshot: Sendable, Codable, Equatable {
    public var toolVersion: String
    /// `PRETTY_NAME` of `/etc/os-release`, or the system name.
    public var os: String
    /// `uname`: system, release, machine.
    public var kernel: String
    public var libcurl: String
    public var tlsBackend: String
    /// The profile's `ca_bundle`; nil when libcurl's built-in default (the system's CA store) is used.
    public var caBundle: String?
    /// Names of the proxy variables set (never their values).
    public var proxyVariables: [String]

    public init(
        toolVersion: String, os: String, kernel: String, libcurl: String, tlsBackend: String, caBundle: String?,
        proxyVariables: [String]
    ) {
        self.toolVersion = toolVersion
        self.os = os
        self.kernel = kernel
        self.libcurl = libcurl
        self.tlsBackend = tlsBackend
        self.caBundle = caBundle
        self.proxyVariables = proxyVariables
    }

    /// The variables libcurl reads for proxies, in the order it reads them.
    public static let proxyVariableNames = [
        "https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY",
    ]

    /// This process's machine; `caBundle` is the profile's `ca_bundle`, if any.
    public static func current(environment: [String: String], caBundle: String?) -> SystemSnapshot {
        SystemSnapshot(
            toolVersion: ToolVersion.current, os: operatingSystem(), kernel: kernel(), libcurl: CurlVersion.description,
            tlsBackend: CurlVersion.tlsBackend, caBundle: caBundle,
            proxyVariables: proxyVariableNames.filter { !(environment[$0] ?? "").isEmpty })
    }

    static func operatingSystem() -> String {
        for path in ["/etc/os-release", "/usr/lib/os-release"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
                return line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
            }
        }
        return ProcessInfo.processInfo.operatingSystemVersionString
    }

    static func kernel() -> String {
        var name = utsname()
        guard uname(&name) == 0 else { return "unknown" }
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return "\(field(name.sysname)) \(field(name.release)) \(field(name.machine))"
    }
}
