import Foundation

/// `chorus-doctor lookup`: a structure as Chorus Pro knows it (id, name, status, what invoices to it must carry),
/// its services through every page, and whether one service exists, is active and needs a commitment number.
///
/// Exit status: 0 when invoices can be addressed this way; 1 when the structure is unknown or inactive, the service
/// unknown or inactive, or a call failed; 2 for a bad identifier; 3 for an unreadable profile or dataset.
public enum LookupFlow {
    public struct Options: Sendable {
        public var profile: String
        /// The identifier searched for; nil when `entity` names a dataset structure instead.
        public var identifier: String?
        /// `typeIdentifiantStructure`: SIRET, UE_HORS_FRANCE, HORS_UE, RIDET, TAHITI, AUTRE, PARTICULIER.
        public var identifierType: String
        public var service: String?
        /// A dataset entity (`supplier`, `recipient-service-required`…) whose identifier is looked up.
        public var entity: String?
        /// The imported dataset to read `entity` from (default: the only one).
        public var dataset: String?
        public var json: Bool
        public var verbose: Bool
        public var timeout: Duration
        public var caBundle: String?
        public var pageSize: Int

        public init(
            profile: String, identifier: String?, identifierType: String = "SIRET", service: String? = nil,
            entity: String? = nil, dataset: String? = nil, json: Bool = false, verbose: Bool = false,
            timeout: Duration = .seconds(15), caBundle: String? = nil, pageSize: Int = 100
        ) {
            self.profile = profile
            self.identifier = identifier
            self.identifierType = identifierType
            self.service = service
            self.entity = entity
            self.dataset = dataset
            self.json = json
            self.verbose = verbose
            self.timeout = timeout
            self.caBundle = caBundle
            self.pageSize = pageSize
        }
    }

    /// The identifier types the Structures API accepts.
    public static let identifierTypes = [
        "SIRET", "UE_HORS_FRANCE", "HORS_UE", "RIDET", "TAHITI", "AUTRE", "PARTICULIER",
    ]

    public static func execute(_ ctx: DoctorContext, options: Options) async -> ExitStatus {
        // Every `chorus-doctor …` command it prints (fixes, next steps) names the profile in use.
        let ctx = ctx.scoped(toProfile: options.profile)
        let query: LookupReport.Query
        switch resolveQuery(ctx, options) {
        case .success(let value): query = value
        case .failure(let refusal):
            ctx.console.showError(refusal.message + "\n")
            return refusal.status
        }
        let profile: ResolvedProfile
        do {
            profile = try CheckFlow.loadProfile(ctx, name: options.profile)
        } catch {
            ctx.console.showError(error.message + "\n")
            return error.status
        }
        var report = LookupReport(
            profile: profile.name, environment: profile.environment.value.rawValue, query: query)
        report.notes = LookupNotes.before(ctx, report)
        // The calls may take a while (every page of services): a spinner on a terminal, wiped before the answer.
        let progress = ProgressIndicator(ctx, machineOutput: options.json)
        let strings = ctx.strings
        progress.begin { strings("lookup.progress", ["identifier": query.identifier, "seconds": String($0)]) }
        switch await PlatformSession.open(ctx, profile: profile, timeout: options.timeout, caBundle: options.caBundle) {
        case .failure(let unavailable):
            progress.end()
            report.problem = CallProblem(
                call: "session-\(unavailable.stage.rawValue)", diagnosis: unavailable.result.diagnosis(in: ctx.strings))
            if options.json {
                ctx.console.out(json(report) + "\n")
            } else {
                ctx.console.show(SessionText.unavailable(ctx, unavailable, profile: profile.name))
            }
            return .checkFailed
        case .success(let session):
            let directory = StructureDirectory(
                session: session, explainer: ctx.library.explainer, language: ctx.language,
                pageSize: max(1, options.pageSize))
            await fill(&report, directory: directory)
            progress.end()
            report.notes += LookupNotes.after(ctx, report)
            if options.verbose { report.exchanges = session.log.all }
        }
        if options.json {
            ctx.console.out(json(report) + "\n")
        } else {
            ctx.console.show(LookupText(ctx: ctx).render(report))
        }
        return report.verdict.isUsable ? .ok : .checkFailed
    }

