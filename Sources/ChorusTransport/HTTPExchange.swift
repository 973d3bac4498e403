import Foundation

/// One HTTP header line, kept in order (the same name may appear twice).
public struct HTTPHeader: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// First value of a header, compared case-insensitively.
    public func value(for name: String) -> String? {
        first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A request the probes want sent. Bodies are small JSON or form documents.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [HTTPHeader]
    public var body: Data?
    /// Whole-transfer limit, connection included.
    public var timeout: Duration
    /// Answers larger than this are cut and reported as `TransportFailure.Kind.answerTooLarge`.
    public var maxResponseBytes: Int

    public init(
        method: String, url: URL, headers: [HTTPHeader] = [], body: Data? = nil,
        timeout: Duration = .seconds(15), maxResponseBytes: Int = 2 * 1024 * 1024
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }
}

/// Where the time of one transfer went, in milliseconds from its start (libcurl's `*_TIME_T` values).
public struct TransferTimings: Sendable, Codable, Hashable {
    public var nameLookupMs: Double
    public var connectMs: Double
    /// TLS handshake finished (0 for plain http).
    public var tlsHandshakeMs: Double
    public var firstByteMs: Double
    public var totalMs: Double

    public init(
        nameLookupMs: Double = 0, connectMs: Double = 0, tlsHandshakeMs: Double = 0, firstByteMs: Double = 0,
        totalMs: Double = 0
    ) {
        self.nameLookupMs = nameLookupMs
        self.connectMs = connectMs
        self.tlsHandshakeMs = tlsHandshakeMs
        self.firstByteMs = firstByteMs
        self.totalMs = totalMs
    }
}

/// What came back. A 4xx or 5xx is a response, not a failure: diagnosis reads it.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: Data
    public var timings: TransferTimings
    /// Remote address libcurl connected to, when known.
    public var remoteAddress: String?
    /// "1.1", "2" … when known.
    public var httpVersion: String?

    public init(
        status: Int, headers: [HTTPHeader] = [], body: Data = Data(), timings: TransferTimings = TransferTimings(),
        remoteAddress: String? = nil, httpVersion: String? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.timings = timings
        self.remoteAddress = remoteAddress
        self.httpVersion = httpVersion
    }
}

/// A transfer that produced no usable HTTP answer, classified for diagnosis.
public struct TransportFailure: Error, Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Host name did not resolve.
        case dns
        /// TCP connection refused (nothing listens there).
        case refused
        /// TCP connect failed otherwise (unreachable network, reset).
        case connect
        /// Connect or whole-transfer timeout.
        case timeout
        /// Certificate not trusted (unknown or self-signed issuer: typical of TLS interception).
        case tlsUntrusted = "tls_untrusted"
        /// Certificate does not name the host.
        case tlsHostname = "tls_hostname"
        /// Certificate expired or not yet valid.
        case tlsExpired = "tls_expired"
        /// Any other TLS handshake failure.
        case tls
        /// The proxy refused, failed to resolve, or demanded authentication.
        case proxy
        /// The answer exceeded `HTTPRequest.maxResponseBytes`.
        case answerTooLarge = "answer_too_large"
        /// The peer closed the connection or sent something that is not HTTP.
        case protocolError = "protocol"
        /// The URL or an option was refused before anything was sent.
        case invalidRequest = "invalid_request"
        /// The caller's task was cancelled.
        case cancelled
        /// libcurl itself could not be opened (not installed, or lacking a function): nothing was sent.
        case libraryMissing = "library_missing"
        case other
    }

    public var kind: Kind
    /// libcurl's own message (its error buffer), safe to show: it never contains headers or bodies.
    public var message: String
    /// libcurl's `CURLcode`, when the failure came from libcurl.
    public var curlCode: Int?
    /// Extra facts: the certificate issuer or verify result for TLS failures, the proxy host for proxy ones.
    public var detail: String?
    /// Timings up to the failure (for a timeout: how long we waited).
    public var timings: TransferTimings

    public init(
        kind: Kind, message: String, curlCode: Int? = nil, detail: String? = nil,
        timings: TransferTimings = TransferTimings()
    ) {
        self.kind = kind
        self.message = message
        self.curlCode = curlCode
        self.detail = detail
        self.timings = timings
    }
}

/// DNS + TCP + TLS to one host, without sending a request (the `network` stage).
public struct ConnectionReport: Sendable, Codable, Hashable {
    public var host: String
    public var port: Int
    public var remoteAddress: String?
    public var timings: TransferTimings
    /// Negotiated TLS version and cipher when libcurl tells it ("TLSv1.3" …); nil for plain http.
    public var tlsVersion: String?

    public init(
        host: String, port: Int, remoteAddress: String? = nil, timings: TransferTimings = TransferTimings(),
        tlsVersion: String? = nil
    ) {
        self.host = host
        self.port = port
        self.remoteAddress = remoteAddress
        self.timings = timings
        self.tlsVersion = tlsVersion
    }
}

/// Options every transfer shares.
public struct TransportOptions: Sendable, Hashable {
    /// A PEM bundle of extra trusted authorities (for a corporate proxy that re-signs TLS). Verification stays on.
    public var caBundlePath: String?
    /// Connect timeout (DNS + TCP + TLS).
    public var connectTimeout: Duration
    /// Explicit proxy URL; nil means libcurl's usual environment variables (`https_proxy`, `no_proxy`…).
    public var proxy: String?

    public init(caBundlePath: String? = nil, connectTimeout: Duration = .seconds(10), proxy: String? = nil) {
        self.caBundlePath = caBundlePath
        self.connectTimeout = connectTimeout
        self.proxy = proxy
    }
}

/// The seam between the doctor and the network: libcurl in production, a scripted fake in unit tests.
public protocol HTTPTransport: Sendable {
    /// Sends one request. Throws only `TransportFailure`; HTTP error statuses are returned as responses.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
    /// Resolves, connects and (for https) completes the TLS handshake, then hangs up.
    func connect(to url: URL, timeout: Duration) async throws -> ConnectionReport
}
