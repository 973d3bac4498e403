import Foundation
import Testing

/// The built `chorus-doctor` executable, run as a user would: its own process, environment, stdin, exit code.
struct ChorusBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
        var all: String { stdout + stderr }
        /// Standard output with its wrapping undone (every run of spaces and line breaks one space), for tests
        /// that read a sentence.
        var flowing: String { Self.unwrapped(stdout) }
        /// Standard error with its wrapping undone, likewise.
        var flowingErrors: String { Self.unwrapped(stderr) }

        static func unwrapped(_ text: String) -> String {
            text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        }
    }

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

    /// Runs the binary on a dedicated thread: the waits never block Swift's cooperative pool, which the
    /// in-process simulator needs to answer.
    static func run(
        _ arguments: [String], home: URL, env extra: [String: String] = [:], stdin: String? = nil,
        executable: URL? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Swift.Result {
                        try runBlocking(arguments, home: home, env: extra, stdin: stdin, executable: executable)
                    })
            }
            thread.start()
        }
    }

    private static func runBlocking(
        _ arguments: [String], home: URL, env extra: [String: String] = [:], stdin: String? = nil,
        executable: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? url
        process.arguments = arguments
        process.environment = environment(home: home, extra)
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        let started = Date()
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        let collected = Collected()
        let reader = Thread { collected.read(out) }
        reader.start()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        collected.done.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: collected.out, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), seconds: Date().timeIntervalSince(started))
    }

    private final class Collected: @unchecked Sendable {
        var out = Data()
        let done = DispatchSemaphore(value: 0)
        func read(_ pipe: Pipe) {
            out = pipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
    }
}

/// A temporary HOME for one test.
/// A bundle archive (`.tar.gz`) unpacked with the system's tar, as support would open it.
enum SupportArchive {
    /// Unpacks `archive` into a new folder `directory`; returns tar's exit status.
    @discardableResult
    static func unpack(_ archive: URL, into directory: URL) throws -> Int32 {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "-xzf", archive.path, "-C", directory.path]
        try tar.run()
        tar.waitUntilExit()
        return tar.terminationStatus
    }
}

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

/// Golden files under Tests/EndToEndTests/Golden, re-recorded with CHORUS_RECORD_GOLDEN=1.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        let record = ProcessInfo.processInfo.environment["CHORUS_RECORD_GOLDEN"] == "1"
        if record || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            if !record {
                Issue.record(
                    "golden file \(name) was missing and is now recorded: review and commit it",
                    sourceLocation: sourceLocation)
            }
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(
            actual == expected, "output differs from Golden/\(name) (CHORUS_RECORD_GOLDEN=1 re-records)",
            sourceLocation: sourceLocation)
    }
}
