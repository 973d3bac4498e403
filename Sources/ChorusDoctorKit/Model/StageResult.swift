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
public struct StageResult: Sendable {
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
    /// The diagnosis of a failing or warning stage, in no language: worded at output (`diagnosis(in:)`).
    public var diagnosis: RuleMatch?
    /// The diagnosis in words, only where words are written: the `--json` document (`CheckReport.worded`), or a
    /// run kept by a version that stored words only.
    public var diagnosisText: Diagnosis?
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

extension StageResult {
    /// The diagnosis in `strings`' language, worded from its rule; a run kept with words only shows them.
    public func diagnosis(in strings: Strings) -> Diagnosis? {
        guard let match = diagnosis else { return nil }
        return strings.diagnosis(match) ?? diagnosisText
    }
}

extension CodingUserInfoKey {
    /// Set to true, a `StageResult` is encoded with its `rule_match` (the run store keeps it; documents do not).
    public static let keepsRuleMatches = CodingUserInfoKey(rawValue: "chorus-doctor.keeps-rule-matches")!
}

/// In JSON, `diagnosis` is the diagnosis in words (the `--json` document's `check/1` shape); a kept run adds
/// `rule_match`, the diagnosis in no language. A run kept before rule matches were kept has words only, and reads.
extension StageResult: Codable {
    enum CodingKeys: String, CodingKey {
        case id, status, durationMs, httpStatus, facts, findings, skipReason, diagnosis, ruleMatch, headers
        case bodyExcerpt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(StageID.self, forKey: .id)
        status = try container.decode(StageStatus.self, forKey: .status)
        durationMs = try container.decode(Double.self, forKey: .durationMs)
        httpStatus = try container.decodeIfPresent(Int.self, forKey: .httpStatus)
        facts = try container.decode([String: String].self, forKey: .facts)
        findings = try container.decode([Finding].self, forKey: .findings)
        skipReason = try container.decodeIfPresent(Finding.self, forKey: .skipReason)
        diagnosisText = try container.decodeIfPresent(Diagnosis.self, forKey: .diagnosis)
        diagnosis =
            try container.decodeIfPresent(RuleMatch.self, forKey: .ruleMatch) ?? diagnosisText.map(RuleMatch.init)
        headers = try container.decode([HTTPHeader].self, forKey: .headers)
        bodyExcerpt = try container.decodeIfPresent(String.self, forKey: .bodyExcerpt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(status, forKey: .status)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encodeIfPresent(httpStatus, forKey: .httpStatus)
        try container.encode(facts, forKey: .facts)
        try container.encode(findings, forKey: .findings)
        try container.encodeIfPresent(skipReason, forKey: .skipReason)
        try container.encodeIfPresent(diagnosisText, forKey: .diagnosis)
        if encoder.userInfo[.keepsRuleMatches] as? Bool == true {
            try container.encodeIfPresent(diagnosis, forKey: .ruleMatch)
        }
        try container.encode(headers, forKey: .headers)
        try container.encodeIfPresent(bodyExcerpt, forKey: .bodyExcerpt)
    }
}
