import ChorusTransport
import Foundation

/// The HTTP exchanges of a run as an HTTP Archive (HAR 1.2), which browsers' developer tools open.
///
/// Exchanges are kept redacted and bounded: bodies are excerpts (`content.comment` says when one was cut), so
/// `bodySize` is -1 (not known) and `content.size` is the excerpt's; the HTTP version is the one libcurl speaks to
/// PISTE (1.1); a transfer that got no answer has status 0 and the failure in `response._error` (the custom-field
/// convention browsers use).
public struct HARDocument: Sendable, Codable, Equatable {
    public var log: Log

    /// The root object's `log`.
    public struct Log: Sendable, Codable, Equatable {
        public var version = "1.2"
        public var creator: Creator
        public var entries: [Entry]
        public var comment: String?
    }

    /// The tool that wrote the file.
    public struct Creator: Sendable, Codable, Equatable {
        public var name: String
        public var version: String
    }

    /// A header, cookie or query parameter.
    public struct NameValue: Sendable, Codable, Equatable {
        public var name: String
        public var value: String
    }

    /// One exchange.
    public struct Entry: Sendable, Codable, Equatable {
        public var startedDateTime: String
        public var time: Double
        public var request: Request
        public var response: Response
        public var cache: [String: String] = [:]
        public var timings: Timings
        public var comment: String?
    }

    /// What was sent, redacted.
    public struct Request: Sendable, Codable, Equatable {
        public var method: String
        public var url: String
        public var httpVersion: String
        public var cookies: [NameValue] = []
        public var headers: [NameValue]
        public var queryString: [NameValue]
        public var postData: PostData?
        public var headersSize = -1
        public var bodySize: Int
    }

    /// The request body (an excerpt, redacted).
    public struct PostData: Sendable, Codable, Equatable {
        public var mimeType: String
        public var text: String
    }

    /// What came back, redacted; status 0 when nothing did.
    public struct Response: Sendable, Codable, Equatable {
        public var status: Int
        public var statusText: String
        public var httpVersion: String
        public var cookies: [NameValue] = []
        public var headers: [NameValue]
        public var content: Content
        public var redirectURL: String
        public var headersSize = -1
        public var bodySize: Int
        /// Why no answer came (`response._error` in the file).
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case status, statusText, httpVersion, cookies, headers, content, redirectURL, headersSize, bodySize
            case error = "_error"
        }
    }

    /// The answer body (an excerpt, redacted).
    public struct Content: Sendable, Codable, Equatable {
        public var size: Int
        public var mimeType: String
        public var text: String?
        public var comment: String?
    }

    /// Milliseconds; -1 where a phase does not apply. `ssl` is also counted in `connect`, as HAR 1.2 asks.
    public struct Timings: Sendable, Codable, Equatable {
        public var blocked: Double = -1
        public var dns: Double
        public var connect: Double
        public var send: Double
        public var wait: Double
        public var receive: Double
        public var ssl: Double
    }

    /// The HAR of `exchanges` (already redacted when recorded).
    public init(exchanges: [RecordedExchange], toolVersion: String = ToolVersion.current, comment: String? = nil) {
        log = Log(
            creator: Creator(name: "chorus-doctor", version: toolVersion), entries: exchanges.map(Self.entry),
            comment: comment)
    }

    /// The document as JSON text (HAR's own camelCase keys).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func entry(_ exchange: RecordedExchange) -> Entry {
        let timings = timings(exchange.timings)
        let total = [timings.dns, timings.connect, timings.send, timings.wait, timings.receive].filter { $0 >= 0 }
            .reduce(0, +)
        let requestBody = exchange.requestBody ?? ""
        let request = Request(
            method: exchange.method, url: exchange.url, httpVersion: "HTTP/1.1",
            headers: exchange.requestHeaders.map(pair),
            queryString: (URLComponents(string: exchange.url)?.queryItems ?? []).map {
                NameValue(name: $0.name, value: $0.value ?? "")
            },
            postData: requestBody.isEmpty
                ? nil
                : PostData(mimeType: exchange.requestHeaders.value(for: "Content-Type") ?? "", text: requestBody),
            bodySize: -1)
        let body = exchange.responseBody ?? ""
        let response = Response(
            status: exchange.status ?? 0, statusText: exchange.status.map(statusText) ?? "",
            httpVersion: exchange.status == nil ? "" : "HTTP/1.1", headers: exchange.responseHeaders.map(pair),
            content: Content(
                size: body.utf8.count, mimeType: exchange.responseHeaders.value(for: "Content-Type") ?? "x-unknown",
                text: body.isEmpty ? nil : body,
                comment: exchange.responseBodyTruncated ? "excerpt: the first \(body.utf8.count) bytes" : nil),
            redirectURL: exchange.responseHeaders.value(for: "Location") ?? "",
            bodySize: -1, error: exchange.failure)
        return Entry(
            startedDateTime: ISO8601DateFormatter.string(
                from: exchange.startedAt, timeZone: TimeZone(identifier: "UTC")!,
                formatOptions: [.withInternetDateTime, .withFractionalSeconds]),
            time: total, request: request, response: response, timings: timings,
            comment: "\(exchange.stage.rawValue) · \(exchange.label)")
    }

    static func timings(_ t: TransferTimings) -> Timings {
        let connected = t.tlsHandshakeMs > 0 ? t.tlsHandshakeMs : t.connectMs
        return Timings(
            dns: max(0, t.nameLookupMs), connect: max(0, connected - t.nameLookupMs), send: 0,
            wait: max(0, t.firstByteMs - connected), receive: max(0, t.totalMs - max(t.firstByteMs, connected)),
            ssl: t.tlsHandshakeMs > 0 ? max(0, t.tlsHandshakeMs - t.connectMs) : -1)
    }

    static func pair(_ header: HTTPHeader) -> NameValue { NameValue(name: header.name, value: header.value) }

    static func statusText(_ status: Int) -> String {
        let texts = [
            200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently", 302: "Found",
            304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 408: "Request Timeout", 413: "Content Too Large", 415: "Unsupported Media Type",
            429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Timeout",
        ]
        return texts[status] ?? ""
    }
}
