import CCurl
import Foundation

/// The production `HTTPTransport`: libcurl, with the safety rules the doctor relies on.
///
/// - Each transfer gets its own easy handle and runs `curl_easy_perform` on a dedicated thread, never on the Swift
///   cooperative pool; cancelling the calling task aborts the transfer (`.cancelled`).
/// - Only `http` and `https`; plain `http` only to loopback (`isLoopbackHost`), refused with `.invalidRequest`
///   before anything is sent. Redirects are never followed: a 3xx comes back as a response.
/// - TLS verification is always on; `TransportOptions.caBundlePath` only replaces the trusted authorities.
/// - `TransportOptions.proxy`: nil lets libcurl read `https_proxy`, `no_proxy`… from the environment; an empty
///   string turns proxies off (what the loopback simulator wants); `no_proxy` applies to an explicit proxy too.
/// - libcurl errors become `TransportFailure` kinds, with the X509 verify result, certificate facts or proxy in
///   `detail`, and the timings up to the failure.
public final class CurlTransport: HTTPTransport {
    /// Options shared by every transfer of this transport.
    public let options: TransportOptions

    /// Creates a transport. libcurl is opened and initialised for the process at the first transfer; when it cannot
    /// be opened, every transfer fails with `.libraryMissing`.
    public init(options: TransportOptions = .init()) {
        self.options = options
    }

    /// Sends one request; HTTP error statuses are responses. Throws only `TransportFailure`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try RequestPolicy.check(request)
        try checkReady()
        let exchange = CurlExchange(request: request, options: options, proxy: proxy(for: request.url))
        return try await TransferThread.run { exchange.run(cancellation: $0) }
    }

    /// Resolves, connects and, for https, completes the TLS handshake (certificate verified), then hangs up.
    ///
    /// `timeout` bounds the whole probe. The port defaults to 443 for https and 80 for http; `tlsVersion` holds
    /// libcurl's summary of the negotiated protocol and cipher ("TLSv1.3 / TLS_AES_256_GCM_SHA384").
    public func connect(to url: URL, timeout: Duration) async throws -> ConnectionReport {
        let destination = try RequestPolicy.check(url)
        try checkReady()
        let probe = CurlConnectionProbe(
            url: url, destination: destination, timeout: timeout, options: options, proxy: proxy(for: url))
        return try await TransferThread.run { probe.run(cancellation: $0) }
    }

    /// The proxy libcurl will use for `url`, from the options or the process environment.
    public func proxy(for url: URL) -> URL? {
        ProxyEnvironment.setting(for: url, explicitProxy: options.proxy)?.url
    }

    private func checkReady() throws(TransportFailure) {
        if Task.isCancelled { throw .cancelled() }
        try CurlRuntime.ready()
    }
}

/// DNS, TCP and TLS to one host without a request (`CURLOPT_CONNECT_ONLY`); runs on a transfer thread.
struct CurlConnectionProbe: Sendable {
    let url: URL
    let destination: RequestPolicy.Destination
    let timeout: Duration
    let options: TransportOptions
    let proxy: URL?

    func run(cancellation: CancellationFlag) -> Result<ConnectionReport, TransportFailure> {
        guard !cancellation.isCancelled else { return .failure(.cancelled()) }
        guard let easy = CurlEasyHandle() else {
            return .failure(TransportFailure(kind: .other, message: "libcurl could not create a transfer handle."))
        }
        let connectTimeout = min(timeout, options.connectTimeout)
        easy.applyCommonSettings(
            url: url, timeout: timeout, connectTimeout: connectTimeout, options: options, cancellation: cancellation)
        easy.set(CURLOPT_CONNECT_ONLY, 1)
        // Verbose text goes to the debug callback only, which keeps the TLS summary line and nothing else.
        let notes = HandshakeNotes()
        easy.set(CURLOPT_DEBUGFUNCTION, debug: noteHandshake)
        easy.set(CURLOPT_DEBUGDATA, pointer: Unmanaged.passUnretained(notes).toOpaque())
        easy.set(CURLOPT_VERBOSE, 1)
        if let refused = easy.refusedFailure() { return .failure(refused) }

        let code = withExtendedLifetime(notes) { withExtendedLifetime(cancellation) { easy.perform() } }
        guard code == CURLE_OK else {
            let evidence = easy.failureEvidence(code: code, cancellation: cancellation, proxy: proxy)
            return .failure(TransportFailure(evidence))
        }
        return .success(
            ConnectionReport(
                host: destination.host, port: destination.port, remoteAddress: easy.string(CURLINFO_PRIMARY_IP),
                timings: easy.timings, tlsVersion: destination.scheme == "https" ? notes.tlsVersion : nil))
    }
}
