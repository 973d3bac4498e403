import ChorusTransport
import Foundation

/// What `flow status --json` and `flow watch --json` print (schema `chorus-doctor.flow/1`), snake_case keys:
///
/// ```
/// { "schema": "chorus-doctor.flow/1", "tool_version": "…", "profile": "…", "environment": "sandbox",
///   "numero_flux_depot": "CPP…", "found": true,
///   "state": "IN_REJETE", "final": true, "outcome": "rejected",   // pending|integrated|partial|rejected|incident
///   "meaning": "…", "action": "…",
///   "state_changed_at": "…", "deposited_at": "…", "file_name": "…", "interface_code": "FSO1100A",
///   "payment_request_errors": [ { "invoice": "F-1", "supplier": "…", "recipient": "…", "message": "…",
///                                 "explanation": { Diagnosis } | null } ],
///   "technical_errors": [ { "code": "…", "nature": "…", "message": "…", "explanation": … } ],
///   "problem": { CallProblem } | null,
///   "watch": { "polls": 3, "elapsed_ms": 2400, "timed_out": false } | null,   // flow watch only
///   "exchanges": [ … ] }   // --verbose only, redacted
/// ```
/// Dates are the platform's, as it wrote them.
public struct DepositReport: Sendable, Codable {
    public static let schemaName = "chorus-doctor.flow/1"

    public struct ListedError: Sendable, Codable {
        /// `numeroDP` (payment request errors).
        public var invoice: String?
        public var supplier: String?
        public var recipient: String?
        /// `codeErreur` (technical errors).
        public var code: String?
        public var nature: String?
        /// `libelleErreurDP` or `libelleErreur`, as the platform wrote it.
        public var message: String
        /// What it means and how to fix it; nil when no rule recognises it.
        public var explanation: Diagnosis?
    }

    public struct Watch: Sendable, Codable {
        public var polls: Int
        public var elapsedMs: Double
        public var timedOut: Bool
    }

    public var schema = Self.schemaName
    public var toolVersion = ToolVersion.current
    public var profile: String
    public var environment: String
    public var numeroFluxDepot: String
    public var found = false
    public var state: String?
    public var final = false
    public var outcome: DepositStates.Outcome?
    public var meaning: String?
    public var action: String?
    public var stateChangedAt: String?
    public var depositedAt: String?
    public var fileName: String?
    public var interfaceCode: String?
    public var paymentRequestErrors: [ListedError] = []
    public var technicalErrors: [ListedError] = []
    public var problem: CallProblem?
    public var watch: Watch?
    public var exchanges: [RecordedExchange]?

    public init(profile: String, environment: String, numeroFluxDepot: String) {
        self.profile = profile
        self.environment = environment
        self.numeroFluxDepot = numeroFluxDepot
    }

    /// Something is wrong: the flow is unknown, needs action, or the call failed (exit status 1).
    public var needsAttention: Bool {
        problem != nil || !found || (outcome?.needsAction ?? false) || (watch?.timedOut ?? false)
    }
}

/// Reads a flow's detailed report (`transverses/v1/consulterCRDetaille`) into a `DepositReport`.
struct DepositReader: Sendable {
    var explainer: Explainer?
    var states: DepositStates
    var language: Language

    /// One call; the report gets the state and errors, or the problem.
    func read(_ report: inout DepositReport, session: PlatformSession, syntax: String?) async -> CallProblem? {
        var body: [String: Any] = ["numeroFluxDepot": report.numeroFluxDepot]
        if let syntax { body["syntaxeFlux"] = syntax }
        let reply = await session.post(
            "/cpro/transverses/v1/consulterCRDetaille", body, stage: .account, label: "flow-report")
        if reply.isNothingFound || reply.isUnknownFlow {
            report.found = false
            report.problem = nil
            return nil
        }
        guard let object = reply.document else {
            return CallProblem(
                reply, call: "flow-report", api: "transverses", explainer: explainer, language: language)
        }
        fill(&report, object)
        return nil
    }

    func fill(_ report: inout DepositReport, _ object: [String: Any]) {
        report.found = true
        report.problem = nil
        let code = (object["etatCourantDepotFlux"] ?? object["etatCourantFlux"]) as? String ?? ""
        let entry = states.state(code)
        report.state = code
        report.final = entry.final
        report.outcome = entry.outcome
        report.meaning = entry.meaning.text(language).replacingOccurrences(of: "{state}", with: code)
        report.action = entry.action.text(language)
        report.stateChangedAt = object["dateHeureEtatCourantFlux"] as? String
        report.depositedAt = object["dateDepotFlux"] as? String
        report.fileName = object["nomFichier"] as? String
        report.interfaceCode = object["codeInterfaceDepotFlux"] as? String
        report.paymentRequestErrors = AnswerFacts.list(object["listeErreurDP"]).map { entry in
            let message = entry["libelleErreurDP"] as? String ?? ""
            return DepositReport.ListedError(
                invoice: entry["numeroDP"] as? String, supplier: entry["identifiantFournisseur"] as? String,
                recipient: entry["identifiantDestinataire"] as? String, message: message,
                explanation: explainer?.explain(message: message, language: language).diagnosis)
        }
        report.technicalErrors = AnswerFacts.list(object["listeErreurTechnique"]).map { entry in
            let message = entry["libelleErreur"] as? String ?? ""
            return DepositReport.ListedError(
                code: entry["codeErreur"] as? String, nature: entry["natureErreur"] as? String, message: message,
                explanation: explainer?.explain(message: message, language: language).diagnosis)
        }
    }
}
