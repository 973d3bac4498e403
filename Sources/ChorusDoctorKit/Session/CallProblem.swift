import ChorusTransport
import Foundation

/// A Chorus Pro call that did not give what was asked, explained by `checklists/explain.yaml`.
///
/// In JSON (`lookup --json`, `flow --json`): `{ "call": "structure-search", "http_status": 403, "code_retour": null,
/// "libelle": null, "transport": null, "diagnosis": { … } }`.
public struct CallProblem: Error, Sendable, Codable {
    /// The operation's label (`structure-search`, `flow-report`…), as in the recorded exchanges.
    public var call: String
    public var httpStatus: Int?
    public var codeRetour: Int?
    public var libelle: String?
    /// The transfer failure kind, when no HTTP answer came (`timeout`, `dns`…).
    public var transport: String?
    /// What a `Retry-After` header asked for, in seconds.
    public var retryAfter: Int?
    public var diagnosis: Diagnosis?

    /// Reads a Chorus Pro call that did not give what was asked, as the reply parsed it (`codeRetour` sent as a
    /// number or a text alike); `api` is the Chorus Pro API called (`structures`, `transverses`…).
    public init(_ reply: ChorusReply, call: String, api: String, explainer: Explainer?, language: Language) {
        let facts = MessageFacts.of(reply: reply, api: api)
        self.call = call
        httpStatus = reply.httpStatus
        codeRetour = reply.codeRetour
        libelle = reply.libelle
        transport = facts["transport.kind"]
        retryAfter = facts["retry_after"].flatMap { Int($0) }
        diagnosis = explainer?.explain(facts: facts, language: language)
    }

    /// Worth trying again later: throttling, overload, maintenance, or a transfer that timed out or was cut.
    public var isTransient: Bool {
        if let status = httpStatus { return [429, 500, 502, 503, 504].contains(status) }
        return ["timeout", "connect", "refused", "protocol"].contains(transport ?? "")
    }

    /// The gateway may no longer accept the token (it lives one hour): worth one new token. The text of an
    /// expired token's 401 is unverified, so any 401 but a refusal of the technical account counts.
    public var tokenExpired: Bool {
        httpStatus == 401 && diagnosis?.id != "http.technical-account"
    }
}

/// Lines for the problems `lookup` and `flow` meet, shared so they read the same.
public enum SessionText {
    /// "Could not start: the token stage failed" with what it saw and its diagnosis.
    public static func unavailable(_ ctx: DoctorContext, _ error: PlatformSession.Unavailable, profile: String)
        -> String
    {
        let renderer = CheckTextRenderer(strings: ctx.strings, style: ctx.style, verbose: false)
        var lines = [
            ctx.style.red(ctx.strings("session.unavailable", ["stage": error.stage.rawValue, "profile": profile]))
        ]
        lines += error.result.findings.map { "  " + ctx.style.dim(ctx.strings($0.key, $0.values)) }
        lines += renderer.evidence(error.result).map { "  " + $0 }
        if let diagnosis = error.result.diagnosis(in: ctx.strings) {
            lines += renderer.render(diagnosis).map { "  " + $0 }
        }
        lines.append(ctx.strings("session.run_check", ["profile": profile]))
        return lines.joined(separator: "\n") + "\n"
    }

    /// A failed call: what came back, then its explanation (or an honest "not recognised").
    public static func problem(_ ctx: DoctorContext, _ problem: CallProblem) -> [String] {
        var answer: String
        if let status = problem.httpStatus {
            answer = "HTTP \(status)"
            if let code = problem.codeRetour { answer += " · codeRetour \(code) \(problem.libelle ?? "")" }
        } else {
            answer = problem.transport ?? "?"
        }
        var lines = [ctx.style.red(ctx.strings("session.call_failed", ["call": problem.call, "answer": answer]))]
        if let diagnosis = problem.diagnosis {
            let renderer = CheckTextRenderer(strings: ctx.strings, style: ctx.style, verbose: false)
            lines += renderer.render(diagnosis).map { "  " + $0 }
        } else {
            lines.append("  " + ctx.strings("session.call_unexplained"))
        }
        return lines
    }

    /// The exchanges of a session, for `--verbose` (already redacted when recorded).
    public static func exchanges(_ ctx: DoctorContext, _ log: ExchangeLog) -> [String] {
        log.all.flatMap { ExchangeText.lines($0).map { "  " + ctx.style.dim($0) } }
    }
}
