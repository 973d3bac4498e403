import ChorusTestSupport
import Foundation
import Testing

/// The built `chorus-doctor` executable, run as a user would: its own process, environment, stdin, exit code.
struct ChorusBinary {
    typealias Result = ProgramRun.Result

    /// The products directory holding the test bundle also holds the executable.
    static let url: URL = {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL)
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug"))
        for directory in candidates {
            let url = directory.appendingPathComponent("chorus-doctor")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates.last!.appendingPathComponent("chorus-doctor")
    }()

    /// A clean environment: a temporary HOME, no CHORUS_* from the developer's shell, English unless asked.
    static func environment(home: URL, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "NO_COLOR": "1"]
        environment.merge(extra) { $1 }
        return environment
    }

    /// Runs the binary to its end (`ProgramRun`: on a thread of its own, so the waits never block Swift's
    /// cooperative pool, which the in-process simulator needs to answer).
    static func run(
        _ arguments: [String], home: URL, env extra: [String: String] = [:], stdin: String? = nil,
        executable: URL? = nil
    ) async throws -> Result {
        try await ProgramRun.run(
            executable ?? url, arguments, environment: environment(home: home, extra), stdin: stdin)
    }
}

/// A bundle archive (`.tar.gz`) unpacked with the system's tar, as support would open it.
enum SupportArchive {
    /// Unpacks `archive` into a new folder `directory`; returns tar's exit status.
    @discardableResult
    static func unpack(_ archive: URL, into directory: URL) async throws -> Int32 {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try await ProgramRun.run(tool: "tar", ["-xzf", archive.path, "-C", directory.path]).status
    }
}

/// A temporary HOME for one test.
struct TemporaryHome {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    var profiles: URL { url.appendingPathComponent(".config/chorus-doctor/profiles") }
    var state: URL { url.appendingPathComponent(".local/state/chorus-doctor") }

    /// Every file under HOME, as text (for secret searches).
    func everyFile() -> [(String, String)] {
        var files: [(String, String)] = []
        let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
        while let file = walker?.nextObject() as? URL {
            if let data = try? Data(contentsOf: file) {
                files.append((file.path, String(decoding: data, as: UTF8.self)))
            }
        }
        return files
    }

    func mode(_ file: URL) -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        return (attributes?[.posixPermissions] as? Int) ?? -1
    }
}

extension Golden {
    /// Tests/EndToEndTests/Golden.
    static let endToEnd = Golden(
        directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Golden"), label: "Golden/")
}
