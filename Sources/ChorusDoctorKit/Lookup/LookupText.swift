import Foundation

/// Notes `lookup` adds about the environment and the imported dataset.
enum LookupNotes {
    /// Known before any call: what qualification can and cannot answer.
    static func before(_ ctx: DoctorContext, _ report: LookupReport) -> [LookupReport.Note] {
        guard report.environment == PlatformEnvironment.sandbox.rawValue else { return [] }
        return [note(ctx, "qualification")]
    }

    /// Known from the answers: why a structure may be missing, and whether it is in the imported dataset.
    static func after(_ ctx: DoctorContext, _ report: LookupReport) -> [LookupReport.Note] {
        var notes: [LookupReport.Note] = []
        let sandbox = report.environment == PlatformEnvironment.sandbox.rawValue
        if report.verdict == .notFound {
            notes.append(note(ctx, sandbox ? "unknown_in_qualification" : "unknown_in_production"))
        }
        if report.problem?.httpStatus == 403 { notes.append(note(ctx, "structures_api")) }
        if sandbox, report.query.entity == nil {
            let datasets = DatasetStore(paths: ctx.paths).loadAll()
            let known = datasets.contains { $0.entries.contains { $0.identifier == report.query.identifier } }
            if !datasets.isEmpty, !known {
                notes.append(note(ctx, "not_in_dataset", ["names": datasets.map(\.name).joined(separator: ", ")]))
            }
        }
        return notes
    }

    static func note(_ ctx: DoctorContext, _ id: String, _ values: [String: String] = [:]) -> LookupReport.Note {
        LookupReport.Note(id: id, text: ctx.strings("lookup.note.\(id)", values))
    }
}

/// The human rendering of a `lookup`.
struct LookupText {
    var ctx: DoctorContext

    func render(_ report: LookupReport) -> String {
        let style = ctx.style
        var lines = [
            style.bold(
                ctx.strings(
                    "lookup.header",
                    [
                        "identifier": report.query.identifier, "type": report.query.identifierType,
                        "profile": report.profile, "environment": ctx.strings("environment.\(report.environment)"),
                    ]))
        ]
        if let entity = report.query.entity {
            lines.append(style.dim(ctx.strings("lookup.from_entity", ["entity": entity])))
        }
        if let structure = report.structure { lines += self.structure(structure) }
        if let services = report.services { lines += self.services(services) }
        if let check = report.service { lines.append(service(check)) }
        if let problem = report.problem { lines += SessionText.problem(ctx, problem) }
        for note in report.notes { lines.append(style.dim(ctx.strings("lookup.note") + " " + note.text)) }
        if let exchanges = report.exchanges {
            lines += exchanges.flatMap { ExchangeText.lines($0).map { "  " + style.dim($0) } }
        }
        lines.append(verdict(report))
        return lines.joined(separator: "\n") + "\n"
    }

    func structure(_ structure: LookupReport.Structure) -> [String] {
        func yesNo(_ flag: Bool?) -> String { flag.map { ctx.strings($0 ? "lookup.yes" : "lookup.no") } ?? "?" }
        var status = structure.status
        if let kind = structure.kind { status += " · " + ctx.strings("lookup.kind.\(kind.lowercased())") }
        return [
            row("lookup.field.id", String(structure.idStructureCPP)), row("lookup.field.name", structure.name),
            row("lookup.field.status", status),
            row(
                "lookup.field.requires",
                ctx.strings(
                    "lookup.requirements",
                    [
                        "service": yesNo(structure.serviceCodeRequired), "ej": yesNo(structure.commitmentRequired),
                        "either": yesNo(structure.commitmentOrServiceRequired),
                    ])),
        ]
    }

    func services(_ services: [LookupReport.Service]) -> [String] {
        let active = services.filter(\.active)
        guard !services.isEmpty else { return [ctx.strings("lookup.services.none")] }
        var lines = [
            ctx.style.bold(
                ctx.strings(
                    "lookup.services.header",
                    [
                        "active": String(active.count), "total": String(services.count),
                        "inactive": String(services.count - active.count),
                    ]))
        ]
        let width = min(24, active.map(\.code.count).max() ?? 0)
        lines += active.map {
            "  " + $0.code.padding(toLength: max(width, $0.code.count), withPad: " ", startingAt: 0) + "  " + $0.label
        }
        return lines
    }

    func service(_ check: LookupReport.ServiceCheck) -> String {
        guard check.exists else {
            let key = check.suggestions.isEmpty ? "lookup.service.unknown" : "lookup.service.unknown_close"
            return ctx.style.red(
                ctx.strings(key, ["code": check.code, "close": check.suggestions.joined(separator: ", ")]))
        }
        guard check.active == true else {
            return ctx.style.red(ctx.strings("lookup.service.inactive", ["code": check.code]))
        }
        let key: String
        switch check.commitmentRequired {
        case true?: key = "lookup.service.ok_ej"
        case false?: key = "lookup.service.ok_no_ej"
        case nil: key = "lookup.service.ok_ej_unknown"
        }
        return ctx.style.green(ctx.strings(key, ["code": check.code, "label": check.label ?? ""]))
    }

    func verdict(_ report: LookupReport) -> String {
        let text = ctx.strings("lookup.verdict.\(report.verdict.rawValue)")
        return report.verdict.isUsable ? ctx.style.green(text) : ctx.style.red(ctx.style.bold(text))
    }

    func row(_ key: String, _ value: String) -> String {
        "  " + ctx.strings(key).padding(toLength: 18, withPad: " ", startingAt: 0) + " " + value
    }
}
