import ChorusTransport
import Foundation

/// The fixed stages of a check, in order. Each needs the ones before it.
public enum StageID: String, Sendable, Codable, CaseIterable {
    case config, network, token, gateway, account, structure
}

public enum StageStatus: String, Sendable, Codable, Comparable, CaseIterable {
    case pass, warn, fail, skip

    private var rank: Int {
        switch self {
        case .pass: 0
        case .skip: 1
        case .warn: 2
        case .fail: 3
        }
    }

    public static func < (lhs: StageStatus, rhs: StageStatus) -> Bool { lhs.rank < rhs.rank }
}

/// A localizable line about what a stage saw: a strings key and its placeholders (rendered per language).
public struct Finding: Sendable, Codable, Hashable {
    public var key: String
    public var values: [String: String]

    public init(_ key: String, _ values: [String: String] = [:]) {
        self.key = key
        self.values = values
    }
}

/// One HTTP exchange as kept for `--verbose`, reports and HAR: already redacted, bodies bounded.
public struct RecordedExchange: Sendable, Codable, Hashable {
    public var stage: StageID
    public var label: String
    public var method: String
    public var url: String
    public var requestHeaders: [HTTPHeader]
    public var requestBody: String?
    public var status: Int?
    public var responseHeaders: [HTTPHeader]
    public var responseBody: String?
    /// True when the body was longer than the kept excerpt.
    public var responseBodyTruncated: Bool
    public var failure: String?
    public var startedAt: Date
    public var timings: TransferTimings
}

/// What one stage did and saw.
public struct StageResult: Sendable, Codable {
    public var id: StageID
    public var status: StageStatus
    public var durationMs: Double
    /// The HTTP status that decided the stage, for HTTP stages.
    public var httpStatus: Int?
    /// Facts the diagnosis rules match on (`http.status`, `oauth.error`, `transport.kind`…).
    public var facts: [String: String]
    /// Lines to show under the stage (hosts and timings, structure parameters…).
    public var findings: [Finding]
    /// Why the stage was skipped.
    public var skipReason: Finding?
    public var diagnosis: Diagnosis?
    /// Relevant response headers of the deciding exchange (`WWW-Authenticate`, `Retry-After`…), redacted.
    public var headers: [HTTPHeader]
    /// A bounded, redacted excerpt of the deciding answer's body.
    public var bodyExcerpt: String?

    public init(id: StageID, status: StageStatus, durationMs: Double = 0) {
        self.id = id
        self.status = status
        self.durationMs = durationMs
        self.facts = [:]
        self.findings = []
        self.headers = []
    }
}
