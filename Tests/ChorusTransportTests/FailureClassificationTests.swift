import Foundation
import Testing

@testable import ChorusTransport

@Suite("libcurl errors to failure kinds")
struct FailureClassificationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var evidence: CurlFailureEvidence
        var kind: TransportFailure.Kind
        var testDescription: String { "code \(evidence.code) → \(kind)" }
    }

    static let proxy = URL(string: "http://proxy.corp:3128")!

    static let cases: [Case] = [
        Case(evidence: .init(code: 6, message: "Could not resolve host: api.piste.gouv.fr"), kind: .dns),
        Case(evidence: .init(code: 5, message: "Could not resolve proxy: proxy.corp"), kind: .proxy),
        Case(evidence: .init(code: 97, message: "SOCKS: connection refused"), kind: .proxy),
        Case(evidence: .init(code: 7, message: "Couldn't connect to server", osErrno: ECONNREFUSED), kind: .refused),
        Case(evidence: .init(code: 7, message: "Failed to connect: Connection refused"), kind: .refused),
        Case(evidence: .init(code: 7, message: "Couldn't connect to server", osErrno: ENETUNREACH), kind: .connect),
        Case(
            evidence: .init(code: 7, message: "Couldn't connect to server", osErrno: ECONNREFUSED, proxy: proxy),
            kind: .proxy),
        Case(evidence: .init(code: 28, message: "Operation timed out after 1001 milliseconds"), kind: .timeout),
        Case(
            evidence: .init(
                code: 56, message: "CONNECT tunnel failed, response 407", proxyConnectCode: 407,
                proxy: proxy), kind: .proxy),
        Case(evidence: .init(code: 56, message: "Recv failure: Connection reset by peer"), kind: .protocolError),
        Case(
            evidence: .init(code: 56, message: "Recv failure: Connection reset by peer", proxy: proxy),
            kind: .protocolError),
        Case(
            evidence: .init(
                code: 60, message: "SSL certificate problem: certificate has expired",
                verifyResult: 10), kind: .tlsExpired),
        Case(
            evidence: .init(
                code: 60, message: "SSL certificate problem: certificate is not yet valid",
                verifyResult: 9), kind: .tlsExpired),
        Case(
            evidence: .init(
                code: 60,
                message: "SSL: no alternative certificate subject name matches target host "
                    + "name 'api.piste.gouv.fr'"), kind: .tlsHostname),
        Case(
            evidence: .init(
                code: 60,
                message: "SSL certificate problem: self-signed certificate in certificate "
                    + "chain", verifyResult: 19), kind: .tlsUntrusted),
        Case(
            evidence: .init(code: 60, message: "SSL certificate problem: unable to get local issuer certificate"),
            kind: .tlsUntrusted),
        Case(
            evidence: .init(code: 60, message: "SSL certificate problem: certificate revoked", verifyResult: 23),
            kind: .tls),
        Case(evidence: .init(code: 35, message: "OpenSSL SSL_connect: SSL_ERROR_SYSCALL"), kind: .tls),
        Case(evidence: .init(code: 77, message: "error setting certificate file: /nope.pem"), kind: .invalidRequest),
        Case(evidence: .init(code: 52, message: "Empty reply from server"), kind: .protocolError),
        Case(evidence: .init(code: 1, message: "Received HTTP/0.9 when not allowed"), kind: .protocolError),
        Case(evidence: .init(code: 8, message: "Unsupported HTTP version in response"), kind: .protocolError),
        Case(evidence: .init(code: 23, message: "Failure writing output", exceededLimit: true), kind: .answerTooLarge),
        Case(evidence: .init(code: 23, message: "Failure writing output"), kind: .other),
        Case(evidence: .init(code: 63, message: "Maximum file size exceeded"), kind: .answerTooLarge),
        Case(evidence: .init(code: 42, message: "Callback aborted", cancelled: true), kind: .cancelled),
        Case(evidence: .init(code: 42, message: "Callback aborted"), kind: .other),
    ]

    @Test(arguments: cases)
    func kindFollowsTheEvidence(_ example: Case) {
        let failure = TransportFailure(example.evidence)
        #expect(failure.kind == example.kind)
        #expect(failure.curlCode == example.evidence.code)
    }

    @Test func tlsDetailNamesTheVerifyResultAndCertificate() {
        let evidence = CurlFailureEvidence(
            code: 60, message: "SSL certificate problem: self-signed certificate", verifyResult: 18,
            certificate: "subject: CN=api.piste.gouv.fr; issuer: CN=Corporate Inspection CA")
        let failure = TransportFailure(evidence)
        #expect(
            failure.detail == "verify result 18 (self-signed certificate); subject: CN=api.piste.gouv.fr; "
                + "issuer: CN=Corporate Inspection CA")
    }

    @Test func proxyDetailNamesTheProxyAndItsAnswer() {
        let evidence = CurlFailureEvidence(
            code: 56, message: "CONNECT tunnel failed, response 407", proxyConnectCode: 407, proxy: Self.proxy)
        #expect(TransportFailure(evidence).detail == "proxy: http://proxy.corp:3128; CONNECT answered 407")
    }

    @Test func messagesSayWhatHappenedInTheDoctorsTerms() {
        let cancelled = TransportFailure(CurlFailureEvidence(code: 42, message: "Callback aborted", cancelled: true))
        #expect(cancelled.message == "The transfer was cancelled.")
        let tooLarge = TransportFailure(
            CurlFailureEvidence(code: 63, message: "Maximum file size exceeded", limit: 1000))
        #expect(tooLarge.message == "The answer is larger than the 1000-byte limit.")
    }

    @Test func timingsAndMessageAreKept() {
        let timings = TransferTimings(nameLookupMs: 1, connectMs: 2, totalMs: 1000)
        let failure = TransportFailure(CurlFailureEvidence(code: 28, message: "Operation timed out", timings: timings))
        #expect(failure.timings == timings)
        #expect(failure.message == "Operation timed out")
    }

    @Test(arguments: [(1, "1.0"), (2, "1.1"), (3, "2"), (30, "3"), (0, nil)] as [(Int, String?)])
    func httpVersionNames(code: Int, name: String?) {
        #expect(CurlExchange.httpVersionName(code) == name)
    }

    @Test(arguments: [(Duration.seconds(1), 1000), (.milliseconds(1500), 1500), (.zero, 1), (.nanoseconds(1), 1)])
    func durationsBecomeLibcurlMilliseconds(duration: Duration, milliseconds: Int) {
        #expect(CurlEasyHandle.milliseconds(duration) == milliseconds)
    }
}
