import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything known about a failed libcurl transfer, gathered right after `curl_easy_perform` returned.
///
/// Kept as plain values so the classification into `TransportFailure.Kind` is a pure function, tested without
/// sockets.
struct CurlFailureEvidence: Sendable {
    /// `CURLcode`.
    var code: Int
    /// The error buffer (or `curl_easy_strerror` when empty).
    var message: String
    /// `CURLINFO_SSL_VERIFYRESULT`: OpenSSL's X509 verify code, 0 when verification passed or never ran.
    var verifyResult: Int = 0
    /// `CURLINFO_HTTP_CONNECTCODE`: the proxy's answer to `CONNECT`, 0 when no tunnel was attempted.
    var proxyConnectCode: Int = 0
    /// `CURLINFO_PROXY_ERROR` (`CURLPX_*`), 0 when none.
    var proxyError: Int = 0
    /// `CURLINFO_OS_ERRNO`: the system error behind a connect failure (libcurl 7.88's message no longer names it).
    var osErrno: Int32 = 0
    /// Subject / issuer / expiry of the server certificate, when libcurl gathered them.
    var certificate: String?
    /// The response collector stopped the body at its limit.
    var exceededLimit = false
    /// `HTTPRequest.maxResponseBytes`, for the message.
    var limit: Int?
    /// The caller's task was cancelled.
    var cancelled = false
    /// The proxy libcurl went through, if any.
    var proxy: URL?
    var timings = TransferTimings()
}

/// `CURLcode` values the classification names (stable numbers from curl.h).
enum CurlCode {
    static let unsupportedProtocol = 1
    static let urlMalformed = 3
    static let couldntResolveProxy = 5
    static let couldntResolveHost = 6
    static let couldntConnect = 7
    static let weirdServerReply = 8
    static let http2 = 16
    static let partialFile = 18
    static let writeError = 23
    static let operationTimedOut = 28
    static let abortedByCallback = 42
    static let badFunctionArgument = 43
    static let gotNothing = 52
    static let sendError = 55
    static let receiveError = 56
    static let badContentEncoding = 61
    static let fileSizeExceeded = 63
    static let caBundleUnreadable = 77
    static let http2Stream = 92
    static let http3 = 95
    static let proxy = 97
    /// Handshake and certificate failures: 35 connect error, 60 verification, and the other `CURLE_SSL_*` codes.
    static let tls: Set<Int> = [35, 53, 54, 58, 59, 60, 64, 66, 80, 82, 83, 90, 91, 98]
    static let brokenExchange: Set<Int> = [
        unsupportedProtocol, weirdServerReply, http2, partialFile, gotNothing, sendError, receiveError,
        badContentEncoding, http2Stream, http3,
    ]
}

/// OpenSSL X509 verify results the diagnosis tells apart (from `openssl/x509_vfy.h`).
enum X509VerifyResult {
    static let expired: Set<Int> = [9, 10]
    static let hostnameMismatch = 62
    static let untrusted: Set<Int> = [2, 18, 19, 20, 21]
    static let names: [Int: String] = [
        2: "unable to get issuer certificate", 9: "certificate is not yet valid", 10: "certificate has expired",
        18: "self-signed certificate", 19: "self-signed certificate in certificate chain",
        20: "unable to get local issuer certificate", 21: "unable to verify the first certificate",
        62: "hostname mismatch",
    ]
}

extension TransportFailure {
    /// Classifies a failed libcurl transfer for diagnosis.
    init(_ evidence: CurlFailureEvidence) {
        let (kind, detail) = Self.classify(evidence)
        let message =
            switch (kind, evidence.limit) {
            case (.cancelled, _): "The transfer was cancelled."
            case (.answerTooLarge, let limit?): "The answer is larger than the \(limit)-byte limit."
            default: evidence.message
            }
        self.init(kind: kind, message: message, curlCode: evidence.code, detail: detail, timings: evidence.timings)
    }

    private static func classify(_ e: CurlFailureEvidence) -> (Kind, String?) {
        let text = e.message.lowercased()
        let proxyDetail = e.proxy.map { "proxy: \($0.absoluteString)" }
        if e.cancelled { return (.cancelled, nil) }
        if e.proxyError != 0 || (e.proxyConnectCode != 0 && !(200..<300).contains(e.proxyConnectCode)) {
            let answer = e.proxyConnectCode != 0 ? "CONNECT answered \(e.proxyConnectCode)" : nil
            return (.proxy, [proxyDetail, answer].compactMap { $0 }.joined(separator: "; "))
        }
        switch e.code {
        case CurlCode.couldntResolveHost: return (.dns, nil)
        case CurlCode.couldntResolveProxy, CurlCode.proxy: return (.proxy, proxyDetail)
        case CurlCode.couldntConnect:
            if e.proxy != nil { return (.proxy, proxyDetail) }
            let system = e.osErrno != 0 ? "\(String(cString: strerror(e.osErrno))) (errno \(e.osErrno))" : nil
            if e.osErrno == ECONNREFUSED || text.contains("connection refused") { return (.refused, system) }
            if e.osErrno == ETIMEDOUT || text.contains("timed out") { return (.timeout, system) }
            return (.connect, system)
        case CurlCode.operationTimedOut: return (.timeout, proxyDetail)
        case CurlCode.writeError: return (e.exceededLimit ? .answerTooLarge : .other, nil)
        case CurlCode.fileSizeExceeded: return (.answerTooLarge, nil)
        case CurlCode.abortedByCallback: return (.other, nil)
        case CurlCode.caBundleUnreadable: return (.invalidRequest, "the CA bundle could not be read")
        case CurlCode.urlMalformed, CurlCode.badFunctionArgument: return (.invalidRequest, nil)
        case _ where CurlCode.tls.contains(e.code): return (tlsKind(e, text), tlsDetail(e))
        case CurlCode.receiveError where e.proxy != nil && (e.message.contains("CONNECT") || text.contains("proxy")):
            return (.proxy, proxyDetail)
        case _ where CurlCode.brokenExchange.contains(e.code): return (.protocolError, nil)
        default: return (.other, nil)
        }
    }

    private static func tlsKind(_ e: CurlFailureEvidence, _ text: String) -> Kind {
        if X509VerifyResult.expired.contains(e.verifyResult) { return .tlsExpired }
        if e.verifyResult == X509VerifyResult.hostnameMismatch { return .tlsHostname }
        if X509VerifyResult.untrusted.contains(e.verifyResult) { return .tlsUntrusted }
        let hostname = ["no alternative certificate subject name matches", "does not match target host name"]
        let expired = ["certificate has expired", "certificate is not yet valid"]
        let untrusted = [
            "self-signed", "self signed", "unable to get local issuer", "unable to get issuer",
            "unable to verify the first certificate",
        ]
        if hostname.contains(where: text.contains) { return .tlsHostname }
        if expired.contains(where: text.contains) { return .tlsExpired }
        if untrusted.contains(where: text.contains) { return .tlsUntrusted }
        return .tls
    }

    private static func tlsDetail(_ e: CurlFailureEvidence) -> String? {
        var parts: [String] = []
        if e.verifyResult != 0 {
            let name = X509VerifyResult.names[e.verifyResult].map { " (\($0))" } ?? ""
            parts.append("verify result \(e.verifyResult)\(name)")
        }
        if let certificate = e.certificate { parts.append(certificate) }
        if let proxy = e.proxy { parts.append("proxy: \(proxy.absoluteString)") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
