import ChorusDoctorKit
import ChorusSimulator
import ChorusTestSupport
import Foundation

/// The lookup / flow / explain / dataset / fleet tests run the binary through the one runner (`ChorusBinary`).
typealias BeyondRun = ChorusBinary.Result

/// A temporary HOME with profiles pointing at a simulator run as its own process (`chorus-doctor sim --port 0
/// --save-profile default`): what a user runs, and independent of the test process's thread pool.
struct BeyondHome: Stoppable {
    let url: URL
    let simulator: Process
    /// The profile the simulator wrote (its demo values), kept in memory: the file is removed.
    let template: ProfileDocument

    /// Starts the simulator for `scenario` in a new HOME with one profile per name, runs `body`, then stops the
    /// simulator and removes the HOME, awaited, whatever `body` did.
    @discardableResult
    static func with<Value>(
        _ scenario: Scenario = .healthy, profiles: [String] = ["default"], _ body: (BeyondHome) async throws -> Value
    ) async throws -> Value {
        try await start(scenario, profiles: profiles).stopped(after: body)
    }

    /// The simulator started and its profile written; on a failure on the way, what was started is stopped.
    private static func start(_ scenario: Scenario, profiles: [String]) async throws -> BeyondHome {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-beyond-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let simulator: Process
        do { simulator = try await launch(scenario, home: url) } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        let store = ProfileStore(paths: Paths(environment: ["HOME": url.path]))
        do {
            guard let template = try store.load("template") else { throw CocoaError(.fileNoSuchFile) }
            try store.delete("template")
            for name in profiles { try store.save(template, as: name) }
            return BeyondHome(url: url, simulator: simulator, template: template)
        } catch {
            await BeyondHome(url: url, simulator: simulator, template: ProfileDocument()).stop()
            throw error
        }
    }

    /// Starts the simulator and waits (at most 20 s) until it has written its profile.
    static func launch(_ scenario: Scenario, home: URL) async throws -> Process {
        let process = Process()
        process.executableURL = ChorusBinary.url
        process.arguments = ["sim", "--port", "0", "--scenario", scenario.rawValue, "--save-profile", "template"]
        process.environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "NO_COLOR": "1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let profile = Paths(environment: ["HOME": home.path]).profileFile("template")
        _ = await Poll.until(every: .milliseconds(50), limit: .seconds(20)) {
            FileManager.default.fileExists(atPath: profile.path) || !process.isRunning
        }
        guard FileManager.default.fileExists(atPath: profile.path) else {
            process.terminate()
            await ProgramRun.exit(of: process)
            throw CocoaError(.fileNoSuchFile)
        }
        return process
    }

    var store: ProfileStore { ProfileStore(paths: Paths(environment: ["HOME": url.path])) }

    /// Saves a profile with the simulator's values, changed by `change`.
    func saveProfile(_ name: String, _ change: (inout ProfileDocument) -> Void = { _ in }) throws {
        var document = template
        change(&document)
        try store.save(document, as: name)
    }

    var secrets: [String] { [template.clientSecret, template.technicalPassword].compactMap { $0 } }

    func run(_ arguments: [String], env: [String: String] = [:], stdin: String? = nil) async throws -> BeyondRun {
        try await ChorusBinary.run(arguments, home: url, env: env, stdin: stdin)
    }

    /// Stops the simulator (SIGTERM, its own process only) and removes the HOME.
    func stop() async {
        simulator.terminate()
        await ProgramRun.exit(of: simulator)
        try? FileManager.default.removeItem(at: url)
    }
}
