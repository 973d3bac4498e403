import ChorusTransport
import Foundation
import Synchronization

/// Everything one check sent and received, redacted at the moment it is recorded.
public final class ExchangeLog: Sendable {
    private let entries = Mutex<[RecordedExchange]>([])
    public init() {}
    public func append(_ exchange: RecordedExchange) { entries.withLock { $0.append(exchange) } }

    /// Puts one stage's exchanges in the given label order (concurrent calls finish in any order; reports and
    /// HAR files must not depend on it). Labels not listed keep their place after the listed ones.
    public func order(stage: StageID, labels: [String]) {
        entries.withLock { all in
            let rank = { (label: String) in labels.firstIndex(of: label) ?? labels.count }
            let indices = all.indices.filter { all[$0].stage == stage }
            let sorted = indices.map { all[$0] }.enumerated().sorted {
                (rank($0.element.label), $0.offset) < (rank($1.element.label), $1.offset)
            }.map(\.element)
            for (index, exchange) in zip(indices, sorted) { all[index] = exchange }
        }
    }
    public var all: [RecordedExchange] { entries.withLock { $0 } }
}

/// The outcome of one call: an HTTP answer (whatever its status) or a transfer failure.
public enum CallOutcome: Sendable {
    /// An answer, its header values already through the run's redactor (`PlatformClient.call` redacts them as they
    /// come in): what reads them, records them or keeps them passes them on without redacting them again.
    case response(HTTPResponse)
    case failure(TransportFailure)

    public var response: HTTPResponse? {
        if case .response(let response) = self { return response }
        return nil
    }
}

/// Builds PISTE / Chorus Pro requests, sends them through the transport and records them (redacted).
public struct PlatformClient: Sendable {
    public var transport: any HTTPTransport
    public var redactor: Redactor
    public var log: ExchangeLog
    public var timeout: Duration
    public var clock: any TimeSource
    /// When set, every call ends at this run's deadline, and none starts after it (`check --timeout`).
    public var deadline: RunDeadline?
    /// Bytes of each body kept in the record.
    public static let excerptLimit = 2048

    public init(
        transport: any HTTPTransport, redactor: Redactor, log: ExchangeLog, timeout: Duration, clock: any TimeSource
    ) {
        self.transport = transport
        self.redactor = redactor
        self.log = log
        self.timeout = timeout
        self.clock = clock
    }

    /// The two credentials every Chorus Pro call carries.
    public static func chorusHeaders(token: Secret, login: String, password: Secret) -> [HTTPHeader] {
        [
            HTTPHeader("Authorization", "Bearer \(token.value)"),
            HTTPHeader("cpro-account", Data("\(login):\(password.value)".utf8).base64EncodedString()),
            HTTPHeader("Content-Type", "application/json;charset=utf-8"),
            HTTPHeader("Accept", "application/json;charset=utf-8"),
        ]
    }

    /// `base` + `path`, keeping any path the base URL already has.
    public static func endpoint(_ base: URL, _ path: String) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text + path)!
    }

    public func call(_ request: HTTPRequest, stage: StageID, label: String) async -> CallOutcome {
        let started = clock.now()
        var request = request
        if let deadline {
            guard let limit = deadline.limit(for: request.timeout) else {
                let outcome = CallOutcome.failure(deadline.exhausted)
                log.append(record(request, outcome, stage: stage, label: label, started: started))
                return outcome
            }
            request.timeout = limit
        }
        let outcome: CallOutcome
        do {
            var response = try await transport.send(request)
            // Header values are redacted before anything parses them: a secret holding a quote would otherwise
            // leave its first part in a parsed `WWW-Authenticate` parameter. Bodies stay whole (tokens are read
            // from them) and are redacted wherever they are shown.
            response.headers = redactor.redact(response.headers)
            outcome = .response(response)
        } catch let failure as TransportFailure {
            outcome = .failure(failure)
        } catch {
            outcome = .failure(TransportFailure(kind: .other, message: String(describing: error)))
        }
        log.append(record(request, outcome, stage: stage, label: label, started: started))
        return outcome
    }

    func record(_ request: HTTPRequest, _ outcome: CallOutcome, stage: StageID, label: String, started: Date)
        -> RecordedExchange
    {
        let requestBody = request.body.map { redactor.excerpt($0, limit: Self.excerptLimit) }
        var exchange = RecordedExchange(
            stage: stage, label: label, method: request.method, url: redactor.redact(request.url.absoluteString),
            requestHeaders: redactor.redact(request.headers), requestBody: requestBody, status: nil,
            responseHeaders: [], responseBody: nil, responseBodyTruncated: false, failure: nil, startedAt: started,
            timings: TransferTimings())
        switch outcome {
        case .response(let response):
            exchange.status = response.status
            // Redacted by `call` as they came in, before anything read them.
            exchange.responseHeaders = response.headers
            exchange.responseBody = redactor.excerpt(response.body, limit: Self.excerptLimit)
            exchange.responseBodyTruncated = response.body.count > Self.excerptLimit
            exchange.timings = response.timings
        case .failure(let failure):
            exchange.failure = redactor.redact("\(failure.kind.rawValue): \(failure.message)")
            exchange.timings = failure.timings
        }
        return exchange
    }
}
