import ChorusTransport
import Foundation

/// What `chorus-doctor report` tells support about the latest check of a profile: a ticket draft ready to paste,
/// the connection's identity, every stage, the failing exchange, the diagnosis, what changed since it last worked,
/// the setup checklist and the machine. `report --format json` prints it as schema `chorus-doctor.report/1`
/// (described in DESIGN.md, "Report and bundle"). Built from redacted runs; every text is in `language`, except
/// the ticket draft, in `ticket.language`.
public struct SupportReport: Sendable, Codable, Equatable {
    public static let schemaName = "chorus-doctor.report/1"

    public var schema: String = Self.schemaName
    public var generatedAt: Date
    /// Language of the texts (`en` or `fr`).
    public var language: String
    public var profile: String
    public var ticket: Ticket
    public var run: Run
    public var connection: Connection
    public var stages: [Stage]
    /// The exchange that decided the first failing (or warning) stage; nil when every stage passed.
    public var failingExchange: Exchange?
    /// The diagnosis of the first failing (or warning) stage.
    public var diagnosis: DiagnosisText?
    /// Differences with the last passing run; nil when there is none before this run.
    public var changes: Changes?
    public var checklist: Checklist
    public var system: SystemSnapshot

    /// The draft to paste into a Chorus Pro support ticket (French by default: support works in French). It shows
    /// the identifiers support needs whole (technical login, client id, SIRET, PISTE application, environment) and
    /// no secret.
    public struct Ticket: Sendable, Codable, Equatable {
        public var language: String
        public var subject: String
        public var body: String
        /// Where the ticket is opened: the Chorus Pro portal's page for contacting support.
        public var supportURL: String? = nil
    }

    /// The check the report is about.
    public struct Run: Sendable, Codable, Equatable {
        public var startedAt: Date
        public var durationMs: Double
        /// `pass`, `warn` or `fail`.
        public var status: StageStatus
        public var firstFailure: StageID?
        public var diagnosisId: String?
        public var summary: String
        /// The oldest run of the current streak of failing runs (this run when it is the first failure).
        public var failingSince: Date?
        /// The last run before this one that did not fail.
        public var lastPassingAt: Date?
        public var toolVersion: String
    }

    /// Who connects to what, with identifiers partly masked (the ticket shows them whole).
    public struct Connection: Sendable, Codable, Equatable {
        /// `sandbox` (Chorus Pro qualification) or `production`.
        public var environment: String
        public var pisteApplication: String?
        public var siret: String?
        public var idStructureCpp: String?
        public var clientId: String?
        public var technicalLogin: String?
        public var technicalPasswordExpiry: String?
        public var tokenHost: String?
        public var apiHost: String?
        public var proxyInUse: Bool
        /// The proxy's host and port only (never its credentials).
        public var proxyHost: String?
    }

    /// One stage of the check, with its notes in `language`.
    public struct Stage: Sendable, Codable, Equatable {
        public var id: StageID
        public var status: StageStatus
        public var durationMs: Double
        public var httpStatus: Int?
        /// What the stage saw, or why it was skipped, as sentences.
        public var notes: [String]
    }

    /// One HTTP exchange, redacted: method, URL, status, the relevant headers and a body excerpt.
    public struct Exchange: Sendable, Codable, Equatable {
        public var stage: StageID
        public var method: String
        public var url: String
        public var status: Int?
        public var requestHeaders: [HTTPHeader]
        public var responseHeaders: [HTTPHeader]
        public var bodyExcerpt: String?
        /// The transfer failure when no HTTP answer came.
        public var failure: String?
        public var totalMs: Double
    }

    /// The cause, the candidate causes and the numbered fixes, in `language`.
    public struct DiagnosisText: Sendable, Codable, Equatable {
        public var id: String
        public var stage: StageID
        public var cause: String
        public var candidates: [Candidate]
        public var fixes: [String]
        public var link: String?

        /// One of several causes the platform's bare answer fits.
        public struct Candidate: Sendable, Codable, Equatable {
            public var cause: String
            public var check: String
            public var likely: Bool
        }
    }

    /// "What changed since it last worked".
    public struct Changes: Sendable, Codable, Equatable {
        /// When the last passing run started.
        public var lastPassingAt: Date
        public var items: [Change]
    }

    /// One difference: `field` (stable id), its label in `language`, before and after.
    public struct Change: Sendable, Codable, Equatable {
        public var field: String
        public var label: String
        public var before: String?
        public var after: String?
        /// A sentence when the difference needs one (a password expiry date passed since…).
        public var note: String?
    }

    /// The setup wizard's checklist, as the user declared it.
    public struct Checklist: Sendable, Codable, Equatable {
        public var available: Bool
        public var steps: [SetupChecklistState.Step]
    }
}
