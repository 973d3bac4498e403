import Foundation

/// What `check --all --json` / `check --profiles a,b --json` prints (schema `chorus-doctor.fleet/1`), snake_case keys:
///
/// ```
/// { "schema": "chorus-doctor.fleet/1", "tool_version": "…", "started_at": "…", "duration_ms": 4210.5, "jobs": 8,
///   "summary": { "total": 200, "passed": 198, "warned": 1, "failed": 1, "unavailable": 0 },
///   "profiles": [ { "profile": "acme", "environment": "sandbox",
///                   "status": "fail",             // pass | warn | fail | unavailable (profile file unusable)
///                   "first_failure": "token",     // stage, when failed
///                   "diagnosis_id": "token.invalid-client", "message": "…", "duration_ms": 120.4,
///                   "expiry": { "date": "2027-01-02", "days": 41, "source": "platform" },   // or null
///                   "error": null,                // why the profile could not be checked (unavailable)
///                   "stages": [ { "id": "token", "status": "pass", "duration_ms": 24.1 } ] } ] }
/// ```
/// Profiles are listed by name. Each profile's full report is kept in the state directory as for `check`.
public struct FleetReport: Sendable, Codable {
    public static let schemaName = "chorus-doctor.fleet/1"

    public enum Status: String, Sendable, Codable {
        case pass, warn, fail, unavailable

        /// Table order: what needs attention first.
        var rank: Int {
            switch self {
            case .fail: 0
            case .unavailable: 1
            case .warn: 2
            case .pass: 3
            }
        }
    }

    public struct Expiry: Sendable, Codable {
        public var date: String
        public var days: Int
        public var source: ExpiryWatch.Source
    }

    public struct Row: Sendable, Codable {
        public var profile: String
        public var environment: String?
        public var status: Status
        public var firstFailure: StageID?
        public var diagnosisId: String?
        public var message: String
        public var durationMs: Double
        public var expiry: Expiry?
        public var error: String?
        /// Each stage's outcome (absent when the profile could not be checked).
        public var stages: [Stage]? = nil
    }

    public struct Stage: Sendable, Codable {
        public var id: StageID
        public var status: StageStatus
        public var durationMs: Double
    }

    public struct Summary: Sendable, Codable {
        public var total: Int
        public var passed: Int
        public var warned: Int
        public var failed: Int
        public var unavailable: Int
    }

    public var schema = Self.schemaName
    public var toolVersion = ToolVersion.current
    public var startedAt: Date
    public var durationMs: Double
    public var jobs: Int
    public var summary: Summary
    public var profiles: [Row]

    public init(startedAt: Date, durationMs: Double, jobs: Int, profiles: [Row]) {
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.jobs = jobs
        self.profiles = profiles.sorted { $0.profile < $1.profile }
        func count(_ status: Status) -> Int { profiles.filter { $0.status == status }.count }
        summary = Summary(
            total: profiles.count, passed: count(.pass), warned: count(.warn), failed: count(.fail),
            unavailable: count(.unavailable))
    }

    /// Exit status 1 when any profile failed or could not be checked.
    public var passed: Bool { summary.failed == 0 && summary.unavailable == 0 }
}
