import Foundation

/// Keeps each check's report under the XDG state directory (`runs/<profile>/`), never with a secret in it,
/// for `report`, `bundle` and "what changed since it last worked".
public struct RunStore: Sendable {
    public let paths: Paths
    public let redactor: Redactor
    /// Runs kept per profile; older ones are removed.
    public var keep = 50

    public init(paths: Paths, redactor: Redactor) {
        self.paths = paths
        self.redactor = redactor
    }

    /// Writes the run redacted whole (its facts and exchanges were redacted as they were captured, before they were
    /// cut; this pass covers the rest: findings, fingerprint, proxy…), stamped with the rules it was redacted with.
    @discardableResult
    public func save(_ report: CheckReport) throws -> URL {
        var report = report
        report.redactionRules = Redactor.rulesVersion
        let data = try CheckReport.keepingEncoder().encode(report)
        let text = redactor.redact(String(decoding: data, as: UTF8.self))
        let url = paths.runs(profile: report.profile).appendingPathComponent(
            RunFileName.stem(for: report.startedAt) + ".json")
        try AtomicFile.write(Data(text.utf8), to: url, mode: 0o600)
        prune(report.profile)
        return url
    }

    /// Run files of a profile, oldest first.
    public func files(profile: String) -> [URL] {
        let directory = paths.runs(profile: profile)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map {
            directory.appendingPathComponent($0)
        }
    }

    /// A kept run, as it was written. One kept under this version's rules (`CheckReport.redactionRules`) is
    /// redacted; what reads an older one redacts the values it takes from it (`SupportReportBuilder`).
    public func load(_ url: URL) throws -> CheckReport {
        try CheckReport.decoder().decode(CheckReport.self, from: Data(contentsOf: url))
    }

    /// The most recent run, if any (unreadable files are skipped).
    public func latest(profile: String) -> CheckReport? {
        for url in files(profile: profile).reversed() {
            if let report = try? load(url) { return report }
        }
        return nil
    }

    /// The most recent run that did not fail, before `date`.
    public func lastPassing(profile: String, before date: Date) -> CheckReport? {
        for url in files(profile: profile).reversed() {
            if let report = try? load(url), report.passed, report.startedAt < date { return report }
        }
        return nil
    }

    private func prune(_ profile: String) {
        let all = files(profile: profile)
        guard all.count > keep else { return }
        for url in all.prefix(all.count - keep) { try? FileManager.default.removeItem(at: url) }
    }
}
