import CCurl
import Foundation

/// One request and its answer over a fresh easy handle; runs on a transfer thread.
struct CurlExchange: Sendable {
    let request: HTTPRequest
    let options: TransportOptions
    /// The proxy libcurl will use, for classifying failures.
    let proxy: URL?

    func run(cancellation: CancellationFlag) -> Result<HTTPResponse, TransportFailure> {
        guard !cancellation.isCancelled else { return .failure(.cancelled()) }
        guard let easy = CurlEasyHandle() else {
            return .failure(TransportFailure(kind: .other, message: "libcurl could not create a transfer handle."))
        }
        let collector = ResponseCollector(limit: request.maxResponseBytes)
        easy.applyCommonSettings(
            url: request.url, timeout: request.timeout, connectTimeout: options.connectTimeout, options: options,
            cancellation: cancellation)
        if request.maxResponseBytes > 0 {
            // Stops early when Content-Length already says too much (0 would mean "no limit" to libcurl).
            easy.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(request.maxResponseBytes))
        }
        applyMethodAndBody(to: easy)
        easy.setHeaderLines(headerLines())
        let collectorPointer = Unmanaged.passUnretained(collector).toOpaque()
        easy.set(CURLOPT_WRITEFUNCTION, callback: collectBody)
        easy.set(CURLOPT_WRITEDATA, pointer: collectorPointer)
        easy.set(CURLOPT_HEADERFUNCTION, callback: collectHeaderLine)
        easy.set(CURLOPT_HEADERDATA, pointer: collectorPointer)
        if let refused = easy.refusedFailure() { return .failure(refused) }

        let code = withExtendedLifetime(collector) { withExtendedLifetime(cancellation) { easy.perform() } }
        guard code == CURLE_OK else {
            var evidence = easy.failureEvidence(code: code, cancellation: cancellation, proxy: proxy)
            evidence.exceededLimit = collector.exceededLimit
            evidence.limit = collector.limit
            return .failure(TransportFailure(evidence))
        }
        return .success(
            HTTPResponse(
                status: easy.long(CURLINFO_RESPONSE_CODE), headers: collector.headers, body: collector.body,
                timings: easy.timings, remoteAddress: easy.string(CURLINFO_PRIMARY_IP),
                httpVersion: Self.httpVersionName(easy.long(CURLINFO_HTTP_VERSION))))
    }

    /// GET and HEAD use libcurl's own modes; POST, PUT and PATCH always carry a body (possibly empty, so a
    /// `Content-Length: 0` goes out); other methods carry one when given. The body is copied into libcurl.
    private func applyMethodAndBody(to easy: CurlEasyHandle) {
        let method = request.method
        let body = request.body ?? (["POST", "PUT", "PATCH"].contains(method) ? Data() : nil)
        switch (method, body) {
        case ("GET", nil): easy.set(CURLOPT_HTTPGET, 1)
        case ("HEAD", _): easy.set(CURLOPT_NOBODY, 1)
        default:
            if let body {
                // The size goes first: without it COPYPOSTFIELDS would stop at the first zero byte.
                easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
                var bytes = [UInt8](body)
                if bytes.isEmpty { bytes = [0] }
                bytes.withUnsafeBytes { easy.set(CURLOPT_COPYPOSTFIELDS, pointer: $0.baseAddress) }
            }
            if method != "POST" { easy.set(CURLOPT_CUSTOMREQUEST, method) }
        }
    }

    /// `Name: value` lines; `Name;` sends an empty value. An empty `Expect:` stops libcurl's 100-continue wait
    /// unless the caller asked for it.
    private func headerLines() -> [String] {
        var lines = request.headers.map { $0.value.isEmpty ? "\($0.name);" : "\($0.name): \($0.value)" }
        if request.headers.value(for: "Expect") == nil { lines.append("Expect:") }
        return lines
    }

    /// `CURLINFO_HTTP_VERSION` (`CURL_HTTP_VERSION_1_0` = 1, `_1_1` = 2, `_2_0` = 3, `_3` = 30) as text.
    static func httpVersionName(_ version: Int) -> String? {
        [1: "1.0", 2: "1.1", 3: "2", 30: "3"][version]
    }
}

extension CurlEasyHandle {
    /// Settings every transfer shares: the URL, http(s) only, no redirects, TLS verification on, timeouts, CA
    /// bundle, proxy, the cancellation hook, certificate facts for diagnosis.
    func applyCommonSettings(
        url: URL, timeout: Duration, connectTimeout: Duration, options: TransportOptions,
        cancellation: CancellationFlag
    ) {
        set(CURLOPT_URL, url.absoluteString)
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        set(CURLOPT_FOLLOWLOCATION, 0)
        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        set(CURLOPT_CERTINFO, 1)
        set(CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout))
        set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connectTimeout))
        if let caBundlePath = options.caBundlePath { set(CURLOPT_CAINFO, caBundlePath) }
        if let proxy = options.proxy { set(CURLOPT_PROXY, proxy) }
        set(CURLOPT_NOPROGRESS, 0)
        set(CURLOPT_XFERINFOFUNCTION, progress: abortWhenCancelled)
        set(CURLOPT_XFERINFODATA, pointer: Unmanaged.passUnretained(cancellation).toOpaque())
    }

    /// A duration as libcurl milliseconds, at least 1 (0 would mean "no limit").
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let total = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return max(1, Int(min(total.rounded(.up), Double(Int32.max))))
    }

    /// The failure to report when libcurl refused one of the settings: the transfer is not attempted.
    func refusedFailure() -> TransportFailure? {
        guard let refused = refusedOption else { return nil }
        let reason = String(cString: chorus_curl_easy_strerror(refused.code))
        return TransportFailure(
            kind: .invalidRequest, message: "libcurl refused option \(refused.option): \(reason)",
            curlCode: Int(refused.code.rawValue))
    }

    /// What libcurl knows about a failed transfer.
    func failureEvidence(code: CURLcode, cancellation: CancellationFlag, proxy: URL?) -> CurlFailureEvidence {
        CurlFailureEvidence(
            code: Int(code.rawValue), message: errorMessage(for: code), verifyResult: long(CURLINFO_SSL_VERIFYRESULT),
            proxyConnectCode: long(CURLINFO_HTTP_CONNECTCODE), proxyError: long(CURLINFO_PROXY_ERROR),
            osErrno: Int32(truncatingIfNeeded: long(CURLINFO_OS_ERRNO)), certificate: certificateSummary,
            cancelled: cancellation.isCancelled, proxy: proxy, timings: timings)
    }
}
