import ChorusTransport
import Foundation

/// The tool's version, shown in reports and kept with every run.
public enum ToolVersion {
    public static let current = "0.1.0"
}

/// The result of one `check`: what `--json` prints (schema `chorus-doctor.check/1`) and what the state
/// directory keeps. Already redacted.
public struct CheckReport: Sendable, Codable {
    public static let schemaName = "chorus-doctor.check/1"

    public var schema: String = Self.schemaName
    public var toolVersion: String = ToolVersion.current
    public var profile: String
    public var environment: String
    public var language: String
    public var tokenHost: String?
    public var apiHost: String?
    /// Proxy host in use, if any (never its credentials).
    public var proxy: String?
    public var startedAt: Date
    public var durationMs: Double
    public var stages: [StageResult]
    public var summary: Summary
    /// Non-secret facts about the configuration, to tell what changed between runs.
    public var fingerprint: [String: String]
    /// The HTTP exchanges, redacted (kept in state; printed with `--verbose`).
    public var exchanges: [RecordedExchange]
    /// In a kept run, the `Redactor.rulesVersion` the run store redacted it with; nil in what `check` prints, and in
    /// runs kept before the rules were numbered (those are redacted again when loaded, see `RunStore.load`).
    public var redactionRules: Int?

    public struct Summary: Sendable, Codable {
        public var status: StageStatus
        public var firstFailure: StageID?
        public var diagnosisId: String?
        public var message: String
    }

    public var passed: Bool { summary.status != .fail }

    public func stage(_ id: StageID) -> StageResult? { stages.first { $0.id == id } }

    /// Stable JSON: snake_case keys, ISO 8601 dates, sorted keys.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .internetDateTime
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The run store's encoder: as `encoder()`, the stages' rule matches kept (see `StageResult`'s coding).
    public static func keepingEncoder() -> JSONEncoder {
        let encoder = encoder()
        encoder.userInfo[.keepsRuleMatches] = true
        return encoder
    }

    /// The report with every diagnosis in words, in `strings`' language: what `--json` prints.
    public func worded(_ strings: Strings) -> CheckReport {
        var worded = self
        for index in worded.stages.indices {
            worded.stages[index].diagnosisText = worded.stages[index].diagnosis(in: strings)
        }
        return worded
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .internetDateTime
        return decoder
    }
}