    /// Runs the calls and sets the verdict.
    static func fill(_ report: inout LookupReport, directory: StructureDirectory) async {
        let query = report.query
        switch await directory.search(query.identifier, type: query.identifierType) {
        case .failure(let problem): return fail(&report, problem)
        case .success(nil): report.verdict = .notFound
        case .success(let found?):
            report.structure = found
            switch await directory.details(found) {
            case .failure(let problem): return fail(&report, problem)
            case .success(let detailed): report.structure = detailed
            }
            switch await directory.services(of: found.idStructureCPP) {
            case .failure(let problem): return fail(&report, problem)
            case .success(let services): report.services = services
            }
            report.verdict = found.status.uppercased() == "INACTIVE" ? .inactive : .found
            if let code = query.service, report.verdict == .found {
                await checkService(code, &report, directory: directory)
            }
        }
    }

    static func checkService(_ code: String, _ report: inout LookupReport, directory: StructureDirectory) async {
        let services = report.services ?? []
        let match =
            services.first { $0.code == code }
            ?? services.first { $0.code.caseInsensitiveCompare(code) == .orderedSame }
        guard let match else {
            report.service = LookupReport.ServiceCheck(
                code: code, exists: false, suggestions: ServiceCodes.closest(to: code, in: services.map(\.code)))
            report.verdict = .serviceUnknown
            return
        }
        var check = LookupReport.ServiceCheck(
            code: match.code, exists: true, active: match.active, id: match.id, label: match.label, suggestions: [])
        guard match.active else {
            report.service = check
            report.verdict = .serviceInactive
            return
        }
        switch await directory.commitmentRequired(service: match.id, structure: report.structure!.idStructureCPP) {
        case .failure(let problem):
            report.service = check
            return fail(&report, problem)
        case .success(let required): check.commitmentRequired = required
        }
        report.service = check
        report.verdict = .serviceOK
    }

    static func fail(_ report: inout LookupReport, _ problem: CallProblem) {
        report.problem = problem
        report.verdict = .failed
    }

    static func json(_ report: LookupReport) -> String {
        (try? CheckReport.encoder().encode(report)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A refusal already worded for the user.
    struct Refusal: Error {
        var message: String
        var status: ExitStatus
    }

    /// The identifier from the options or from the dataset entity, checked before anything is sent.
    static func resolveQuery(_ ctx: DoctorContext, _ options: Options) -> Result<LookupReport.Query, Refusal> {
        let type = options.identifierType.uppercased()
        guard identifierTypes.contains(type) else {
            let list = identifierTypes.joined(separator: ", ")
            return .failure(
                Refusal(message: ctx.strings("lookup.bad_type", ["type": type, "list": list]), status: .usage))
        }
        var identifier = options.identifier?.trimmingCharacters(in: .whitespaces) ?? ""
        var identifierType = type
        if let entity = options.entity {
            switch DatasetSelection.entry(ctx, dataset: options.dataset, entity: entity) {
            case .failure(let refusal): return .failure(Refusal(message: refusal.message, status: refusal.status))
            case .success(let entry):
                identifier = entry.identifier
                identifierType = entry.identifierType
            }
        }
        guard !identifier.isEmpty else {
            return .failure(Refusal(message: ctx.strings("lookup.no_identifier"), status: .usage))
        }
        if identifierType == "SIRET" {
            switch FieldValidation.siret(identifier) {
            case .success(let siret): identifier = siret
            case .failure(let problem):
                return .failure(Refusal(message: ctx.strings(problem.key, problem.values), status: .usage))
            }
        }
        return .success(
            LookupReport.Query(
                identifier: identifier, identifierType: identifierType, service: options.service, entity: options.entity
            ))
    }
}

extension CallProblem {
    /// A problem that is not one call's answer (the session could not be opened).
    public init(call: String, diagnosis: Diagnosis?) {
        self.call = call
        self.diagnosis = diagnosis
    }
}

/// Service codes close to a mistyped one.
enum ServiceCodes {
    static func closest(to code: String, in codes: [String], limit: Int = 3) -> [String] {
        let wanted = code.uppercased()
        let scored = codes.map { candidate -> (String, Int) in
            let upper = candidate.uppercased()
            if upper.hasPrefix(wanted) || wanted.hasPrefix(upper) { return (candidate, 0) }
            return (candidate, distance(Array(wanted), Array(upper)))
        }
        return scored.filter { $0.1 <= max(2, wanted.count / 3) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(limit).map(\.0)
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
