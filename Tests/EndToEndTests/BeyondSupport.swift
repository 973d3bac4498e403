import ChorusDoctorKit
import ChorusSimulator
import Dispatch
import Foundation

/// The built binary run as a user would, for the lookup / flow / explain / dataset / fleet tests: its own
/// process, a temporary HOME, a clean environment, stdin, exit code.
struct BeyondRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The executable next to the test bundle (both are in the build products directory).
    static let binary: URL = {
        let directories = [
            Bundle.main.executableURL?.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ].compactMap { $0 }
        let found = directories.map { $0.appendingPathComponent("chorus-doctor") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return found ?? directories[0].appendingPathComponent("chorus-doctor")
    }()

    /// Runs on a thread of its own, so that waiting never blocks the pool the in-process simulator answers from.
    static func run(_ arguments: [String], home: URL, env: [String: String] = [:], stdin: String? = nil) async throws
        -> BeyondRun
    {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try runBlocking(arguments, home: home, env: env, stdin: stdin) })
            }.start()
        }
    }

    static func runBlocking(_ arguments: [String], home: URL, env: [String: String], stdin: String?) throws -> BeyondRun
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "NO_COLOR": "1"]
            .merging(env) { $1 }
        let (out, err, input) = (Pipe(), Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        let outData = Locked()
        let group = DispatchGroup()
        group.enter()
        Thread {
            outData.data = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }.start()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return BeyondRun(
            status: process.terminationStatus, stdout: String(decoding: outData.data, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    private final class Locked: @unchecked Sendable {
        var data = Data()
    }
}

/// A temporary HOME with profiles pointing at a running simulator.
struct BeyondHome {
    let url: URL
    let simulator: RunningSimulator

    static func start(_ scenario: Scenario = .healthy, profiles: [String] = ["default"]) async throws -> BeyondHome {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-beyond-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let simulator = try await Simulator.start(scenario: scenario)
        let home = BeyondHome(url: url, simulator: simulator)
        for name in profiles { try home.saveProfile(name) }
        return home
    }

    func saveProfile(_ name: String, _ change: (inout ProfileDocument) -> Void = { _ in }) throws {
        let credentials = simulator.demoCredentials()
        var document = ProfileDocument()
        document.environment = "sandbox"
        document.tokenURL = credentials.tokenURL.absoluteString
        document.apiBaseURL = credentials.apiBaseURL.absoluteString
        document.clientID = credentials.clientID
        document.clientSecret = credentials.clientSecret
        document.technicalLogin = credentials.technicalLogin
        document.technicalPassword = credentials.technicalPassword
        document.siret = credentials.siret
        document.technicalPasswordExpiry = credentials.technicalPasswordExpiry.map(CalendarDay.format)
        change(&document)
        try ProfileStore(paths: Paths(environment: ["HOME": url.path])).save(document, as: name)
    }

    var secrets: [String] {
        let credentials = simulator.demoCredentials()
        return [credentials.clientSecret, credentials.technicalPassword]
    }

    func run(_ arguments: [String], env: [String: String] = [:], stdin: String? = nil) async throws -> BeyondRun {
        try await BeyondRun.run(arguments, home: url, env: env, stdin: stdin)
    }

    func stop() async {
        await simulator.stop()
        try? FileManager.default.removeItem(at: url)
    }
}
