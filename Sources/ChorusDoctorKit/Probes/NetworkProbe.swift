import ChorusTransport
import Foundation

/// Stage 2: DNS, TCP and TLS to the token host and the API host, with timings and the proxy in use.
struct NetworkProbe {
    var config: ValidatedConfig
    var transport: any HTTPTransport
    var environment: [String: String]
    var timeout: Duration
    var deadline: RunDeadline?

    func run(into result: inout StageResult) async {
        var targets: [URL] = [config.tokenURL]
        if config.apiBaseURL.host != config.tokenURL.host || config.apiBaseURL.port != config.tokenURL.port {
            targets.append(config.apiBaseURL)
        }
        for url in targets {
            let host = url.host ?? ""
            if let proxy = ProxyEnvironment.proxy(for: url, environment: environment) {
                result.findings.append(
                    Finding("network.proxy", ["host": host, "proxy": proxy.host ?? proxy.absoluteString]))
                result.facts["proxy.in_use"] = "true"
                result.facts["proxy.host"] = proxy.host ?? ""
            }
            do {
                var limit = timeout
                if let deadline {
                    guard let left = deadline.limit(for: timeout) else { throw deadline.exhausted }
                    limit = left
                }
                let report = try await transport.connect(to: url, timeout: limit)
                let t = report.timings
                var values = [
                    "host": host, "address": report.remoteAddress ?? "?", "dns": Self.ms(t.nameLookupMs),
                    "tcp": Self.ms(t.connectMs - t.nameLookupMs),
                ]
                if url.scheme == "https" {
                    values["tls"] = Self.ms(t.tlsHandshakeMs - t.connectMs)
                    result.findings.append(Finding("network.host_tls", values))
                } else {
                    result.findings.append(Finding("network.host_plain", values))
                }
            } catch let failure as TransportFailure {
                result.status = .fail
                result.facts.merge(AnswerFacts.of(failure)) { $1 }
                result.facts["network.host"] = host
                result.findings.append(
                    Finding(
                        "network.failed", ["host": host, "kind": failure.kind.rawValue, "message": failure.message]))
                // A TLS failure's certificate facts; the names of a libcurl that could not be loaded are the diagnosis'.
                if let detail = failure.detail, failure.kind != .libraryMissing {
                    result.findings.append(Finding("network.detail", ["detail": detail]))
                }
                return
            } catch {
                result.status = .fail
                result.facts["transport.kind"] = "other"
                return
            }
        }
        result.status = .pass
    }

    static func ms(_ value: Double) -> String { String(Int(max(0, value).rounded())) }
}
