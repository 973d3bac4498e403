import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// A temporary HOME several commands share, each with its own context and redactor, as separate processes would:
/// `check` in one, `report` and `bundle` in others that know only what they read back.
struct ReportHome {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    var environment: [String: String] { ["HOME": url.path] }
    var paths: Paths { Paths(environment: environment) }

    /// A fresh "process": buffer console, new redactor, a fixed date; time is virtual with a scripted transport
    /// (its calls take none), real against a server.
    func command(
        language: Language = .en, now: Date = ReportFixture.reportTime, transport: (any HTTPTransport)? = nil
    ) throws -> (ctx: DoctorContext, console: BufferConsole) {
        let redactor = Redactor()
        let console = BufferConsole(redactor: redactor)
        let fixed = transport
        let ctx = DoctorContext(
            console: console, environment: environment, paths: paths,
            clock: transport == nil ? FixedDateTime(now) : VirtualTime(start: now),
            strings: Strings(language: language), library: .embedded, redactor: redactor,
            makeTransport: { fixed ?? CurlTransport(options: $0) })
        return (ctx, console)
    }

    func saveProfile(_ document: ProfileDocument, as name: String = ReportFixture.profileName) throws {
        try ProfileStore(paths: paths).save(document, as: name)
    }

    /// Every file under HOME but the profiles (which hold the secrets by design), with its bytes.
    func filesOutsideProfiles() -> [(path: String, data: Data)] {
        FileTree.files(under: url).filter { !$0.path.hasPrefix(paths.profiles.path) }
    }
}

enum FileTree {
    static func files(under root: URL) -> [(path: String, data: Data)] {
        var found: [(String, Data)] = []
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            if let data = try? Data(contentsOf: url) { found.append((url.path, data)) }
        }
        return found.sorted { $0.0 < $1.0 }
    }
}

/// Fixed values for report tests: a profile, a machine, dates.
enum ReportFixture {
    static let profileName = "acme"
    static let iban = "FR7630006000011234567890189"
    static let clientID = "739d71f6-9427-4021-bec2-fd73255afa33"
    static let login = "TECH_1_00000000012345@cpp2017.fr"

    /// 2026-11-20 09:00 UTC: the day it worked.
    static let workedTime = CalendarDay.parse("2026-11-20")!.addingTimeInterval(9 * 3600)
    /// 2026-11-21 09:00 UTC: the day it fails.
    static let failedTime = CalendarDay.parse("2026-11-21")!.addingTimeInterval(9 * 3600)
    /// 2026-11-21 09:30 UTC: when the report is made.
    static let reportTime = failedTime.addingTimeInterval(1800)

    static let system = SystemSnapshot(
        toolVersion: "0.1.0", os: "Debian GNU/Linux 12 (bookworm)", kernel: "Linux 6.1.0-28-amd64 x86_64",
        libcurl: "libcurl/7.88.1", tlsBackend: "OpenSSL/3.0.15", caBundle: nil,
        proxyVariables: ["https_proxy", "no_proxy"])

    static func document(
        clientSecret: String = "9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4", password: String = "Qualif-Demo-2024!"
    )
        -> ProfileDocument
    {
        var document = ProfileDocument()
        document.environment = "sandbox"
        document.clientID = clientID
        document.clientSecret = clientSecret
        document.technicalLogin = login
        document.technicalPassword = password
        document.siret = "73282932000074"
        document.technicalPasswordExpiry = "2027-06-30"
        document.pisteApplication = "APP_SANDBOX_compta@acme.example"
        document.userLogin = "claire.martin@acme.example"
        document.iban = iban
        return document
    }

    /// The healthy platform, its structure's password expiring on 2026-11-20 (the day it last worked).
    static var healthy: [String: ScriptedTransport.Answer] {
        var script = ScriptedTransport.healthy
        script["/cpro/structures/v1/consulter"] = .json(
            200,
            #"{"codeRetour":0,"libelle":"TRA_MSG_00.000","informationGenerales":{"idStructureCPP":26017724,"dateExpirationMotPasseCompteTech":"2026-11-20T23:59:00.000+01:00"},"parametres":{"codeServiceDoitEtreRenseigne":false,"numeroEJDoitEtreRenseigne":true}}"#
        )
        return script
    }

    /// The next day: the gateway refuses the technical account.
    static var refusedAccount: [String: ScriptedTransport.Answer] {
        var script = healthy
        let challenge = HTTPHeader(
            "WWW-Authenticate",
            #"Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects""#)
        for path in script.keys where path.hasPrefix("/cpro/") && !path.contains("health") {
            script[path] = .empty(401, headers: [challenge])
        }
        return script
    }

    /// Runs `check` in its own context at `time` and keeps the run, durations made stable for golden files.
    static func keepRun(
        _ home: ReportHome, script: [String: ScriptedTransport.Answer], at time: Date, language: Language = .en
    ) async throws {
        let (ctx, _) = try home.command(language: language, now: time, transport: ScriptedTransport(script))
        let profile = try CheckFlow.loadProfile(ctx, name: profileName)
        var report = await CheckFlow.run(ctx, profile: profile, options: .init(profile: profileName))
        report.durationMs = 321
        for index in report.stages.indices {
            report.stages[index].durationMs = report.stages[index].status == .skip ? 0 : Double(10 + index * 7)
        }
        for index in report.exchanges.indices {
            report.exchanges[index].timings = TransferTimings(
                nameLookupMs: 1, connectMs: 3, tlsHandshakeMs: 9, firstByteMs: 20, totalMs: 24)
        }
        try RunStore(paths: ctx.paths, redactor: ctx.redactor).save(report)
    }

    /// The wizard's progress as issue 3 writes it (only the fields the report reads).
    static let checklistJSON = """
        {"schema":"chorus-doctor.setup/1","profile":"acme","steps":{
          "environment":{"status":"done","at":"2026-11-02T10:00:00Z"},
          "piste-application":{"status":"done","at":"2026-11-02T10:05:00Z"},
          "raccordement":{"status":"waiting","at":"2026-11-03T08:00:00Z","note":"raccordement requested on 2026-11-03"},
          "preferences":{"status":"skipped","at":"2026-11-03T08:10:00Z"}}}
        """

    static func writeChecklist(_ home: ReportHome) throws {
        let url = SetupChecklistState.file(paths: home.paths, profile: profileName)
        try AtomicFile.write(Data(checklistJSON.utf8), to: url, mode: 0o600)
    }
}

extension Golden {
    /// Tests/ChorusDoctorKitTests/Report/Golden.
    static let report = Golden(
        directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden"),
        label: "Report/Golden/")
}

/// The system's own archive tools, to check that what `bundle` writes opens anywhere.
enum ArchiveTool {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `tool` (found on PATH) to its end, off the cooperative pool; throws unless it exits 0.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) async throws -> String {
        let result = try await ProgramRun.run(tool: tool, arguments)
        guard result.status == 0 else {
            throw Failure(
                description: "\(tool) \(arguments.joined(separator: " ")) exited \(result.status): \(result.all)")
        }
        return result.all
    }

    /// Extracts with `unzip` or `tar`, into `directory`.
    static func extract(_ archive: URL, kind: ArchiveKind, into directory: URL) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch kind {
        case .zip: try await run("unzip", ["-q", "-o", archive.path, "-d", directory.path])
        case .tarGz: try await run("tar", ["-xzf", archive.path, "-C", directory.path])
        }
    }
}
