import Foundation

/// The files of a support bundle: the report (Markdown and JSON), the latest run's exchanges as HAR, the profile
/// with secrets replaced, the checklist state, the environment, the last runs' summaries, a README, and a manifest
/// with the SHA-256 of every other file. Every file goes through one `RedactingSink`: secrets never show; identifiers
/// show whole only in the support ticket of `report.md` and `report.json`.
public struct SupportBundle: Sendable {
    public var report: SupportReport
    public var material: ReportMaterial
    public var strings: Strings
    public var redactor: Redactor
    /// How many runs `runs.json` summarises, newest first.
    public var runCount: Int

    /// The files in bundle order; `manifest.json` comes last.
    public static let fileNames = [
        "README.txt", "report.md", "report.json", "exchanges.har", "profile.yaml", "checklist.json", "environment.json",
        "runs.json", "manifest.json",
    ]

    /// The manifest's schema.
    public static let manifestSchema = "chorus-doctor.bundle/1"

    public init(report: SupportReport, material: ReportMaterial, strings: Strings, redactor: Redactor, runCount: Int) {
        self.report = report
        self.material = material
        self.strings = strings
        self.redactor = redactor
        self.runCount = runCount
    }

    /// What a file holds, in the report's language (for `README.txt` and `--preview`).
    public func describe(_ name: String) -> String {
        strings("bundle.file.\(name.replacingOccurrences(of: ".", with: "_"))")
    }

    /// Every file of the bundle, in `fileNames` order, each through one `RedactingSink`.
    public func files() throws -> [RedactedFile] {
        var sink = RedactingSink(redactor: redactor, identifiers: material.identifiers)
        sink.add("README.txt", text: readme())
        // The report's values were masked one by one as it was built, but for its ticket's identifiers.
        sink.add(
            "report.md", text: ReportFormat.markdown.render(report, strings: strings), policy: .showingIdentifiers)
        sink.add("report.json", text: ReportFormat.json.render(report, strings: strings), policy: .showingIdentifiers)
        let har = HARDocument(
            exchanges: material.latest.exchanges, toolVersion: material.latest.toolVersion,
            comment: "\(material.latest.profile) · \(ReportDate.precise(material.latest.startedAt))")
        sink.add("exchanges.har", text: har.json())
        let profile = material.profile.map { RedactedProfile.yaml($0, strings: strings) }
        sink.add(
            "profile.yaml",
            text: profile ?? "# " + strings("bundle.profile.unavailable", ["profile": report.profile]) + "\n")
        try sink.add("checklist.json", json: report.checklist)
        try sink.add(
            "environment.json",
            json: EnvironmentFile(system: report.system, connection: report.connection, generatedAt: report.generatedAt)
        )
        try sink.add(
            "runs.json",
            json: RunsFile(
                profile: report.profile, runs: material.history.runs.suffix(runCount).reversed().map(RunsFile.Run.init))
        )
        let entries = sink.files.map {
            Manifest.Entry(name: $0.name, bytes: $0.data.count, sha256: Checksum.sha256($0.data))
        }
        try sink.add(
            "manifest.json",
            json: Manifest(
                schema: Self.manifestSchema, createdAt: report.generatedAt, profile: report.profile,
                toolVersion: report.system.toolVersion, files: entries))
        return sink.files
    }

    func readme() -> String {
        var lines = [
            strings("bundle.readme.title", ["profile": report.profile, "date": ReportDate.text(report.generatedAt)]),
            "",
        ]
        lines.append(strings("bundle.readme.redaction"))
        lines.append("")
        for name in Self.fileNames {
            lines.append("  \(name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(describe(name))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `manifest.json`: the SHA-256 and size of every other file of the bundle.
    public struct Manifest: Sendable, Codable, Equatable {
        public var schema: String
        public var createdAt: Date
        public var profile: String
        public var toolVersion: String
        public var files: [Entry]

        /// One file: its name in the bundle, size and SHA-256 (hex).
        public struct Entry: Sendable, Codable, Equatable {
            public var name: String
            public var bytes: Int
            public var sha256: String
        }
    }

    /// `environment.json`: the machine, and whether a proxy was in use (its host only).
    struct EnvironmentFile: Codable {
        var system: SystemSnapshot
        /// `profile` (its `ca_bundle`) or `libcurl-default` (the system's CA store).
        var caBundleSource: String
        var proxyInUse: Bool
        var proxyHost: String?
        var generatedAt: Date

        init(system: SystemSnapshot, connection: SupportReport.Connection, generatedAt: Date) {
            self.system = system
            self.caBundleSource = system.caBundle == nil ? "libcurl-default" : "profile"
            self.proxyInUse = connection.proxyInUse
            self.proxyHost = connection.proxyHost
            self.generatedAt = generatedAt
        }
    }

    /// `runs.json`: one line per kept run, newest first.
    struct RunsFile: Codable {
        var profile: String
        var runs: [Run]

        struct Run: Codable {
            var startedAt: Date
            var status: StageStatus
            var firstFailure: StageID?
            var diagnosisId: String?
            var durationMs: Double
            var toolVersion: String
            var environment: String
            var tokenHost: String?
            var apiHost: String?
            var proxy: String?
            var stages: [String: StageStatus]

            init(_ report: CheckReport) {
                startedAt = report.startedAt
                status = report.summary.status
                firstFailure = report.summary.firstFailure
                diagnosisId = report.summary.diagnosisId
                durationMs = report.durationMs
                toolVersion = report.toolVersion
                environment = report.environment
                tokenHost = report.tokenHost
                apiHost = report.apiHost
                proxy = report.proxy
                stages = Dictionary(report.stages.map { ($0.id.rawValue, $0.status) }) { $1 }
            }
        }
    }
}
