import ChorusDemo
import ChorusSimulator
import ChorusTestSupport
import ChorusTransport
import Foundation
import Testing

@testable import ChorusDoctorKit

/// A running simulator and a test context (temporary HOME) with profiles pointing at it.
struct SimulatedProfiles {
    let simulator: RunningSimulator
    let test: TestContext

    var context: DoctorContext { test.context }
    var console: BufferConsole { test.console }

    /// Starts `scenario`, saves one profile per name (all holding the simulator's demo credentials), runs `body`,
    /// then stops the simulator and removes the temporary HOME, awaited, whatever `body` did.
    @discardableResult
    static func with<Value>(
        _ scenario: Scenario = .healthy, profiles: [String] = ["default"], language: Language = .en,
        terminal: Bool = false, environment: [String: String] = [:], variants: [PlatformVariant] = [],
        _ body: (SimulatedProfiles) async throws -> Value
    ) async throws -> Value {
        try await withSimulator(scenario, variants: variants) { simulator in
            let test = try TestContext(
                language: language, environment: environment, terminal: terminal, loopback: true)
            defer { test.cleanUp() }
            let document = Self.document(simulator.demoCredentials())
            for name in profiles { try ProfileStore(paths: test.context.paths).save(document, as: name) }
            return try await body(SimulatedProfiles(simulator: simulator, test: test))
        }
    }

    /// A profile document with the simulator's values (what `sim --save-profile` writes).
    static func document(_ credentials: DemoCredentials) -> ProfileDocument { DemoProfile.document(credentials) }

    /// Every secret the profiles hold, to search outputs for.
    var secrets: [String] {
        let credentials = simulator.demoCredentials()
        return [
            credentials.clientSecret, credentials.technicalPassword,
            Data("\(credentials.technicalLogin):\(credentials.technicalPassword)".utf8).base64EncodedString(),
        ]
    }
}
